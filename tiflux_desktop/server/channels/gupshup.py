"""Gupshup (WhatsApp Business API through Gupshup's self-serve platform): callbacks in, sends
out, inbound media, and the app's HSM templates.

Gupshup posts one JSON callback per event (format version 2) to the app's callback URL:

- ``type: "message"``: a customer wrote; ``payload.type`` says what (text, image, file, audio,
  video, sticker, location, contact, button_reply, list_reply, quick_reply ...);
- ``type: "message-event"``: one of our messages moved (enqueued, sent, delivered, read,
  failed). Gupshup's own message id (the ``messageId`` its send API answered, which is what we
  store) is ``payload.id`` for enqueued/failed and ``payload.gsId`` for sent/delivered/read,
  whose ``payload.id`` is WhatsApp's id instead; so ``gsId`` wins when present.
- ``user-event``, ``billing-event``, ``system-event`` ... do not concern a chat: ignored (and
  named in ``Delivery.ignored`` for the log).

``enqueued`` moves nothing: it says Gupshup accepted the message and queued it for WhatsApp,
which is what the send API's answer already said (the core marks a message sent when the
provider accepts it, on every channel); WhatsApp's own ``sent`` follows.

Gupshup does not sign callbacks; the route checks a shared token in the callback URL instead
(``api/webhooks_gupshup.py``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import httpx
import sqlalchemy as sa

from tiflux_desktop.domain import DeliveryStatus

from .. import db
from ..config import IntegrationConfig
from ..storage import Storage
from .model import (
    Customer,
    Delivery,
    Inbound,
    InboundKind,
    MediaRef,
    Outgoing,
    ProviderError,
    StatusUpdate,
    read_capped,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.gupshup.io"
SEND_PATH = "/wa/api/v1/msg"
TEMPLATE_SEND_PATH = "/wa/api/v1/template/msg"
TEMPLATE_LIST_PATH = "/sm/api/v1/template/list/{app_name}"
MAX_MEDIA_BYTES = 100 * 1024 * 1024  # WhatsApp's largest (documents); the core applies ours
# WhatsApp's limits: at most 3 reply buttons (20 characters each); more choices go in a list
# (at most 10 rows of 24 characters).
MAX_BUTTONS = 3
MAX_LIST_ROWS = 10
_RATING = re.compile(r"rating-([1-5])")


class GupshupIntegration(Protocol):
    """What this channel reads of an integration (``config.IntegrationConfig`` fits)."""

    @property
    def id(self) -> int: ...

    @property
    def provider(self) -> Mapping[str, str]: ...


class PayloadError(ValueError):
    """The callback body is not a Gupshup callback: nothing of it is stored."""


# --- callbacks in ---------------------------------------------------------------------------


def parse(payload: Any) -> Delivery:
    """One Gupshup callback (already decoded JSON) as a ``Delivery``. Raises ``PayloadError``
    when the body is not a callback at all; a callback of a kind we do not handle is
    returned as ``ignored``."""
    if not isinstance(payload, dict):
        raise PayloadError("the body is not a JSON object")
    body: dict[str, Any] = payload  # pyright: ignore[reportUnknownVariableType]
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise PayloadError("the callback has no type")
    inner = body.get("payload")
    if kind == "message":
        return Delivery(messages=(_inbound(_object(inner, "payload"), _ms(body.get("timestamp"))),))
    if kind == "message-event":
        event = _object(inner, "payload")
        status = _status(event, _ms(body.get("timestamp")))
        if status is None:
            return Delivery(ignored=(f"message-event {event.get('type')}",))
        return Delivery(statuses=(status,))
    detail = inner.get("type") if isinstance(inner, dict) else None
    return Delivery(ignored=(f"{kind} {detail}" if isinstance(detail, str) else kind,))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownVariableType]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []  # pyright: ignore[reportUnknownVariableType]


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{what} is not an object")
    return value  # pyright: ignore[reportUnknownVariableType]


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _ms(value: Any) -> datetime:
    """Gupshup's callback timestamps are milliseconds since the epoch."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return datetime.fromtimestamp(value / 1000, UTC)
    return datetime.now(UTC)


