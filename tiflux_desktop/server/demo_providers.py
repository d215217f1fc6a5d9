"""Demo mode's simulated providers: a small WhatsApp Cloud (Graph API) and a small Gupshup,
mounted in the demo service itself under ``/demo-providers``, and the customers' phones.

The demo's WhatsApp and Gupshup integrations are real integrations whose provider ``base_url``
points here, with secrets made at start and kept in memory (never logged). So a demo customer
exercises the whole path a real one does:

- a WhatsApp customer's message is a webhook signed with the app secret, posted to the
  service's ``/webhooks/whatsapp-cloud/{id}``; a Gupshup customer's is a v2 callback posted
  to ``/webhooks/gupshup/{id}?token=...``;
- what attendants (and the bot) send leaves through the channel's real sender to the
  simulated provider, which records it, answers with a provider id, and then posts the status
  webhooks a provider would (sent, delivered; read once the customer read it).

Every call goes in-process (``httpx.ASGITransport`` to the service's own app at
``http://demo.invalid``): through the real routes, with no port, nothing reaching outside.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse

from tiflux_desktop.domain import Origin

from .bot import menu
from .channels.whatsapp_cloud import sign
from .config import IntegrationConfig, ServiceConfig

log = logging.getLogger(__name__)

DEMO_ORIGIN = "http://demo.invalid"  # the service's own address for in-process calls
PREFIX = "/demo-providers"
GRAPH_VERSION = "v21.0"
API_PREFIX = "/api/v2"

# The demo's seeded integrations (demo.py inserts them in this order into an empty database).
WHATSAPP_CLOUD_ID = 2
GUPSHUP_ID = 3
_WHATSAPP_NAME, _WHATSAPP_PHONE = "WhatsApp Cloud API – Central", "5511400040001"
_GUPSHUP_NAME, _GUPSHUP_PHONE = "Gupshup – Comercial", "5511400040002"
_PHONE_NUMBER_ID = "100000000000002"
_GUPSHUP_APP = "TifluxDemo"


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One message the service sent through a simulated provider."""

    integration_id: int
    provider_message_id: str
    to: str
    kind: str  # text, interactive, template, image, document, quick_reply, list ...
    text: str | None
    seq: int  # order of arrival, across providers


@dataclass(frozen=True, slots=True)
class Posted:
    """One call a simulated provider or phone made to the service's routes."""

    integration_id: int
    what: str  # "message" or "status:<sent|delivered|read>"
    status_code: int
    provider_message_id: str | None = None  # the message a status is about


@dataclass
class _Pending:
    message: SentMessage
    read: asyncio.Event = field(default_factory=asyncio.Event)


