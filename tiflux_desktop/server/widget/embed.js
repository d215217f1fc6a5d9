/* Tiflux Chats website widget: paste into any page
     <script src="https://SERVICE/widget/embed.js" data-integration="1" async></script>
   Optional: data-color="#0b63ce", data-title="Fale conosco", data-lang="en".
   Adds a floating button (bottom right) that opens the chat in an iframe. Defines one global,
   window.TifluxWidget = { open, close, toggle }, and touches nothing else of the page. */
(function () {
  "use strict";
  if (window.TifluxWidget) { return; }  // pasted twice: one widget

  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll("script[data-integration][src*='/widget/embed.js']");
    script = candidates[candidates.length - 1];
  }
  if (!script) { return; }
  var integration = (script.getAttribute("data-integration") || "").trim();
  if (!/^\d+$/.test(integration)) {
    if (window.console) { window.console.warn("Tiflux widget: data-integration must be the integration's number"); }
    return;
  }
  var source = new URL(script.src, window.location.href);
  var base = source.href.replace(/\/widget\/embed\.js(\?.*)?$/, "");
  var origin = source.origin;
  var color = script.getAttribute("data-color") || "";
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) { color = "#0b63ce"; }
  var title = (script.getAttribute("data-title") || "").trim().slice(0, 80);
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "pt";
  var labels = lang === "en"
    ? { open: "Open the chat", close: "Close the chat", frame: "Chat", unread: "new messages" }
    : { open: "Abrir o chat", close: "Fechar o chat", frame: "Chat", unread: "novas mensagens" };

  var SVG = "http://www.w3.org/2000/svg";
  var button, frame, badge, isOpen = false, unread = 0, frameLoaded = false;

  function css(element, rules) {
    Object.keys(rules).forEach(function (name) { element.style.setProperty(name, rules[name]); });
  }

  function icon(paths) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      path.setAttribute("stroke-linecap", "round");
      path.setAttribute("stroke-linejoin", "round");
      svg.appendChild(path);
    });
    return svg;
  }

  var CHAT_ICON = ["M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"];
  var CLOSE_ICON = ["M6 6l12 12", "M18 6L6 18"];

  function frameUrl() {
    var query = new URLSearchParams({ embedded: "1", color: color, lang: lang });
    if (title) { query.set("title", title); }
    return base + "/widget/" + integration + "?" + query.toString();
  }

  function place() {
    if (!frame) { return; }
    var small = window.matchMedia("(max-width: 480px)").matches;
    css(frame, small
      ? { right: "0", bottom: "0", width: "100%", height: "100%", "max-height": "none",
          "border-radius": "0" }
      : { right: "20px", bottom: "92px", width: "380px", height: "600px",
          "max-height": "calc(100vh - 112px)", "max-width": "calc(100vw - 40px)",
          "border-radius": "14px" });
    // On a phone the chat covers the page: the button would sit over its composer.
    css(button, { display: small && isOpen ? "none" : "flex" });
  }

  function makeFrame() {
    frame = document.createElement("iframe");
    frame.src = frameUrl();
    frame.title = labels.frame;
    frame.setAttribute("allow", "clipboard-write");
    frame.addEventListener("load", function () { frameLoaded = true; });
    css(frame, {
      position: "fixed", border: "0", "z-index": "2147483000", background: "#f4f6f9",
      "box-shadow": "0 12px 40px rgba(16, 24, 40, .28)", display: "none",
      "color-scheme": "light"
    });
    document.body.appendChild(frame);
  }

  function setButton() {
    button.textContent = "";
    button.appendChild(icon(isOpen ? CLOSE_ICON : CHAT_ICON));
    button.setAttribute("aria-label", isOpen ? labels.close
      : unread ? labels.open + " (" + unread + " " + labels.unread + ")" : labels.open);
    button.setAttribute("aria-expanded", String(isOpen));
    if (unread && !isOpen) {
      badge.textContent = unread > 9 ? "9+" : String(unread);
      button.appendChild(badge);
    }
  }

  function open() {
    if (!button) { return; }  // called before the page finished loading
    if (!frame) { makeFrame(); }
    isOpen = true;
    unread = 0;
    css(frame, { display: "block" });
    place();
    setButton();
    frame.focus();
    if (frameLoaded && frame.contentWindow) {  // on first load the page focuses itself
      frame.contentWindow.postMessage({ type: "tiflux-widget:opened" }, origin);
    }
  }

  function close() {
    if (!frame) { return; }
    isOpen = false;
    css(frame, { display: "none" });
    place();
    setButton();
    button.focus();
  }

  function toggle() { if (isOpen) { close(); } else { open(); } }

  function build() {
    button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-tiflux-widget", "button");
    css(button, {
      position: "fixed", right: "20px", bottom: "20px", width: "60px", height: "60px",
      "border-radius": "50%", border: "0", margin: "0", padding: "0", cursor: "pointer",
      display: "flex", "align-items": "center", "justify-content": "center",
      background: color, color: "#ffffff", "z-index": "2147483001",
      "box-shadow": "0 6px 20px rgba(16, 24, 40, .3)"
    });
    badge = document.createElement("span");
    badge.setAttribute("aria-hidden", "true");
    css(badge, {
      position: "absolute", top: "-2px", right: "-2px", "min-width": "20px", height: "20px",
      padding: "0 5px", "box-sizing": "border-box", "border-radius": "10px",
      background: "#d92d20", color: "#ffffff", font: "600 12px/20px system-ui, sans-serif",
      "text-align": "center"
    });
    button.addEventListener("click", toggle);
    setButton();
    document.body.appendChild(button);
    window.addEventListener("resize", place);
    window.addEventListener("message", function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) { return; }
      var data = event.data || {};
      if (data.type === "tiflux-widget:close") {
        close();
      } else if (data.type === "tiflux-widget:unread" && !isOpen) {
        unread += Number(data.count) || 1;
        setButton();
      }
    });
  }

  window.TifluxWidget = { open: open, close: close, toggle: toggle };
  if (document.body) {
    build();
  } else {
    document.addEventListener("DOMContentLoaded", build);
  }
}());