def _seconds(value: Any, fallback: datetime) -> datetime:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        # Some events carry milliseconds in the same field: a value past year 5000 is one.
        return datetime.fromtimestamp(value / 1000 if value > 10**11 else value, UTC)
    return fallback


_MEDIA_KINDS = {
    "image": InboundKind.IMAGE,
    "video": InboundKind.VIDEO,
    "audio": InboundKind.AUDIO,
    "voice": InboundKind.AUDIO,
    "file": InboundKind.DOCUMENT,
    "document": InboundKind.DOCUMENT,
    "sticker": InboundKind.STICKER,
}


def _inbound(message: dict[str, Any], at: datetime) -> Inbound:
    message_id = _text(message.get("id"))
    if message_id is None:
        raise PayloadError("the message has no id")
    sender = _dict(message.get("sender"))
    phone = _text(sender.get("phone")) or _text(message.get("source"))
    if phone is None:
        raise PayloadError("the message has no sender")
    customer = Customer(
        phone=re.sub(r"\D", "", phone) or phone,
        name=_text(sender.get("name")),
    )
    # Our messages are stored under Gupshup's id (gsId); WhatsApp's id is the fallback.
    context = _dict(message.get("context"))
    quoted = _text(context.get("gsId")) or _text(context.get("id"))
    kind = message.get("type")
    if not isinstance(kind, str):  # a list here made `kind in _MEDIA_KINDS` raise TypeError
        kind = None
    content = _dict(message.get("payload"))
    base: dict[str, Any] = {
        "provider_message_id": message_id,
        "customer": customer,
        "sent_at": at,
        "quoted_provider_id": quoted,
    }
    return _content(kind, content, base)


def _content(kind: Any, content: dict[str, Any], base: dict[str, Any]) -> Inbound:
    if kind == "text":
        text = _text(content.get("text"))
        if text is None:
            return Inbound(kind=InboundKind.UNSUPPORTED, **base)
        return Inbound(kind=InboundKind.TEXT, text=text, **base)
    if kind in _MEDIA_KINDS:
        url = _text(content.get("url"))
        media = None
        if url is not None:
            media = MediaRef(
                provider_media_id=None,
                url=url,
                content_type=_text(content.get("contentType") or content.get("content-type")),
                filename=_text(content.get("name") or content.get("filename")),
            )
        return Inbound(
            kind=_MEDIA_KINDS[kind], text=_text(content.get("caption")), media=media, **base
        )
    if kind == "location":
        latitude, longitude = _number(content.get("latitude")), _number(content.get("longitude"))
        if latitude is None or longitude is None:
            return Inbound(kind=InboundKind.UNSUPPORTED, **base)
        words = [w for w in (_text(content.get("name")), _text(content.get("address"))) if w]
        return Inbound(
            kind=InboundKind.LOCATION,
            text=" – ".join(words) or None,
            latitude=latitude,
            longitude=longitude,
            **base,
        )
    if kind in ("contact", "contacts"):
        return Inbound(kind=InboundKind.CONTACTS, text=_contacts(content), **base)
    if kind in ("button_reply", "list_reply", "quick_reply"):
        return _reply(content, base)
    return Inbound(kind=InboundKind.UNSUPPORTED, **base)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _contacts(content: dict[str, Any]) -> str | None:
    lines: list[str] = []
    for contact in _list(content.get("contacts")):
        contact = _dict(contact)
        label = _text(_dict(contact.get("name")).get("formatted_name"))
        numbers = [
            number
            for phone in _list(contact.get("phones"))
            if (number := _text(_dict(phone).get("phone")))
        ]
        line = ": ".join(part for part in (label, ", ".join(numbers)) if part)
        if line:
            lines.append(line)
    return "\n".join(lines) or None


