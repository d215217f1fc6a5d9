"""WhatsApp Cloud API (Meta): webhook signatures, webhook payloads into our values, and the
Graph API calls that send messages and fetch media.

Meta signs each webhook's raw body with HMAC-SHA256 keyed by the app secret
(``X-Hub-Signature-256: sha256=<hex>``); one call may batch several messages and statuses.
Sends go to ``{base_url}/{phone_number_id}/messages`` with the access token; media is uploaded
to ``/{phone_number_id}/media`` first and sent by id. Inbound media is fetched by id: the id
gives a short-lived URL, which is fetched with the same token.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import mimetypes
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from tiflux_desktop.domain import DeliveryStatus

from ..config import IntegrationConfig
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

DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0"
RATING_PREFIX = "rating-"
MAX_MEDIA_BYTES = 100 * 1024 * 1024  # WhatsApp's largest (documents); the core applies ours

# --- signatures ----------------------------------------------------------------------------


def sign(app_secret: str, raw: bytes) -> str:
    """The header value Meta sends for ``raw`` (tests and the demo sign with it)."""
    digest = hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(app_secret: str, raw: bytes, header: str | None) -> bool:
    """Whether ``header`` (X-Hub-Signature-256) signs exactly these bytes with the secret."""
    if not header or not app_secret:
        return False
    return hmac.compare_digest(sign(app_secret, raw).encode(), header.strip().encode())


# --- webhooks in ---------------------------------------------------------------------------


def _at(timestamp: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(timestamp), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownVariableType]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []  # pyright: ignore[reportUnknownVariableType]


def _str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def rating_of(reply_id: str | None) -> int | None:
    """1..5 for the rating question's buttons (ids ``rating-1`` .. ``rating-5``)."""
    if reply_id and reply_id.startswith(RATING_PREFIX):
        number = reply_id[len(RATING_PREFIX) :]
        if number.isdigit() and 1 <= int(number) <= 5:
            return int(number)
    return None


_MEDIA_KINDS = {
    "image": InboundKind.IMAGE,
    "video": InboundKind.VIDEO,
    "audio": InboundKind.AUDIO,
    "document": InboundKind.DOCUMENT,
    "sticker": InboundKind.STICKER,
}