class DemoProviders:
    """The simulated Graph API and Gupshup, their secrets, and what went through them."""

    def __init__(self, config: ServiceConfig) -> None:
        self.pace = config.demo_pace
        declared = {i.id for i in config.integrations}
        # A file that declares its own integration 2 or 3 keeps it: the demo simulates only
        # the channels it provides.
        self.whatsapp: IntegrationConfig | None = None
        self.gupshup: IntegrationConfig | None = None
        if WHATSAPP_CLOUD_ID not in declared:
            self.whatsapp = IntegrationConfig(
                id=WHATSAPP_CLOUD_ID,
                type=Origin.WHATSAPP_CLOUD.value,
                name=_WHATSAPP_NAME,
                phone_number=_WHATSAPP_PHONE,
                provider=MappingProxyType(
                    {
                        "phone_number_id": _PHONE_NUMBER_ID,
                        "access_token": secrets.token_urlsafe(32),
                        "app_secret": secrets.token_hex(16),
                        "verify_token": secrets.token_urlsafe(16),
                        "base_url": f"{DEMO_ORIGIN}{PREFIX}/graph/{GRAPH_VERSION}",
                    }
                ),
            )
        if GUPSHUP_ID not in declared:
            self.gupshup = IntegrationConfig(
                id=GUPSHUP_ID,
                type=Origin.GUPSHUP.value,
                name=_GUPSHUP_NAME,
                phone_number=_GUPSHUP_PHONE,
                provider=MappingProxyType(
                    {
                        "app_name": _GUPSHUP_APP,
                        "api_key": secrets.token_urlsafe(32),
                        "source_number": _GUPSHUP_PHONE,
                        "callback_token": secrets.token_urlsafe(24),
                        # The demo's templates are seeded; the simulated Gupshup lists none.
                        "sync_templates": "false",
                        "base_url": f"{DEMO_ORIGIN}{PREFIX}/gupshup",
                    }
                ),
            )
        self.sent: list[SentMessage] = []
        self.posted: list[Posted] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self._pending: dict[str, _Pending] = {}
        self._delivered: set[str] = set()
        self._seq = itertools.count(1)
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self.router = self._routes()

    # --- wiring -----------------------------------------------------------------------------

    def configure(self, config: ServiceConfig) -> ServiceConfig:
        """The service's config with the simulated integrations added; Gupshup fetches
        outbound media from the service's signed links, here at the in-process address."""
        provided = tuple(i for i in (self.whatsapp, self.gupshup) if i is not None)
        return replace(
            config,
            integrations=(*config.integrations, *provided),
            public_base_url=config.public_base_url or DEMO_ORIGIN,
        )

    def mounts(self, app: FastAPI) -> dict[str, httpx.AsyncBaseTransport]:
        """For the channel core's client: the simulated providers' address, in-process."""
        return {DEMO_ORIGIN: httpx.ASGITransport(app=app)}

    def start(self, app: FastAPI) -> None:
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=DEMO_ORIGIN, timeout=30
        )

    @property
    def client(self) -> httpx.AsyncClient:
        """The service's routes, in-process (the demo's customers and providers call it)."""
        if self._client is None:
            raise RuntimeError("the demo providers are not started")
        return self._client

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _spawn(self, coroutine: Any, name: str) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- calls into the service ---------------------------------------------------------------

    async def _post(
        self, integration_id: int, what: str, about: str | None, url: str, **kwargs: Any
    ) -> int:
        try:
            response = await self.client.post(url, **kwargs)
            code = response.status_code
        except httpx.HTTPError as exc:
            log.warning("demo: a webhook to integration %d failed: %s", integration_id, exc)
            code = 0
        if code != 200:
            log.warning("demo: integration %d answered %d to a %s", integration_id, code, what)
        self.posted.append(Posted(integration_id, what, code, about))
        return code

    async def post_whatsapp(self, value: dict[str, Any]) -> int:
        """A Meta webhook delivery carrying ``value`` (messages or statuses), signed."""
        assert self.whatsapp is not None
        body = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "100000000000001",
                    "changes": [
                        {
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": _WHATSAPP_PHONE,
                                    "phone_number_id": _PHONE_NUMBER_ID,
                                },
                                **value,
                            },
                            "field": "messages",
                        }
                    ],
                }
            ],
        }
        raw = json.dumps(body, ensure_ascii=False).encode()
        if "messages" in value:
            what, about = "message", None
        else:
            what, about = f"status:{value['statuses'][0]['status']}", value["statuses"][0]["id"]
        return await self._post(
            self.whatsapp.id,
            what,
            about,
            f"{API_PREFIX}/webhooks/whatsapp-cloud/{self.whatsapp.id}",
            content=raw,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": sign(self.whatsapp.setting("app_secret") or "", raw),
            },
        )

    async def post_gupshup(self, kind: str, payload: dict[str, Any]) -> int:
        """A Gupshup v2 callback to the callback URL with its token."""
        assert self.gupshup is not None
        body = {
            "app": _GUPSHUP_APP,
            "timestamp": int(time.time() * 1000),
            "version": 2,
            "type": kind,
            "payload": payload,
        }
        if kind == "message":
            what, about = "message", None
        else:
            what, about = f"status:{payload['type']}", payload.get("gsId")
        return await self._post(
            self.gupshup.id,
            what,
            about,
            f"{API_PREFIX}/webhooks/gupshup/{self.gupshup.id}",
            params={"token": self.gupshup.setting("callback_token") or ""},
            json=body,
        )

    # --- what was sent, and its statuses -----------------------------------------------------

    def received(self, integration_id: int, phone: str, after_seq: int) -> list[SentMessage]:
        """What reached this phone through this integration after ``after_seq``: delivered
        ones only (a phone shows nothing before its provider delivered it)."""
        return [
            m
            for m in self.sent
            if m.integration_id == integration_id
            and m.to == phone
            and m.seq > after_seq
            and m.provider_message_id in self._delivered
        ]

    def mark_read(self, messages: Iterable[SentMessage]) -> None:
        """The customer opened these: their provider says so (after sent and delivered)."""
        for message in messages:
            pending = self._pending.get(message.provider_message_id)
            if pending is not None:
                pending.read.set()

    def _record(
        self, integration_id: int, provider_id: str, to: str, kind: str, text: str | None
    ) -> None:
        message = SentMessage(integration_id, provider_id, to, kind, text, next(self._seq))
        self.sent.append(message)
        pending = self._pending[provider_id] = _Pending(message)
        self._spawn(self._statuses(pending), f"demo-status-{provider_id[-8:]}")

    async def _statuses(self, pending: _Pending) -> None:
        """Sent, then delivered a moment later (the phone is on), then read when read."""
        message = pending.message
        try:
            # A moment first, as a provider takes: the service stores the id after our answer.
            await asyncio.sleep(max(0.3, 1.0 * self.pace))
            await self._status(message, "sent")
            await asyncio.sleep(max(0.2, 2.0 * self.pace))
            await self._status(message, "delivered")
            self._delivered.add(message.provider_message_id)
            await pending.read.wait()
            await self._status(message, "read")
        finally:
            self._pending.pop(message.provider_message_id, None)

    async def _status(self, message: SentMessage, status: str) -> None:
        now = int(time.time())
        if self.whatsapp is not None and message.integration_id == self.whatsapp.id:
            await self.post_whatsapp(
                {
                    "statuses": [
                        {
                            "id": message.provider_message_id,
                            "status": status,
                            "timestamp": str(now),
                            "recipient_id": message.to,
                        }
                    ]
                }
            )
        elif self.gupshup is not None and message.integration_id == self.gupshup.id:
            await self.post_gupshup(
                "message-event",
                {
                    "id": f"gBEGDEMO{uuid.uuid4().hex[:18].upper()}",  # WhatsApp's own id
                    "gsId": message.provider_message_id,
                    "type": status,
                    "destination": message.to,
                    "payload": {"ts": now},
                },
            )

    # --- the simulated providers' APIs -------------------------------------------------------

    def _routes(self) -> APIRouter:
        router = APIRouter(prefix=PREFIX, include_in_schema=False)
        graph = f"/graph/{GRAPH_VERSION}"

        def graph_error(status: int, code: int, message: str) -> JSONResponse:
            return JSONResponse(
                {"error": {"message": message, "type": "OAuthException", "code": code}},
                status_code=status,
            )

        def graph_allowed(phone_number_id: str | None, authorization: str | None) -> bool:
            config = self.whatsapp
            if config is None:
                return False
            token = config.setting("access_token") or ""
            return secrets.compare_digest(
                (authorization or "").encode(), f"Bearer {token}".encode()
            ) and phone_number_id in (None, config.setting("phone_number_id"))

        @router.post(graph + "/{phone_number_id}/messages")
        async def graph_messages(  # pyright: ignore[reportUnusedFunction]
            phone_number_id: str,
            request: Request,
            authorization: Annotated[str | None, Header()] = None,
        ) -> Response:
            if not graph_allowed(phone_number_id, authorization):
                return graph_error(401, 190, "Invalid OAuth access token.")
            try:
                body: dict[str, Any] = dict(await request.json())
            except ValueError:
                return graph_error(400, 100, "Invalid parameter")
            to = str(body.get("to") or body.get("recipient") or "")
            kind = str(body.get("type") or "text")
            if not to:
                return graph_error(400, 100, "Invalid parameter")
            assert self.whatsapp is not None
            provider_id = f"wamid.DEMO{uuid.uuid4().hex.upper()}"
            self._record(self.whatsapp.id, provider_id, to, kind, _graph_text(body))
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": to, "wa_id": to}],
                    "messages": [{"id": provider_id}],
                }
            )

        @router.post(graph + "/{phone_number_id}/media")
        async def graph_upload(  # pyright: ignore[reportUnusedFunction]
            phone_number_id: str,
            request: Request,
            authorization: Annotated[str | None, Header()] = None,
        ) -> Response:
            if not graph_allowed(phone_number_id, authorization):
                return graph_error(401, 190, "Invalid OAuth access token.")
            form = await request.form()
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                return graph_error(400, 100, "Invalid parameter")
            media_id = str(next(self._seq) + 900_000_000)
            self.media[media_id] = (await upload.read(), upload.content_type or "")
            return JSONResponse({"id": media_id})

        @router.get(graph + "/{media_id}")
        async def graph_media(  # pyright: ignore[reportUnusedFunction]
            media_id: str, authorization: Annotated[str | None, Header()] = None
        ) -> Response:
            if not graph_allowed(None, authorization):
                return graph_error(401, 190, "Invalid OAuth access token.")
            if media_id not in self.media:
                return graph_error(404, 100, "Unsupported get request.")
            content, content_type = self.media[media_id]
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{DEMO_ORIGIN}{PREFIX}{graph}/files/{media_id}",
                    "mime_type": content_type,
                    "file_size": len(content),
                    "id": media_id,
                }
            )

        @router.get(graph + "/files/{media_id}")
        async def graph_file(  # pyright: ignore[reportUnusedFunction]
            media_id: str, authorization: Annotated[str | None, Header()] = None
        ) -> Response:
            if not graph_allowed(None, authorization) or media_id not in self.media:
                return Response(status_code=404)
            content, content_type = self.media[media_id]
            return Response(content, media_type=content_type or "application/octet-stream")

        async def gupshup_send(request: Request, template: bool) -> Response:
            config = self.gupshup
            key = request.headers.get("apikey") or ""
            if config is None or not secrets.compare_digest(
                key.encode(), (config.setting("api_key") or "").encode()
            ):
                return JSONResponse(
                    {"status": "error", "message": "Authentication Failed"}, status_code=401
                )
            form = await request.form()
            values = {k: v for k, v in form.items() if isinstance(v, str)}
            to = values.get("destination", "")
            if not to or values.get("source") != config.setting("source_number"):
                return JSONResponse(
                    {"status": "error", "message": "Invalid Destination"}, status_code=400
                )
            try:
                message: dict[str, Any] = dict(
                    json.loads(values.get("template" if template else "message", "{}"))
                )
            except ValueError:
                return JSONResponse(
                    {"status": "error", "message": "Invalid message"}, status_code=400
                )
            kind = "template" if template else str(message.get("type") or "text")
            url = message.get("url") or message.get("originalUrl")
            if isinstance(url, str) and url.startswith(DEMO_ORIGIN):
                # Gupshup downloads the file from the link it was given: so does the demo.
                fetched = await self.client.get(url.removeprefix(DEMO_ORIGIN))
                if fetched.status_code != 200:
                    return JSONResponse(
                        {"status": "error", "message": "Invalid media url"}, status_code=400
                    )
            provider_id = str(uuid.uuid4())
            self._record(config.id, provider_id, to, kind, _gupshup_text(message))
            return JSONResponse({"status": "submitted", "messageId": provider_id})

        @router.post("/gupshup/wa/api/v1/msg")
        async def gupshup_msg(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            return await gupshup_send(request, template=False)

        @router.post("/gupshup/wa/api/v1/template/msg")
        async def gupshup_template(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            return await gupshup_send(request, template=True)

        return router


def _graph_text(body: dict[str, Any]) -> str | None:
    kind = body.get("type")
    part: Any = body.get(kind) if isinstance(kind, str) else None
    if not isinstance(part, dict):
        return None
    if kind == "text":
        return str(part.get("body") or "") or None  # pyright: ignore[reportUnknownMemberType]
    if kind == "interactive":
        return str(part.get("body", {}).get("text") or "") or None  # pyright: ignore[reportUnknownMemberType]
    if kind == "template":
        return f"[modelo {part.get('name')}]"  # pyright: ignore[reportUnknownMemberType]
    return part.get("caption") or f"[{kind}]"  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]


def _gupshup_text(message: dict[str, Any]) -> str | None:
    kind = message.get("type")
    if kind == "text":
        return message.get("text")
    if kind == "quick_reply":
        return message.get("content", {}).get("text")
    if kind == "list":
        return message.get("body")
    if "id" in message and "params" in message:
        return f"[modelo {message['id']}]"
    return message.get("caption") or f"[{kind}]"


# --- the customers' phones ------------------------------------------------------------------


def bot_texts(config: ServiceConfig) -> frozenset[str]:
    """What the service's bot says: a customer tells it from a person by its words."""
    flow = config.triage
    return frozenset(
        {
            flow.greeting,
            menu(flow),
            flow.invalid_answer,
            flow.queued,
            flow.farewell,
            config.rating_question,
            config.rating_thanks,
            *(flow.selected.format(option=o.label) for o in flow.options),
        }
    )


class Phone:
    """A customer's WhatsApp, on the WhatsApp Cloud or the Gupshup integration: writes go to
    the service as the provider's webhooks; what it receives is what the simulated provider
    delivered to this number."""

    def __init__(
        self, providers: DemoProviders, integration_id: int, phone: str, name: str
    ) -> None:
        self.providers = providers
        self.integration_id = integration_id
        self.phone = phone
        self.name = name
        self._after = max((m.seq for m in providers.sent), default=0)  # arrived before them
        self._seen: set[str] = set()

    @property
    def _cloud(self) -> bool:
        whatsapp = self.providers.whatsapp
        return whatsapp is not None and whatsapp.id == self.integration_id

    async def say(self, text: str) -> bool:
        if self._cloud:
            return await self._cloud_message({"type": "text", "text": {"body": text}})
        return await self._gupshup_message("text", {"text": text})

    async def choose(self, reply_id: str, title: str) -> bool:
        """Pick an entry of a list, as WhatsApp's list replies do."""
        if self._cloud:
            return await self._cloud_message(
                {
                    "type": "interactive",
                    "interactive": {
                        "type": "list_reply",
                        "list_reply": {"id": reply_id, "title": title},
                    },
                }
            )
        return await self._gupshup_message(
            "list_reply", {"title": title, "id": reply_id, "postbackText": reply_id}
        )

    def news(self) -> list[SentMessage]:
        """What arrived since the last look; opening it tells the provider it was read."""
        found = [
            m
            for m in self.providers.received(self.integration_id, self.phone, self._after)
            if m.provider_message_id not in self._seen
        ]
        self._seen.update(m.provider_message_id for m in found)
        self.providers.mark_read(found)
        return found

    async def _cloud_message(self, content: dict[str, Any]) -> bool:
        message = {
            "from": self.phone,
            "id": f"wamid.DEMOIN{uuid.uuid4().hex.upper()}",
            "timestamp": str(int(time.time())),
            **content,
        }
        code = await self.providers.post_whatsapp(
            {
                "contacts": [{"profile": {"name": self.name}, "wa_id": self.phone}],
                "messages": [message],
            }
        )
        return code == 200

    async def _gupshup_message(self, kind: str, content: dict[str, Any]) -> bool:
        code = await self.providers.post_gupshup(
            "message",
            {
                "id": f"ABEGDEMO{uuid.uuid4().hex.upper()}",
                "source": self.phone,
                "type": kind,
                "payload": content,
                "sender": {
                    "phone": self.phone,
                    "name": self.name,
                    "country_code": self.phone[:2],
                    "dial_code": self.phone[2:],
                },
            },
        )
        return code == 200