def _reply(content: dict[str, Any], base: dict[str, Any]) -> Inbound:
    """A button, list row or quick-reply answer. The id we gave the choice comes back as
    ``postbackText``; ``id`` is the message-level id we sent (or the choice's, on older
    apps): either one reading ``rating-N`` is the answer to the rating question."""
    title = _text(content.get("title")) or _text(content.get("text"))
    postback = _text(content.get("postbackText"))
    reply_id = postback or _text(content.get("id"))
    for candidate in (postback, _text(content.get("id"))):
        match = _RATING.fullmatch(candidate or "")
        if match:
            return Inbound(
                kind=InboundKind.RATING,
                text=title,
                reply_id=candidate,
                rating=int(match.group(1)),
                **base,
            )
    return Inbound(kind=InboundKind.REPLY, text=title, reply_id=reply_id, **base)


_EVENT_STATUS = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}


def _status(event: dict[str, Any], at: datetime) -> StatusUpdate | None:
    status = _EVENT_STATUS.get(str(event.get("type")))
    if status is None:  # enqueued (see the module's docstring), deleted, anything new
        return None
    message_id = _text(event.get("gsId")) or _text(event.get("id"))
    if message_id is None:
        return None
    details = _dict(event.get("payload"))
    when = _seconds(details.get("ts"), at)
    if status is not DeliveryStatus.FAILED:
        return StatusUpdate(provider_message_id=message_id, status=status, at=when)
    code = _text(details.get("code"))
    reason = _text(details.get("reason"))
    return StatusUpdate(
        provider_message_id=message_id,
        status=status,
        at=when,
        error_code=code,
        error_title=reason,
    )


# Gupshup's own codes, then Meta's that Gupshup passes on (docs: "Error codes").
_OUTSIDE_WINDOW = "Fora da janela de 24 horas: envie um modelo HSM aprovado."
_NOT_OPTED_IN = "Fora da janela de 24 horas e o cliente não autorizou (opt-in) receber modelos."
_FAILURES: dict[str, str] = {
    "1001": "O aplicativo Gupshup não está ativo para este número (modo sandbox).",
    "1002": "O número não tem WhatsApp.",
    "1003": "Saldo insuficiente na conta Gupshup.",
    "1004": "Fora da janela de 24 horas e o envio de modelos está desativado no Gupshup.",
    "1005": _OUTSIDE_WINDOW,
    "1006": _NOT_OPTED_IN,
    "1007": _NOT_OPTED_IN,
    "1008": _NOT_OPTED_IN,
    "1010": "O Gupshup não conseguiu baixar o arquivo (endereço inválido).",
    "1011": "Tamanho de arquivo não aceito pelo WhatsApp.",
    "1012": "O cliente pediu para não receber mensagens (opt-out).",
    "4001": "Limite de envios do Gupshup atingido.",
    "4002": "Resposta inválida do WhatsApp.",
    "4003": "O modelo HSM não corresponde a nenhum modelo aprovado.",
    "4004": "Tipo de mensagem não suportado por este número.",
    "4005": "O modelo HSM está pausado.",
    "470": _OUTSIDE_WINDOW,
    "131047": _OUTSIDE_WINDOW,
    "131026": "Mensagem não entregue: o número pode não ter WhatsApp ou usar uma versão antiga.",
    "131049": "O WhatsApp não entregou esta mensagem de marketing (limite por cliente).",
    "131051": "Tipo de mensagem não suportado pelo WhatsApp.",
    "131052": "O WhatsApp não conseguiu baixar o arquivo.",
    "131053": "O WhatsApp não aceitou o arquivo (formato ou tamanho).",
    "131030": "O número não está na lista de destinatários permitidos da conta de teste.",
    "131031": "A conta do WhatsApp Business está bloqueada.",
    "132000": "O número de parâmetros não confere com o modelo HSM.",
    "132001": "O modelo HSM não existe ou não está aprovado neste idioma.",
}