def _message(raw: dict[str, Any], contacts: dict[str, dict[str, Any]]) -> Inbound | None:
    message_id = _str(raw.get("id"))
    if message_id is None:
        return None
    phone = _str(raw.get("from"))
    user_id = _str(raw.get("from_user_id"))
    contact = contacts.get(phone or "") or contacts.get(user_id or "") or {}
    if len(contacts) == 1 and not contact:
        contact = next(iter(contacts.values()))
    user_id = user_id or _str(contact.get("user_id"))
    if phone is None:
        phone = _str(contact.get("wa_id"))
    name = _str(_dict(contact.get("profile")).get("name"))
    customer = Customer(phone=phone, name=name, user_id=user_id)
    kind_name = str(raw.get("type") or "unknown")
    base: dict[str, Any] = {
        "provider_message_id": message_id,
        "customer": customer,
        "sent_at": _at(raw.get("timestamp")),
        "quoted_provider_id": _str(_dict(raw.get("context")).get("id")),
    }
    if kind_name == "text":
        return Inbound(kind=InboundKind.TEXT, text=_str(_dict(raw.get("text")).get("body")), **base)
    if kind_name in _MEDIA_KINDS:
        body = _dict(raw.get(kind_name))
        media = MediaRef(
            provider_media_id=_str(body.get("id")),
            url=_str(body.get("url")),
            content_type=_str(body.get("mime_type")),
            filename=_str(body.get("filename")),
            sha256=_str(body.get("sha256")),
        )
        return Inbound(
            kind=_MEDIA_KINDS[kind_name], text=_str(body.get("caption")), media=media, **base
        )
    if kind_name == "location":
        body = _dict(raw.get("location"))
        try:
            latitude = float(body["latitude"])
            longitude = float(body["longitude"])
        except (KeyError, TypeError, ValueError):
            return Inbound(kind=InboundKind.UNSUPPORTED, text="location", **base)
        place = ", ".join(p for p in (_str(body.get("name")), _str(body.get("address"))) if p)
        return Inbound(
            kind=InboundKind.LOCATION,
            text=place or None,
            latitude=latitude,
            longitude=longitude,
            **base,
        )
    if kind_name == "contacts":
        lines: list[str] = []
        for card in _list(raw.get("contacts")):
            card = _dict(card)
            card_name = _str(_dict(card.get("name")).get("formatted_name")) or "Contato"
            phones = [
                str(p["phone"]) for p in map(_dict, _list(card.get("phones"))) if p.get("phone")
            ]
            lines.append(f"{card_name}: {', '.join(phones)}" if phones else card_name)
        return Inbound(kind=InboundKind.CONTACTS, text="\n".join(lines) or None, **base)
    if kind_name == "interactive":
        body = _dict(raw.get("interactive"))
        reply = _dict(body.get("button_reply")) or _dict(body.get("list_reply"))
        if reply:
            return _reply(_str(reply.get("id")), _str(reply.get("title")), base)
        return Inbound(kind=InboundKind.UNSUPPORTED, text="interactive", **base)
    if kind_name == "button":  # a template's quick-reply button
        body = _dict(raw.get("button"))
        return _reply(_str(body.get("payload")), _str(body.get("text")), base)
    # reaction, order, system, unknown/unsupported ...: a placeholder the attendant can see.
    return Inbound(kind=InboundKind.UNSUPPORTED, text=kind_name, **base)


def _reply(reply_id: str | None, title: str | None, base: dict[str, Any]) -> Inbound:
    rating = rating_of(reply_id)
    if rating is not None:
        return Inbound(
            kind=InboundKind.RATING, text=title, reply_id=reply_id, rating=rating, **base
        )
    return Inbound(kind=InboundKind.REPLY, text=title, reply_id=reply_id, **base)


_STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}


def _status(raw: dict[str, Any]) -> StatusUpdate | None:
    message_id = _str(raw.get("id"))
    status = _STATUSES.get(str(raw.get("status")))
    if message_id is None or status is None:
        return None
    errors = [_dict(e) for e in _list(raw.get("errors"))]
    error = errors[0] if errors else {}
    details = _str(_dict(error.get("error_data")).get("details"))
    title = _str(error.get("title")) or _str(error.get("message"))
    return StatusUpdate(
        provider_message_id=message_id,
        status=status,
        at=_at(raw.get("timestamp")),
        error_code=_str(error.get("code")),
        error_title=" — ".join(p for p in (title, details) if p) or None,
    )


def parse(payload: Any) -> Delivery:
    """A webhook call's body (already JSON-decoded) into messages and statuses."""
    messages: list[Inbound] = []
    statuses: list[StatusUpdate] = []
    ignored: list[str] = []
    body = _dict(payload)
    if body.get("object") != "whatsapp_business_account":
        return Delivery(ignored=(f"object {body.get('object')!r}",))
    for entry in map(_dict, _list(body.get("entry"))):
        for change in map(_dict, _list(entry.get("changes"))):
            field = change.get("field")
            value = _dict(change.get("value"))
            if field != "messages":
                ignored.append(f"field {field!r}")
                continue
            contacts: dict[str, dict[str, Any]] = {}
            for contact in map(_dict, _list(value.get("contacts"))):
                for key in ("wa_id", "user_id"):
                    if contact.get(key):
                        contacts[str(contact[key])] = contact
            for raw in map(_dict, _list(value.get("messages"))):
                inbound = _message(raw, contacts)
                if inbound is None:
                    ignored.append("a message without id")
                else:
                    messages.append(inbound)
            for raw in map(_dict, _list(value.get("statuses"))):
                update = _status(raw)
                if update is None:
                    ignored.append(f"status {raw.get('status')!r}")
                else:
                    statuses.append(update)
            for error in map(_dict, _list(value.get("errors"))):
                ignored.append(f"error {error.get('code')}: {error.get('title')}")
    return Delivery(messages=tuple(messages), statuses=tuple(statuses), ignored=tuple(ignored))


