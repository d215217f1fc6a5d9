/* The widget's chat page: the visitor says their name, then talks with the bot and the
   attendants. Plain JavaScript, no build step. Customer and attendant text is only ever set
   with textContent. Settings come from the page's data attributes (the server fills them)
   and the query string the snippet adds (title, color, lang, embedded). */
(function () {
  "use strict";

  var TEXT = {
    pt: {
      subtitle: "Fale com a nossa equipe",
      close: "Fechar o chat",
      intro: "Olá! Para começar, diga como podemos chamar você.",
      name: "Seu nome",
      email: "E-mail",
      optional: "(opcional)",
      start: "Iniciar conversa",
      starting: "Iniciando…",
      messages: "Mensagens",
      ended: "O atendimento foi encerrado. Obrigado pelo contato!",
      restart: "Iniciar nova conversa",
      newChat: "Nova conversa",
      removeFile: "Remover arquivo",
      attach: "Anexar arquivo",
      message: "Mensagem",
      placeholder: "Escreva sua mensagem…",
      send: "Enviar",
      hint: "Enter envia · Shift+Enter quebra a linha",
      nameRequired: "Diga seu nome para começarmos.",
      emailInvalid: "Este e-mail não parece válido.",
      startFailed: "Não foi possível iniciar a conversa. Tente de novo em instantes.",
      unavailable: "Este chat não está disponível no momento.",
      expired: "Sua conversa anterior expirou. Diga seu nome para começar outra.",
      connecting: "Conectando…",
      reconnecting: "Sem conexão. Tentando reconectar…",
      sending: "Enviando…",
      sendingPercent: "Enviando… {percent}%",
      waiting: "Aguardando conexão para enviar",
      notSent: "Não enviado: {reason}",
      sent: "Enviado",
      tooLargeMedia: "{name} tem {size}; imagens, áudios e vídeos podem ter até {limit}.",
      tooLargeFile: "{name} tem {size}; arquivos podem ter até {limit}.",
      tooLargeServer: "O arquivo é maior do que o permitido ({limit}).",
      emptyFile: "{name} está vazio.",
      refused: "a mensagem foi recusada",
      you: "Você",
      attendant: "Atendente",
      download: "Baixar {name}",
      downloadFailed: "Não foi possível baixar o arquivo.",
      firstMessage: "Escreva sua mensagem para falar com a gente."
    },
    en: {
      subtitle: "Talk to our team",
      close: "Close the chat",
      intro: "Hello! To start, tell us what to call you.",
      name: "Your name",
      email: "E-mail",
      optional: "(optional)",
      start: "Start chat",
      starting: "Starting…",
      messages: "Messages",
      ended: "This chat has ended. Thank you for getting in touch!",
      restart: "Start a new chat",
      newChat: "New chat",
      removeFile: "Remove file",
      attach: "Attach a file",
      message: "Message",
      placeholder: "Write your message…",
      send: "Send",
      hint: "Enter sends · Shift+Enter for a new line",
      nameRequired: "Tell us your name to start.",
      emailInvalid: "This e-mail does not look valid.",
      startFailed: "Could not start the chat. Please try again in a moment.",
      unavailable: "This chat is not available right now.",
      expired: "Your previous chat expired. Tell us your name to start another.",
      connecting: "Connecting…",
      reconnecting: "No connection. Trying to reconnect…",
      sending: "Sending…",
      sendingPercent: "Sending… {percent}%",
      waiting: "Waiting for the connection to send",
      notSent: "Not sent: {reason}",
      sent: "Sent",
      tooLargeMedia: "{name} is {size}; images, audio and video may be up to {limit}.",
      tooLargeFile: "{name} is {size}; files may be up to {limit}.",
      tooLargeServer: "The file is larger than allowed ({limit}).",
      emptyFile: "{name} is empty.",
      refused: "the message was refused",
      you: "You",
      attendant: "Attendant",
      download: "Download {name}",
      downloadFailed: "Could not download the file.",
      firstMessage: "Write your message to talk to us."
    }
  };

  var MEDIA_EXTENSIONS = /\.(jpe?g|png|gif|webp|bmp|svg|heic|heif|tiff?|ico|avif|mp3|ogg|oga|opus|wav|m4a|aac|flac|amr|weba|mp4|m4v|mov|webm|mkv|avi|3gp|mpe?g|wmv)$/i;
  var TOO_LARGE = 41301;

  var body = document.body;
  var params = new URLSearchParams(window.location.search);
  var lang = params.get("lang") === "en" ? "en" : "pt";
  var locale = lang === "en" ? "en" : "pt-BR";
  var config = {
    api: body.getAttribute("data-api") || "/api/v2",
    integration: Number(body.getAttribute("data-integration")),
    bot: body.getAttribute("data-bot") || "",
    fileMax: Number(body.getAttribute("data-file-max")) || 20 * 1024 * 1024,
    mediaMax: Number(body.getAttribute("data-media-max")) || 15 * 1024 * 1024
  };
  var embedded = params.get("embedded") === "1" && window.parent !== window;

  function $(id) { return document.getElementById(id); }

  function t(key, values) {
    var text = (TEXT[lang] && TEXT[lang][key]) || TEXT.pt[key] || key;
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(values[name]));
      });
    }
    return text;
  }

  // --- look: language, title, colour -------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = locale;
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-i18n"));
    });
    document.querySelectorAll("[data-i18n-label]").forEach(function (el) {
      el.setAttribute("aria-label", t(el.getAttribute("data-i18n-label")));
    });
    document.querySelectorAll("[data-i18n-title]").forEach(function (el) {
      el.setAttribute("title", t(el.getAttribute("data-i18n-title")));
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (el) {
      el.setAttribute("placeholder", t(el.getAttribute("data-i18n-placeholder")));
    });
  }

  function applyLook() {
    var title = (params.get("title") || "").trim().slice(0, 80);
    if (title) {
      $("title").textContent = title;
      document.title = title;
    }
    var color = params.get("color") || "";
    if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) {
      var hex = color.length === 4
        ? "#" + color[1] + color[1] + color[2] + color[2] + color[3] + color[3]
        : color;
      var rgb = [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16) / 255; });
      var lin = rgb.map(function (c) {
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      });
      var luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
      var root = document.documentElement.style;
      root.setProperty("--accent", hex);
      // White on dark accents, near-black on light ones: legible on any brand colour.
      root.setProperty("--on-accent", luminance > 0.45 ? "#111827" : "#ffffff");
    }
    if (embedded) {
      $("close").hidden = false;
    }
  }

  // --- storage (may be refused inside a third-party iframe: then memory only) ---------------

  var memory = {};
  var storageKey = "tiflux-widget:" + config.integration;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null") || memory;
    } catch (e) {
      return memory;
    }
  }

  function save(value) {
    memory = value;
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(value));
    } catch (e) { /* memory only */ }
  }

  // --- state -----------------------------------------------------------------------------

  var state = {
    token: null,
    afterId: 0,
    chat: null,            // {id, status, ended} of the visitor's latest chat
    dismissedChat: null,   // an ended chat whose banner the visitor closed ("new chat")
    socket: null,
    retryDelay: 1000,
    retryTimer: null,
    outbox: [],            // messages not yet confirmed, in order
    flushing: false,
    file: null
  };
  var byId = new Map();      // message id -> element
  var byClient = new Map();  // client id -> outbox item

  function newClientId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function formatSize(bytes) {
    var mb = bytes / (1024 * 1024);
    if (mb >= 1) {
      return mb.toLocaleString(locale, { maximumFractionDigits: mb >= 10 ? 0 : 1 }) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale) + " KB";
  }

  function formatTime(iso) {
    var date = iso ? new Date(iso) : new Date();
    if (isNaN(date.getTime())) { return ""; }
    return date.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  }

  // --- talking to the service --------------------------------------------------------------

  function apiUrl(path) { return config.api + path; }

  function request(method, path, payload) {
    var headers = { "Accept": "application/json" };
    if (state.token) { headers.Authorization = "Bearer " + state.token; }
    if (payload !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(apiUrl(path), {
      method: method,
      headers: headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  /* A multipart send with upload progress (fetch has none). Resolves {status, data};
     rejects on a network failure, like fetch. */
  function upload(item, onProgress) {
    return new Promise(function (resolve, reject) {
      var form = new FormData();
      if (item.text) { form.append("text", item.text); }
      form.append("client_id", item.clientId);
      form.append("files", item.file, item.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", apiUrl("/customer/messages"));
      xhr.setRequestHeader("Authorization", "Bearer " + state.token);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { onProgress(event.loaded / event.total); }
      };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.ontimeout = function () { reject(new Error("timeout")); };
      xhr.send(form);
    });
  }

  // --- the name form -----------------------------------------------------------------------

  function showForm(message) {
    $("conversation").hidden = true;
    $("start").hidden = false;
    $("start-error").textContent = message || "";
    $("name").focus();
  }

  function showConversation() {
    $("start").hidden = true;
    $("conversation").hidden = false;
    updateComposer();
  }

  function onStart(event) {
    event.preventDefault();
    var nameInput = $("name");
    var emailInput = $("email");
    var name = nameInput.value.trim();
    var email = emailInput.value.trim();
    nameInput.removeAttribute("aria-invalid");
    emailInput.removeAttribute("aria-invalid");
    if (!name) {
      nameInput.setAttribute("aria-invalid", "true");
      $("start-error").textContent = t("nameRequired");
      nameInput.focus();
      return;
    }
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      emailInput.setAttribute("aria-invalid", "true");
      $("start-error").textContent = t("emailInvalid");
      emailInput.focus();
      return;
    }
    var button = $("start-button");
    button.disabled = true;
    button.textContent = t("starting");
    $("start-error").textContent = "";
    var payload = { integration_id: config.integration, name: name };
    if (email) { payload.email = email; }
    request("POST", "/customer/sessions", payload).then(function (result) {
      if (result.status === 201 && result.data.token) {
        state.token = result.data.token;
        save({ token: state.token, name: name });
        showConversation();
        connect();
        $("text").focus();
      } else if (result.status === 404 || result.status === 403) {
        $("start-error").textContent = t("unavailable");
      } else {
        $("start-error").textContent = t("startFailed");
      }
    }).catch(function () {
      $("start-error").textContent = t("startFailed");
    }).then(function () {
      button.disabled = false;
      button.textContent = t("start");
    });
  }

  // --- the live stream ---------------------------------------------------------------------

  function setStatus(text) { $("status").textContent = text || ""; }

  function connect() {
    if (!state.token || state.socket) { return; }
    window.clearTimeout(state.retryTimer);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + apiUrl("/customer/ws") +
      "?token=" + encodeURIComponent(state.token) + "&after_id=" + state.afterId;
    var socket = new WebSocket(url);
    var opened = false;
    state.socket = socket;
    socket.onopen = function () {
      opened = true;
      state.retryDelay = 1000;
      setStatus("");
      flushOutbox();
    };
    socket.onmessage = function (event) {
      var update;
      try { update = JSON.parse(event.data); } catch (e) { return; }
      if (update && update.type === "update") { applyUpdate(update); }
    };
    socket.onclose = function (event) {
      if (state.socket !== socket) { return; }
      state.socket = null;
      if (event.code === 4401) {
        forget();
        showForm(t("expired"));
        return;
      }
      if (opened || state.retryDelay > 1000) { setStatus(t("reconnecting")); }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    window.clearTimeout(state.retryTimer);
    var delay = state.retryDelay * (0.8 + Math.random() * 0.4);
    state.retryDelay = Math.min(state.retryDelay * 2, 15000);
    state.retryTimer = window.setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (state.token && !state.socket) {
      state.retryDelay = 1000;
      connect();
    }
  }

  function forget() {
    state.token = null;
    state.afterId = 0;
    state.chat = null;
    state.outbox = [];
    byId.clear();
    byClient.clear();
    $("messages").textContent = "";
    save({});
  }

  function applyUpdate(update) {
    var incoming = 0;
    (update.messages || []).forEach(function (message) {
      if (render(message)) { incoming += 1; }
      state.afterId = Math.max(state.afterId, message.id);
    });
    if (update.chat !== undefined) { setChat(update.chat); }
    if (incoming && embedded) {
      // Only a signal: the host page's badge. No text leaves the iframe.
      window.parent.postMessage({ type: "tiflux-widget:unread", count: incoming }, "*");
    }
  }

  function setChat(chat) {
    state.chat = chat;
    updateComposer();
  }

  function updateComposer() {
    var chat = state.chat;
    var ended = !!(chat && chat.ended && chat.id !== state.dismissedChat);
    var banner = $("ended");
    var wasHidden = banner.hidden;
    banner.hidden = !ended;
    $("composer").hidden = ended;
    if (ended && wasHidden) {
      var list = $("messages");
      list.scrollTop = list.scrollHeight;  // the banner took room: keep the last words in view
      $("restart").focus();
    }
    if (!chat && !byId.size && !state.outbox.length) {
      $("text").setAttribute("placeholder", t("firstMessage"));
    } else {
      $("text").setAttribute("placeholder", t("placeholder"));
    }
  }

  // --- messages ----------------------------------------------------------------------------

  function kindOf(message) {
    var type = message.author && message.author.type;
    if (type === "client") { return "visitor"; }
    if (type === "attendant") { return "agent"; }
    return "bot";
  }

  function bubble(kind, authorName) {
    var li = document.createElement("li");
    li.className = "msg msg--" + kind;
    li.setAttribute("data-author", kind + ":" + (authorName || ""));
    if (kind !== "visitor") {
      var author = document.createElement("span");
      author.className = "msg-author";
      author.textContent = authorName || (kind === "bot" ? config.bot : t("attendant"));
      li.appendChild(author);
    } else {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = t("you") + ":";
      li.appendChild(hidden);
    }
    var inner = document.createElement("div");
    inner.className = "bubble";
    li.appendChild(inner);
    var meta = document.createElement("span");
    meta.className = "msg-meta";
    li.appendChild(meta);
    return li;
  }

  function fillContent(li, text, media, file) {
    var inner = li.querySelector(".bubble");
    inner.textContent = "";
    if (media || file) {
      var name = media ? media.filename : file.name;
      var size = media ? media.size : file.size;
      var link = document.createElement("button");
      link.type = "button";
      link.className = "file-link";
      link.setAttribute("aria-label", t("download", { name: name }));
      link.appendChild(fileIcon());
      var label = document.createElement("span");
      label.textContent = name;
      var sizeLabel = document.createElement("span");
      sizeLabel.className = "file-size";
      sizeLabel.textContent = formatSize(size);
      link.appendChild(label);
      link.appendChild(sizeLabel);
      if (media) {
        link.addEventListener("click", function () { download(media); });
      } else {
        link.disabled = true;
      }
      inner.appendChild(link);
      var caption = media ? media.caption || text : text;
      if (caption) {
        var captionEl = document.createElement("span");
        captionEl.className = "caption";
        captionEl.textContent = caption;
        inner.appendChild(captionEl);
      }
    } else {
      inner.textContent = text || "";
    }
  }

  function fileIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M7 3h7l5 5v13H7z M14 3v5h5");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "1.7");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  function insert(li, beforePending) {
    var list = $("messages");
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    var firstPending = beforePending ? list.querySelector(".msg--pending, .msg--failed") : null;
    list.insertBefore(li, firstPending);
    // Consecutive messages of one author show the name once.
    var previous = li.previousElementSibling;
    if (previous && previous.getAttribute("data-author") === li.getAttribute("data-author")) {
      li.classList.add("msg--cont");
    }
    var next = li.nextElementSibling;
    if (next && next.getAttribute("data-author") === li.getAttribute("data-author")) {
      next.classList.add("msg--cont");
    }
    if (nearBottom || !beforePending) {
      list.scrollTop = list.scrollHeight;
    }
  }

  /* Shows a message from the service once; returns true when it is new and not the
     visitor's own (for the host page's unread badge). */
  function render(message) {
    if (byId.has(message.id)) { return false; }
    var item = message.client_id ? byClient.get(message.client_id) : null;
    if (item) {
      confirm(item, message.id, message.created_at);
      return false;
    }
    var kind = kindOf(message);
    var li = bubble(kind, message.author && message.author.name);
    fillContent(li, message.text, message.media, null);
    li.querySelector(".msg-meta").textContent = formatTime(message.created_at);
    li.setAttribute("data-id", String(message.id));
    byId.set(message.id, li);
    insert(li, true);
    return kind !== "visitor";
  }

  function confirm(item, messageId, createdAt) {
    if (item.confirmed) { return; }
    item.confirmed = true;
    byClient.delete(item.clientId);
    if (byId.has(messageId)) {
      // The stream showed it first (from another tab of the same visitor): keep that one.
      item.li.remove();
    } else {
      byId.set(messageId, item.li);
      item.li.setAttribute("data-id", String(messageId));
      item.li.classList.remove("msg--pending", "msg--failed");
      item.li.querySelector(".msg-meta").textContent = formatTime(createdAt);
      var progress = item.li.querySelector("progress");
      if (progress) { progress.remove(); }
      if (item.media) { fillContent(item.li, item.text, null, item.file); }
    }
    var index = state.outbox.indexOf(item);
    if (index >= 0) { state.outbox.splice(index, 1); }
  }

  function download(media) {
    fetch(apiUrl("/customer/attachments/" + media.id), {
      headers: { Authorization: "Bearer " + state.token },
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = media.filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }).catch(function () {
      $("composer-error").textContent = t("downloadFailed");
    });
  }

  // --- sending -----------------------------------------------------------------------------

  function limitFor(file) {
    var media = /^(image|audio|video)\//i.test(file.type || "") || MEDIA_EXTENSIONS.test(file.name);
    return { bytes: media ? config.mediaMax : config.fileMax, media: media };
  }

  /* Checked before anything is sent: a file over the limits never starts uploading. */
  function fileProblem(file) {
    var limit = limitFor(file);
    if (file.size > limit.bytes) {
      return t(limit.media ? "tooLargeMedia" : "tooLargeFile", {
        name: file.name, size: formatSize(file.size), limit: formatSize(limit.bytes)
      });
    }
    if (file.size === 0) { return t("emptyFile", { name: file.name }); }
    return null;
  }

  function setFile(file) {
    $("composer-error").textContent = "";
    state.file = null;
    $("attachment").hidden = true;
    $("file").value = "";
    if (!file) { return; }
    var problem = fileProblem(file);
    if (problem) {
      $("composer-error").textContent = problem;
      return;
    }
    state.file = file;
    $("attachment-name").textContent = file.name + " (" + formatSize(file.size) + ")";
    $("attachment").hidden = false;
  }

  function onSubmit(event) {
    event.preventDefault();
    var textarea = $("text");
    var text = textarea.value.trim();
    var file = state.file;
    if (!text && !file) { textarea.focus(); return; }
    if (state.chat && state.chat.ended) {
      // Writing after the end starts a new chat on the service: say so on the page.
      startNewChat(false);
    }
    var li = bubble("visitor");
    li.classList.add("msg--pending");
    var item = { clientId: newClientId(), text: text, file: file, li: li, media: !!file };
    fillContent(li, text, null, file);
    li.querySelector(".msg-meta").textContent = t("sending");
    if (file) {
      var progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      li.querySelector(".bubble").appendChild(progress);
    }
    byClient.set(item.clientId, item);
    state.outbox.push(item);
    insert(li, false);
    textarea.value = "";
    autoGrow();
    setFile(null);
    textarea.focus();
    flushOutbox();
  }

  /* Sends the outbox in order, one at a time. A network failure keeps the message (same
     client id) for the next connection; the service stores it once however often it comes. */
  function flushOutbox() {
    if (state.flushing || !state.outbox.length || !state.token) { return; }
    var item = state.outbox.find(function (i) { return !i.failed; });
    if (!item) { return; }
    state.flushing = true;
    var meta = item.li.querySelector(".msg-meta");
    meta.textContent = t("sending");
    var sending = item.file
      ? upload(item, function (fraction) {
          var percent = Math.round(fraction * 100);
          var bar = item.li.querySelector("progress");
          if (bar) { bar.value = percent; }
          meta.textContent = t("sendingPercent", { percent: percent });
        })
      : request("POST", "/customer/messages", { text: item.text, client_id: item.clientId });
    sending.then(function (result) {
      state.flushing = false;
      if (result.status === 201) {
        confirm(item, result.data.message_id, null);
        setChat({
          id: result.data.chat_id,
          status: result.data.chat_status,
          ended: result.data.chat_status === "finished" || result.data.chat_status === "canceled"
        });
        flushOutbox();
      } else if (result.status === 401) {
        forget();
        showForm(t("expired"));
      } else if (result.status >= 500 || result.status === 429) {
        meta.textContent = t("waiting");
        window.setTimeout(flushOutbox, 3000);
      } else {
        fail(item, result);
        flushOutbox();
      }
    }, function () {
      state.flushing = false;
      meta.textContent = t("waiting");
      // Sent again once the stream is back (its open flushes the outbox).
      if (state.socket && state.socket.readyState === WebSocket.OPEN) {
        window.setTimeout(flushOutbox, 3000);
      }
    });
  }

  function fail(item, result) {
    item.failed = true;
    item.li.classList.remove("msg--pending");
    item.li.classList.add("msg--failed");
    var reason = t("refused");
    if (result.data && result.data.code === TOO_LARGE) {
      var limit = result.data.details && result.data.details.limit_bytes;
      reason = t("tooLargeServer", { limit: limit ? formatSize(limit) : "" });
    }
    item.li.querySelector(".msg-meta").textContent = t("notSent", { reason: reason });
    var progress = item.li.querySelector("progress");
    if (progress) { progress.remove(); }
    byClient.delete(item.clientId);
    var index = state.outbox.indexOf(item);
    if (index >= 0) { state.outbox.splice(index, 1); }
    $("composer-error").textContent = t("notSent", { reason: reason });
  }

  function startNewChat(focus) {
    if (state.chat && state.chat.ended) {
      state.dismissedChat = state.chat.id;
      var saved = load();
      saved.dismissed = state.chat.id;
      save(saved);
      var divider = document.createElement("li");
      divider.className = "divider";
      divider.textContent = t("newChat");
      $("messages").appendChild(divider);
    }
    updateComposer();
    if (focus) { $("text").focus(); }
  }

  function autoGrow() {
    var textarea = $("text");
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight + 2, 140) + "px";
  }

  // --- wiring ------------------------------------------------------------------------------

  function init() {
    applyLanguage();
    applyLook();
    $("start").addEventListener("submit", onStart);
    $("composer").addEventListener("submit", onSubmit);
    $("text").addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("composer").requestSubmit();
      }
    });
    $("text").addEventListener("input", function () {
      autoGrow();
      if (!state.file) { $("composer-error").textContent = ""; }
    });
    $("attach").addEventListener("click", function () { $("file").click(); });
    $("file").addEventListener("change", function () {
      setFile($("file").files && $("file").files[0]);
      $("text").focus();
    });
    $("attachment-remove").addEventListener("click", function () {
      setFile(null);
      $("text").focus();
    });
    $("restart").addEventListener("click", function () { startNewChat(true); });
    $("close").addEventListener("click", function () {
      window.parent.postMessage({ type: "tiflux-widget:close" }, "*");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && embedded) {
        window.parent.postMessage({ type: "tiflux-widget:close" }, "*");
      }
    });
    window.addEventListener("message", function (event) {
      if (event.source === window.parent && event.data && event.data.type === "tiflux-widget:opened") {
        (state.token ? $("text") : $("name")).focus();
      }
    });
    window.addEventListener("online", reconnectNow);

    var saved = load();
    if (saved && saved.token) {
      state.token = saved.token;
      state.dismissedChat = saved.dismissed || null;
      showConversation();
      setStatus(t("connecting"));
      connect();
    } else {
      showForm("");
    }
  }

  init();
}());