def failure_reason(code: str | None, provider_words: str | None) -> str:
    """What the attendant reads for a failed status (Portuguese), from Gupshup's or Meta's
    code, the provider's own words kept in parentheses (the core's ``describe_error``)."""
    known = _FAILURES.get(code or "")
    if known is None:
        known = (
            f"O WhatsApp não entregou a mensagem (código {code})."
            if code
            else "O WhatsApp não entregou a mensagem."
        )
    return f"{known} ({provider_words})" if provider_words else known


# --- sends out ------------------------------------------------------------------------------


def _base_url(integration: GupshupIntegration) -> str:
    return (integration.provider.get("base_url") or DEFAULT_BASE_URL).rstrip("/")


def _digits(number: str | None) -> str:
    return re.sub(r"\D", "", number or "")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class GupshupSender:
    """Sends an attendant's message through Gupshup's send APIs (form-encoded, ``apikey``).

    ``public_url`` turns a stored attachment's path into a link anyone may fetch for a while
    (Gupshup downloads outbound media from a URL); without it, media cannot be sent."""

    def __init__(
        self,
        integration: GupshupIntegration,
        http: httpx.AsyncClient,
        *,
        public_url: Callable[[str], str | None] | None = None,
    ) -> None:
        self.integration = integration
        self.http = http
        self.public_url = public_url

    async def send(self, outgoing: Outgoing) -> str:
        form = self._envelope(outgoing)
        if outgoing.template_name:
            form["template"] = _compact(
                {"id": outgoing.template_name, "params": list(outgoing.template_parameters)}
            )
            return await self._post(TEMPLATE_SEND_PATH, form)
        if outgoing.media_path:
            return await self._send_media(outgoing, form)
        if outgoing.buttons:
            form["message"] = _compact(self._choices(outgoing))
            return await self._post(SEND_PATH, form)
        if not outgoing.text:
            raise ProviderError("Mensagem vazia: nada para enviar.", detail="empty outgoing")
        form["message"] = _compact(
            self._with_context({"type": "text", "text": outgoing.text}, outgoing)
        )
        return await self._post(SEND_PATH, form)

    def _envelope(self, outgoing: Outgoing) -> dict[str, str]:
        provider = self.integration.provider
        destination = _digits(outgoing.to.phone)
        if not destination:
            raise ProviderError(
                "O cliente não tem número de telefone para o WhatsApp.", detail="no destination"
            )
        return {
            "channel": "whatsapp",
            "source": _digits(provider.get("source_number")),
            "destination": destination,
            "src.name": provider.get("app_name", ""),
        }

    @staticmethod
    def _with_context(message: dict[str, Any], outgoing: Outgoing) -> dict[str, Any]:
        if outgoing.quoted_provider_id:
            message["context"] = {"msgId": outgoing.quoted_provider_id}
        return message

    @staticmethod
    def _choices(outgoing: Outgoing) -> dict[str, Any]:
        """Reply buttons (up to 3) or, past that, a list: the rating question's 5 answers.

        Each choice's id comes back as ``postbackText`` when the customer picks it. The only
        buttons the service sends are the rating question's (model.py), in ascending order of
        score, so choice N is ``rating-N`` unless the outgoing names its own ids."""
        titles = outgoing.buttons[:MAX_LIST_ROWS]
        given: tuple[str, ...] = getattr(outgoing, "button_ids", ())
        ids = given if len(given) == len(outgoing.buttons) else ()
        ids = ids or tuple(f"rating-{n}" for n in range(1, len(titles) + 1))
        msgid = f"tiflux-{outgoing.message_id}"
        text = outgoing.text or "Escolha uma opção"
        if len(titles) <= MAX_BUTTONS:
            return {
                "type": "quick_reply",
                "msgid": msgid,
                "content": {"type": "text", "text": text},
                "options": [
                    {"type": "text", "title": title[:20], "postbackText": choice}
                    for title, choice in zip(titles, ids, strict=False)
                ],
            }
        return {
            "type": "list",
            "title": "",
            "body": text,
            "msgid": msgid,
            "globalButtons": [{"type": "text", "title": "Escolher"}],
            "items": [
                {
                    "title": "Opções",
                    "options": [
                        {"type": "text", "title": title[:24], "postbackText": choice}
                        for title, choice in zip(titles, ids, strict=False)
                    ],
                }
            ],
        }

    async def _send_media(self, outgoing: Outgoing, form: dict[str, str]) -> str:
        assert outgoing.media_path is not None
        url = self.public_url(outgoing.media_path) if self.public_url else None
        if not url:
            raise ProviderError(
                "Arquivo não enviado: o serviço não tem um endereço público configurado "
                "(public_base_url) para o Gupshup buscar o arquivo.",
                detail="no public_base_url",
            )
        ctype = (outgoing.media_content_type or "").split(";")[0].strip().lower()
        filename = outgoing.media_filename or Path(outgoing.media_path).name
        caption = outgoing.text
        message: dict[str, Any]
        if ctype in ("image/jpeg", "image/png"):
            message = {"type": "image", "originalUrl": url, "previewUrl": url}
        elif ctype.startswith("video/"):
            message = {"type": "video", "url": url}
        elif ctype.startswith("audio/"):
            message = {"type": "audio", "url": url}
        else:
            # Anything else (other images, PDFs, spreadsheets ...) goes as a document.
            message = {"type": "file", "url": url, "filename": filename}
        if caption and message["type"] != "audio":
            message["caption"] = caption
        form["message"] = _compact(self._with_context(message, outgoing))
        provider_id = await self._post(SEND_PATH, form)
        if caption and message["type"] == "audio":
            # WhatsApp audio carries no caption: the text follows as its own message, best
            # effort (a retry of the whole would send the audio twice).
            follow = self._envelope(outgoing)
            follow["message"] = _compact({"type": "text", "text": caption})
            try:
                await self._post(SEND_PATH, follow)
            except ProviderError as exc:
                log.warning("the text after an audio was not sent: %s", exc.detail or exc.reason)
        return provider_id

    async def _post(self, path: str, form: dict[str, str]) -> str:
        try:
            response = await self.http.post(
                _base_url(self.integration) + path,
                data=form,
                headers={
                    "apikey": self.integration.provider.get("api_key", ""),
                    "Accept": "application/json",
                },
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never reached Gupshup: safe to try again.
            raise ProviderError(
                "Sem conexão com o Gupshup; nova tentativa em breve.",
                retry=True,
                detail=type(exc).__name__,
            ) from exc
        except httpx.TimeoutException as exc:
            # Sent, but no answer: Gupshup may have taken it. Trying again could send it twice.
            raise ProviderError(
                "O Gupshup não confirmou o envio a tempo: confira com o cliente antes de reenviar.",
                retry=False,
                detail=type(exc).__name__,
            ) from exc
        except httpx.HTTPError as exc:
            raise ProviderError(
                "Sem conexão com o Gupshup; nova tentativa em breve.",
                retry=True,
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
        return _message_id(response)


def _answer(response: httpx.Response) -> dict[str, Any]:
    # Gupshup answers JSON, sometimes labelled text/html: decode the text whatever the label.
    try:
        body = json.loads(response.text)
    except ValueError:
        return {}
    return _dict(body)


def _provider_words(body: dict[str, Any], response: httpx.Response) -> str:
    message = body.get("message")
    if isinstance(message, dict):  # {"message": {"code": ..., "message": ...}} on some APIs
        message = _dict(message).get("message")
    return _text(message) or response.reason_phrase or str(response.status_code)


def _message_id(response: httpx.Response) -> str:
    body = _answer(response)
    status = response.status_code
    words = _provider_words(body, response)
    detail = f"HTTP {status}: {words}"
    if status == 429:
        raise ProviderError(
            "Limite de envios do Gupshup atingido; nova tentativa em breve.",
            code="429",
            retry=True,
            detail=detail,
        )
    if status >= 500:
        raise ProviderError(
            "O Gupshup está com falha no momento; nova tentativa em breve.",
            code=str(status),
            retry=True,
            detail=detail,
        )
    if status in (401, 403) or "apikey" in words.lower() or "authentication" in words.lower():
        raise ProviderError(
            "O Gupshup recusou a chave de API da integração: verifique a configuração.",
            code=str(status),
            detail=detail,
        )
    if status >= 400 or body.get("status") == "error":
        raise ProviderError(
            f"O Gupshup recusou a mensagem: {words}", code=str(status), detail=detail
        )
    message_id = _text(body.get("messageId"))
    if message_id is None:
        raise ProviderError(
            "O Gupshup aceitou a mensagem mas não informou o identificador.",
            code=str(status),
            detail=detail,
        )
    return message_id


# --- inbound media ----------------------------------------------------------------------------


async def fetch_media(
    integration: GupshupIntegration,
    http: httpx.AsyncClient,
    media: MediaRef,
    limit: int = MAX_MEDIA_BYTES,
) -> tuple[bytes, str, str]:
    """Download a customer's file from the URL Gupshup gave (it needs no credentials and
    expires: fetch it when the message arrives). Returns (content, content type, filename);
    refused as soon as it passes ``limit`` bytes (the service's own, at most WhatsApp's)."""
    del integration  # the URL is enough
    if not media.url:
        raise ProviderError("O Gupshup não informou o endereço do arquivo.")
    try:
        async with http.stream("GET", media.url, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise ProviderError(
                    "Não foi possível baixar o arquivo do Gupshup.",
                    code=str(response.status_code),
                    retry=response.status_code >= 500 or response.status_code == 429,
                    detail=f"HTTP {response.status_code}",
                )
            data = await read_capped(
                response.aiter_bytes(),
                min(limit, MAX_MEDIA_BYTES),
                "O arquivo do cliente é grande demais.",
            )
            header_type = response.headers.get("content-type")
    except httpx.HTTPError as exc:
        raise ProviderError(
            "Não foi possível baixar o arquivo do Gupshup.", retry=True, detail=str(exc)
        ) from exc
    ctype = media.content_type or header_type or "application/octet-stream"
    return data, ctype, media.filename or _filename_for(media.url, ctype)


def _filename_for(url: str, content_type: str) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if "." in name:
        return name
    kind = content_type.split("/")[0]
    stem = {"image": "imagem", "audio": "audio", "video": "video"}.get(kind, "arquivo")
    extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
    return stem + extension


# --- templates ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GupshupTemplate:
    """One HSM template of the app, shaped like a row of ``db.hsm_templates`` (provider
    "gupshup"): what ``GET /templates/gupshup`` lists. ``external_id`` is what a template send
    names (``Outgoing.template_name``); ``category`` is the group the Novo chat dialog shows."""

    external_id: str
    name: str
    status: str
    category: str
    language: str
    content: str
    header: str | None = None
    footer: str | None = None
    description: str | None = None


async def list_templates(
    integration: GupshupIntegration, http: httpx.AsyncClient
) -> list[GupshupTemplate]:
    """The app's templates from Gupshup (GET /sm/api/v1/template/list/{app name})."""
    app_name = integration.provider.get("app_name", "")
    try:
        response = await http.get(
            _base_url(integration) + TEMPLATE_LIST_PATH.format(app_name=app_name),
            headers={
                "apikey": integration.provider.get("api_key", ""),
                "Accept": "application/json",
            },
        )
    except httpx.HTTPError as exc:
        raise ProviderError(
            "Sem conexão com o Gupshup para listar os modelos.", retry=True, detail=str(exc)
        ) from exc
    body = _answer(response)
    if response.status_code >= 400 or body.get("status") != "success":
        raise ProviderError(
            "O Gupshup não listou os modelos HSM.",
            code=str(response.status_code),
            retry=response.status_code >= 500 or response.status_code == 429,
            detail=_provider_words(body, response),
        )
    found: list[GupshupTemplate] = []
    for raw in _list(body.get("templates")):
        template = _template(raw)
        if template is not None:
            found.append(template)
    return sorted(found, key=lambda t: (t.category, t.name))


def _template(raw: Any) -> GupshupTemplate | None:
    row = _dict(raw)
    external_id, name = _text(row.get("id")), _text(row.get("elementName"))
    if external_id is None or name is None:
        return None
    # containerMeta holds the parts apart; "data" joins buttons to the body ("... | [Sim]").
    try:
        meta = _dict(json.loads(row.get("containerMeta") or "{}"))
    except (TypeError, ValueError):
        meta = {}
    return GupshupTemplate(
        external_id=external_id,
        name=name,
        status=(_text(row.get("status")) or "PENDING").upper(),
        category=(_text(row.get("category")) or "UTILITY").upper(),
        language=_text(row.get("languageCode")) or "pt_BR",
        content=_text(meta.get("data")) or _text(row.get("data")) or "",
        header=_text(meta.get("header")),
        footer=_text(meta.get("footer")),
        description=_text(row.get("vertical")),
    )


# --- keeping the service's HSM templates in step with Gupshup ----------------------------------

TEMPLATE_REFRESH_SECONDS = 30 * 60


async def sync_templates(
    storage: Storage, integration: IntegrationConfig, http: httpx.AsyncClient
) -> int:
    """Replace this integration's HSM templates (what the Novo chat dialog offers) with the
    app's list at Gupshup; returns how many there are. Raises ProviderError and then changes
    nothing."""
    templates = await list_templates(integration, http)
    table = db.hsm_templates
    mine = (table.c.provider == "gupshup", table.c.integration_id == integration.id)
    async with storage.write() as tx:
        known = {
            str(row.external_id): int(row.id)
            for row in await tx.conn.execute(
                sa.select(table.c.id, table.c.external_id).where(*mine)
            )
        }
        for template in templates:
            values = {
                "name": template.name,
                "status": template.status,
                "category": template.category,
                "language": template.language,
                "content": template.content,
                "header": template.header,
                "footer": template.footer,
                "description": template.description,
            }
            row_id = known.pop(template.external_id, None)
            if row_id is None:
                await tx.conn.execute(
                    sa.insert(table).values(
                        provider="gupshup",
                        integration_id=integration.id,
                        external_id=template.external_id,
                        **values,
                    )
                )
            else:
                await tx.conn.execute(sa.update(table).where(table.c.id == row_id).values(**values))
        if known:  # deleted at Gupshup
            await tx.conn.execute(sa.delete(table).where(table.c.id.in_(known.values())))
    return len(templates)


async def refresh_templates_forever(
    storage: Storage,
    integrations: Sequence[IntegrationConfig],
    http: httpx.AsyncClient,
    *,
    every: float = TEMPLATE_REFRESH_SECONDS,
) -> None:
    """At start and then every ``every`` seconds, for each active Gupshup integration whose
    provider settings do not say ``sync_templates = "false"``."""
    chosen = [
        i
        for i in integrations
        if i.type == "gupshup" and i.active and i.setting("sync_templates", "true") != "false"
    ]
    while chosen:
        for integration in chosen:
            try:
                count = await sync_templates(storage, integration, http)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not isinstance(exc, ProviderError):  # a bug or the database: say, go on
                    log.exception("integration %d: HSM templates not refreshed", integration.id)
                    continue
                log.warning(
                    "integration %d: HSM templates not refreshed: %s (%s)",
                    integration.id,
                    exc.reason,
                    exc.detail,
                )
            else:
                log.info("integration %d: %d HSM templates from Gupshup", integration.id, count)
        await asyncio.sleep(every)