# --- errors --------------------------------------------------------------------------------

# Graph error code -> (reason for the attendant, worth retrying).
ERRORS: dict[str, tuple[str, bool]] = {
    "131047": ("Fora da janela de 24 horas: envie um modelo aprovado.", False),
    "131030": (
        "Número fora da lista de destinatários permitidos da conta de testes do WhatsApp.",
        False,
    ),
    "190": (
        "O token de acesso do WhatsApp expirou ou é inválido: atualize a integração.",
        False,
    ),
    "131026": (
        "Mensagem não entregue: o número pode não ter WhatsApp ou o aplicativo está desatualizado.",
        False,
    ),
    "131049": ("O WhatsApp não entregou a mensagem para limitar o envio a este cliente.", False),
    "131051": ("Tipo de mensagem não suportado pelo WhatsApp.", False),
    "131052": ("Não foi possível baixar a mídia enviada.", False),
    "131053": ("Não foi possível enviar a mídia: formato ou tamanho não aceito.", False),
    "131031": ("A conta do WhatsApp está bloqueada.", False),
    "131042": ("Problema de pagamento na conta do WhatsApp.", False),
    "131021": ("O destinatário é o próprio número da empresa.", False),
    "131008": ("Falta um parâmetro obrigatório na mensagem.", False),
    "131009": ("Um parâmetro da mensagem é inválido.", False),
    "100": ("Um parâmetro da mensagem é inválido.", False),
    "132000": ("O número de parâmetros não confere com o modelo.", False),
    "132001": ("O modelo não existe neste idioma ou ainda não foi aprovado.", False),
    "132005": ("O texto do modelo ficou longo demais com os parâmetros.", False),
    "132007": ("O modelo viola as políticas do WhatsApp.", False),
    "132012": ("Os parâmetros não têm o formato que o modelo pede.", False),
    "132015": ("O modelo está pausado por baixa qualidade.", False),
    "132016": ("O modelo foi desativado.", False),
    "368": ("Número temporariamente bloqueado por violar as políticas do WhatsApp.", False),
    "130472": ("O número do cliente faz parte de um experimento do WhatsApp.", False),
    "130429": ("Limite de envio do WhatsApp atingido.", True),
    "131056": ("Muitas mensagens para este cliente em pouco tempo.", True),
    "80007": ("Limite de envio do WhatsApp atingido.", True),
    "4": ("Limite de chamadas à API do WhatsApp atingido.", True),
    "131000": ("Erro temporário no WhatsApp.", True),
    "131016": ("Serviço do WhatsApp indisponível no momento.", True),
    "1": ("Erro temporário no WhatsApp.", True),
    "2": ("Serviço do WhatsApp indisponível no momento.", True),
}


def describe_error(code: str | None, title: str | None = None) -> str:
    """A reason the attendant can read, for a send refused now or failed later."""
    if code in ERRORS:
        return ERRORS[code][0]
    return f"O WhatsApp não entregou a mensagem (código {code or '?'})."


def _error_of(response: httpx.Response) -> ProviderError:
    try:
        error = _dict(_dict(response.json()).get("error"))
    except ValueError:
        error = {}
    code = _str(error.get("code"))
    detail = " ".join(
        p
        for p in (
            _str(error.get("message")),
            _str(_dict(error.get("error_data")).get("details")),
        )
        if p
    )
    known = ERRORS.get(code or "")
    if known is not None:
        reason, retry = known
    else:
        reason = describe_error(code)
        retry = response.status_code >= 500 or response.status_code == 429
    return ProviderError(reason, code=code, retry=retry, detail=detail or response.reason_phrase)


# --- sending -------------------------------------------------------------------------------


def _kind_for(content_type: str) -> str:
    """The Cloud API message type a file goes as; anything else is a document."""
    main = content_type.split("/")[0]
    if content_type in ("image/jpeg", "image/png"):
        return "image"
    if main in ("video", "audio"):
        return main
    return "document"


class CloudSender:
    """Sends one integration's messages through the Graph API (the ``Sender`` protocol)."""

    def __init__(self, config: IntegrationConfig, client: httpx.AsyncClient) -> None:
        self.config = config
        self.client = client
        self.base_url = (config.setting("base_url") or DEFAULT_BASE_URL).rstrip("/")
        self.phone_number_id = config.setting("phone_number_id") or ""
        self._headers = {"Authorization": f"Bearer {config.setting('access_token') or ''}"}

    async def _post(self, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self.client.post(
                f"{self.base_url}/{path}", headers=self._headers, **kwargs
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never reached Meta: safe to try again.
            raise ProviderError(
                "Não foi possível falar com o WhatsApp.", retry=True, detail=type(exc).__name__
            ) from exc
        except httpx.TimeoutException as exc:
            # Sent, but no answer: Meta may have taken it. Trying again could send it twice.
            raise ProviderError(
                "O WhatsApp não confirmou o envio a tempo: "
                "confira com o cliente antes de reenviar.",
                retry=False,
                detail=type(exc).__name__,
            ) from exc
        except httpx.HTTPError as exc:
            raise ProviderError(
                "Não foi possível falar com o WhatsApp.", retry=True, detail=type(exc).__name__
            ) from exc
        if response.status_code >= 400:
            raise _error_of(response)
        try:
            return _dict(response.json())
        except ValueError as exc:
            raise ProviderError(
                "Resposta inesperada do WhatsApp.", retry=True, detail="not JSON"
            ) from exc

    async def upload(self, path: Path, content_type: str, filename: str) -> str:
        """POST /{phone_number_id}/media: the file becomes a media id to send by."""
        content = await _read(path)
        answer = await self._post(
            f"{self.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": content_type},
            files={"file": (filename, content, content_type)},
        )
        media_id = _str(answer.get("id"))
        if media_id is None:
            raise ProviderError("Resposta inesperada do WhatsApp.", retry=True, detail="no id")
        return media_id

    async def body_for(self, outgoing: Outgoing) -> dict[str, Any]:
        """The JSON body POSTed to /{phone_number_id}/messages."""
        body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual"}
        if outgoing.to.phone:
            body["to"] = outgoing.to.phone
        elif outgoing.to.user_id:
            body["recipient"] = outgoing.to.user_id  # a customer known only by their BSUID
        else:
            raise ProviderError("O contato não tem número de WhatsApp.")
        if outgoing.quoted_provider_id:
            body["context"] = {"message_id": outgoing.quoted_provider_id}
        if outgoing.template_name:
            template: dict[str, Any] = {
                "name": outgoing.template_name,
                "language": {"code": outgoing.template_language or "pt_BR"},
            }
            if outgoing.template_parameters:
                template["components"] = [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": p} for p in outgoing.template_parameters
                        ],
                    }
                ]
            body.update(type="template", template=template)
        elif outgoing.media_path:
            content_type = outgoing.media_content_type or "application/octet-stream"
            filename = outgoing.media_filename or Path(outgoing.media_path).name
            kind = _kind_for(content_type)
            media: dict[str, Any] = {
                "id": await self.upload(Path(outgoing.media_path), content_type, filename)
            }
            if outgoing.text and kind != "audio":
                media["caption"] = outgoing.text
            if kind == "document":
                media["filename"] = filename
            body.update(type=kind, **{kind: media})
        elif outgoing.buttons:
            body.update(type="interactive", interactive=_choices(outgoing))
        else:
            body.update(type="text", text={"preview_url": False, "body": outgoing.text or ""})
        return body

    async def send(self, outgoing: Outgoing) -> str:
        answer = await self._post(
            f"{self.phone_number_id}/messages", json=await self.body_for(outgoing)
        )
        messages = [_dict(m) for m in _list(answer.get("messages"))]
        message_id = _str(messages[0].get("id")) if messages else None
        if message_id is None:
            raise ProviderError(
                "Resposta inesperada do WhatsApp.", retry=True, detail="no message id"
            )
        return message_id


def _choices(outgoing: Outgoing) -> dict[str, Any]:
    """Quick replies: up to three as buttons, more as a list; the i-th (from 1) answers with
    id ``rating-i``."""
    text = outgoing.text or ""
    if len(outgoing.buttons) <= 3:
        return {
            "type": "button",
            "body": {"text": text},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": f"{RATING_PREFIX}{i}", "title": title[:20]}}
                    for i, title in enumerate(outgoing.buttons, start=1)
                ]
            },
        }
    return {
        "type": "list",
        "body": {"text": text},
        "action": {
            "button": "Avaliar",
            "sections": [
                {
                    "title": "Avaliação",
                    "rows": [
                        {"id": f"{RATING_PREFIX}{i}", "title": title[:24]}
                        for i, title in enumerate(outgoing.buttons[:10], start=1)
                    ],
                }
            ],
        },
    }


async def _read(path: Path) -> bytes:
    return await asyncio.to_thread(path.read_bytes)


# --- media in ------------------------------------------------------------------------------


async def fetch_media(
    config: IntegrationConfig,
    client: httpx.AsyncClient,
    ref: MediaRef,
    limit: int = MAX_MEDIA_BYTES,
) -> tuple[bytes, str, str]:
    """GET /{media_id} for its URL, then the URL itself, both with the access token.
    Returns (content, content type, filename); raises on any failure, and as soon as the
    file passes ``limit`` bytes (the service's own, at most WhatsApp's largest)."""
    base_url = (config.setting("base_url") or DEFAULT_BASE_URL).rstrip("/")
    headers = {"Authorization": f"Bearer {config.setting('access_token') or ''}"}
    url = ref.url
    content_type = ref.content_type
    if ref.provider_media_id:
        answer = await client.get(f"{base_url}/{ref.provider_media_id}", headers=headers)
        if answer.status_code >= 400:
            raise _error_of(answer)
        info = _dict(answer.json())
        url = _str(info.get("url")) or url
        content_type = content_type or _str(info.get("mime_type"))
    if not url:
        raise ProviderError("A mídia não tem endereço.", detail="no url")
    # Streamed and cut off past the limit: the URL's answer is never read whole into memory
    # whatever its size (the core then applies the service's limit for its kind).
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code >= 400:
            await response.aread()
            raise _error_of(response)
        data = await read_capped(
            response.aiter_bytes(),
            min(limit, MAX_MEDIA_BYTES),
            "A mídia do cliente é grande demais.",
        )
        header_type = response.headers.get("content-type")
    content_type = content_type or header_type or "application/octet-stream"
    content_type = content_type.split(";")[0].strip().lower()
    return data, content_type, ref.filename or _filename_for(ref, content_type)


def _filename_for(ref: MediaRef, content_type: str) -> str:
    extension = {"audio/ogg": ".ogg", "image/jpeg": ".jpg", "image/webp": ".webp"}.get(
        content_type
    ) or (mimetypes.guess_extension(content_type) or "")
    stem = {"image": "imagem", "video": "video", "audio": "audio"}.get(
        content_type.split("/")[0], "arquivo"
    )
    return f"{stem}-{ref.provider_media_id or 'whatsapp'}{extension}"
