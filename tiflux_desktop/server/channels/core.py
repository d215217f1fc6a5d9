"""The channel core: what every provider channel shares once its payloads are parsed.

Inbound, a ``Delivery`` (customers' messages and delivery statuses) is queued by ``accept`` so
the webhook answers at once, and a worker stores it: the customer's contact found or created
by phone or provider user id, the message through ``Customers.receive`` (triage, new chat or
existing one) with its media fetched and stored, idempotent by the provider's message id; a
status moves one of our messages forward, never back. A rating answer after Finalizar becomes
the finished chat's assessment, not a new request.

Outbound, public messages on provider integrations are stored ``queued`` (by attendants, the
bot, the rating question); the dispatcher sends them through the channel's ``Sender``, in
order per chat, records the provider's id and marks them sent, retries passing failures with
pauses and fails the rest with a reason the attendant can read. Queued messages left at
shutdown are sent at the next start. Every change goes through ``Storage`` and emits the usual
events, so attendants see statuses live.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import httpx
import sqlalchemy as sa
from pydantic import TypeAdapter

from tiflux_desktop.domain import AuthorType, DeliveryStatus, Origin, advance_delivery
from tiflux_desktop.protocol import EventType

from .. import db
from ..config import IntegrationConfig
from ..events import StoredEvent
from ..files import StoredFile
from ..service import Service
from ..storage import Storage
from .model import (
    Customer,
    Delivery,
    Inbound,
    InboundKind,
    MediaRef,
    Outgoing,
    ProviderError,
    Sender,
    StatusUpdate,
)

log = logging.getLogger(__name__)

MakeSender = Callable[[IntegrationConfig, httpx.AsyncClient], Sender]
# (integration, client, media, the most bytes the service keeps) -> (content, type, name)
FetchMedia = Callable[
    [IntegrationConfig, httpx.AsyncClient, MediaRef, int], Awaitable[tuple[bytes, str, str]]
]
DescribeError = Callable[[str | None, str | None], str]

RATING_PREFIX = "rating-"
_STORE_RETRY_DELAYS = (1.0, 5.0, 30.0, 120.0)  # a kept delivery that failed to be stored
_DELIVERY = TypeAdapter(Delivery)  # a Delivery to JSON and back, for channel_inbox
_POLL = 5.0  # seconds between looks for queued messages when nothing wakes the dispatcher
_SEND_FAILED = "Não foi possível enviar a mensagem"
_MEDIA_LABEL = {
    InboundKind.IMAGE: "imagem",
    InboundKind.VIDEO: "vídeo",
    InboundKind.AUDIO: "áudio",
    InboundKind.DOCUMENT: "documento",
    InboundKind.STICKER: "figurinha",
}


def rating_of(inbound: Inbound) -> int | None:
    """The 1..5 of a rating answer (RATING, or a reply whose id is ``rating-N``)."""
    if inbound.kind is InboundKind.RATING and inbound.rating is not None:
        return inbound.rating if 1 <= inbound.rating <= 5 else None
    reply_id = inbound.reply_id or ""
    if inbound.kind in (InboundKind.REPLY, InboundKind.RATING) and reply_id.startswith(
        RATING_PREFIX
    ):
        number = reply_id[len(RATING_PREFIX) :]
        if number.isdigit() and 1 <= int(number) <= 5:
            return int(number)
    return None


def readable_text(inbound: Inbound) -> str | None:
    """What the attendant reads for a message that is not plain text."""
    if inbound.kind is InboundKind.LOCATION and inbound.latitude is not None:
        where = f"📍 Localização: {inbound.latitude:g}, {inbound.longitude:g}"
        return f"{where} ({inbound.text})" if inbound.text else where
    if inbound.kind is InboundKind.CONTACTS:
        return f"👤 Contato compartilhado: {inbound.text}" if inbound.text else "👤 Contato"
    if inbound.kind is InboundKind.UNSUPPORTED:
        if inbound.text and inbound.text.startswith("["):
            return inbound.text
        return f"[Mensagem não suportada pelo app: tipo {inbound.text or 'desconhecido'}]"
    return inbound.text


class ChannelCore:
    def __init__(
        self,
        service: Service,
        *,
        mounts: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        """``mounts``: transports for some provider addresses, as httpx's ``mounts``
        (``{"http://demo.invalid": httpx.ASGITransport(app)}``): demo mode reaches its
        simulated providers in-process this way; every other address goes out as usual."""
        self.service = service
        self._mounts = dict(mounts or {})
        self._makers: dict[str, MakeSender] = {}
        self._fetchers: dict[str, FetchMedia] = {}
        self._describers: dict[str, DescribeError] = {}
        self._senders: dict[int, Sender] = {}
        # Row ids of channel_inbox: deliveries acknowledged and not yet stored.
        self._inbox: asyncio.Queue[int] = asyncio.Queue()
        self._wake = asyncio.Event()
        self._chat_tasks: dict[int, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._client: httpx.AsyncClient | None = None
        self._unsendable: set[int] = set()
        self._early = _EarlyStatuses()
        self._unrecorded: dict[int, tuple[int, str]] = {}  # sent, provider id not yet stored
        self._attempts: dict[int, int] = {}  # channel_inbox rows that failed to be stored

    # --- set-up ---------------------------------------------------------------------------

    def register(
        self,
        integration_type: str,
        make_sender: MakeSender,
        fetch_media: FetchMedia | None = None,
        describe_error: DescribeError | None = None,
    ) -> None:
        """A channel's sender (and media fetcher, and words for a provider's error code in a
        failed status) for every integration of this type."""
        self._makers[integration_type] = make_sender
        if fetch_media is not None:
            self._fetchers[integration_type] = fetch_media
        if describe_error is not None:
            self._describers[integration_type] = describe_error

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(30.0, connect=10.0), mounts=self._mounts or None
            )
        return self._client

    async def start(self) -> None:
        self.service.storage.committed.append(self._on_commit)
        # Deliveries acknowledged before a crash or a stop: stored now (idempotent anyway).
        async with self.service.storage.read() as conn:
            left = (await conn.scalars(sa.select(db.channel_inbox.c.id).order_by("id"))).all()
        for row_id in left:
            self._inbox.put_nowait(int(row_id))
        if left:
            log.info("channels: %d acknowledged deliveries to store after a restart", len(left))
        self._tasks = [
            asyncio.create_task(self._work_forever(), name="channels-inbound"),
            asyncio.create_task(self._dispatch_forever(), name="channels-outbound"),
        ]

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):
            self.service.storage.committed.remove(self._on_commit)
        # Deliveries already acknowledged get a moment to be stored.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._inbox.join(), 5.0)
        tasks = [*self._tasks, *self._chat_tasks.values()]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        self._chat_tasks.clear()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # --- inbound --------------------------------------------------------------------------

    async def accept(self, integration_id: int, delivery: Delivery) -> None:
        """Keep a webhook's delivery (one small write) for the worker and return: the
        provider's 200 then means it is on disk, whatever happens next."""
        if delivery.ignored:
            log.info("integration %d: ignored %s", integration_id, "; ".join(delivery.ignored[:5]))
        if not (delivery.messages or delivery.statuses):
            return
        async with self.service.storage.write() as tx:
            result = await tx.conn.execute(
                sa.insert(db.channel_inbox).values(
                    integration_id=integration_id,
                    delivery=_DELIVERY.dump_json(delivery).decode(),
                    received_at=tx.now,
                )
            )
            row_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        self._inbox.put_nowait(row_id)

    async def drain(self) -> None:
        """Wait until every accepted delivery is stored (tests, shutdown)."""
        await self._inbox.join()

    async def process(self, integration_id: int, delivery: Delivery) -> bool:
        """Store a delivery now; False when some of it could not be (it may be tried again:
        a message already stored is skipped)."""
        stored = True
        for inbound in delivery.messages:
            try:
                await self._inbound(integration_id, inbound)
            except Exception:
                stored = False
                log.exception(
                    "integration %d: could not store message %s",
                    integration_id,
                    inbound.provider_message_id,
                )
        for update in delivery.statuses:
            try:
                await self._status(integration_id, update)
            except Exception:
                stored = False
                log.exception(
                    "integration %d: could not apply a status to %s",
                    integration_id,
                    update.provider_message_id,
                )
        return stored

    async def _work_forever(self) -> None:
        while True:
            row_id = await self._inbox.get()
            try:
                await self._process_kept(row_id)
            except Exception:
                log.exception("channels: delivery %d failed", row_id)
            finally:
                self._inbox.task_done()

    async def _process_kept(self, row_id: int) -> None:
        async with self.service.storage.read() as conn:
            row = await _by_id(conn, db.channel_inbox, row_id)
        if row is None:
            return
        try:
            delivery = _DELIVERY.validate_json(row["delivery"])
        except ValueError:
            log.exception("channels: delivery %d is unreadable; dropped", row_id)
        else:
            if not await self.process(int(row["integration_id"]), delivery):
                # The provider has its 200: the kept copy is all there is. Tried again a few
                # times; after that it waits on disk for the next start (and the log says so).
                attempts = self._attempts[row_id] = self._attempts.get(row_id, 0) + 1
                if attempts < len(_STORE_RETRY_DELAYS):
                    asyncio.get_running_loop().call_later(
                        _STORE_RETRY_DELAYS[attempts - 1], self._inbox.put_nowait, row_id
                    )
                else:
                    log.error("channels: delivery %d kept for the next start", row_id)
                return
            self._attempts.pop(row_id, None)
        # Stored (each message once, by its provider id): the kept copy can go.
        async with self.service.storage.write() as tx:
            done = sa.delete(db.channel_inbox).where(db.channel_inbox.c.id == row_id)
            await tx.conn.execute(done)

    async def _inbound(self, integration_id: int, inbound: Inbound) -> None:
        customers = self.service.customers
        if await customers.known(integration_id, inbound.provider_message_id):
            log.debug("integration %d: repeated delivery ignored", integration_id)
            return
        who = inbound.customer
        contact_id = await customers.contact_for(
            phone=who.phone, user_id=who.user_id, name=who.name
        )
        rating = rating_of(inbound)
        if rating is not None:
            chat = await customers.rate(
                integration_id,
                contact_id,
                rating,
                text=inbound.text,
                provider_message_id=inbound.provider_message_id,
            )
            if chat is not None:
                log.info("chat %d rated %d", chat.id, rating)
                return
        text = readable_text(inbound)
        upload: StoredFile | None = None
        if inbound.media is not None:
            try:
                upload = await self._fetch(integration_id, inbound.media)
            except Exception as exc:
                label = _MEDIA_LABEL.get(inbound.kind, "anexo")
                log.warning(
                    "integration %d: media of %s not fetched: %s",
                    integration_id,
                    inbound.provider_message_id,
                    type(exc).__name__,
                )
                note = f"[Não foi possível receber o anexo: {label}]"
                text = f"{text}\n{note}" if text else note
        try:
            await customers.receive(
                integration_id,
                contact_id,
                text=text if (text or upload) else "",
                upload=upload,
                provider_message_id=inbound.provider_message_id,
                quoted_provider_id=inbound.quoted_provider_id,
            )
        except BaseException:
            if upload is not None:
                self.service.files.discard(upload.storage_key)
            raise

    async def _fetch(self, integration_id: int, media: MediaRef) -> StoredFile:
        config = self.service.config.integration(integration_id)
        fetch = self._fetchers.get(config.type) if config else None
        if config is None or fetch is None:
            raise LookupError("no media fetcher for this integration")
        # Read no further than the service would keep: past its largest limit the file is
        # refused anyway (the note says so), so it is never held in memory.
        limits = self.service.config.limits
        content, content_type, filename = await fetch(config, self.client, media, limits.largest())
        return await asyncio.to_thread(
            self.service.files.save,
            io.BytesIO(content),
            filename,
            content_type,
            self.service.config.limits,
        )

    async def _status(self, integration_id: int, update: StatusUpdate) -> None:
        async with self.service.storage.write() as tx:
            m = db.messages.c
            row = (
                (
                    await tx.conn.execute(
                        sa.select(m.id, m.chat_id, m.status).where(
                            m.integration_id == integration_id,
                            m.provider_message_id == update.provider_message_id,
                        )
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                # Perhaps ours, its send not yet recorded (the provider's status raced the
                # answer to the send): kept a while and applied when the id is recorded.
                self._early.put((integration_id, update.provider_message_id), update)
                log.info(
                    "integration %d: status %s for a message not known (yet)",
                    integration_id,
                    update.status,
                )
                return
            current = DeliveryStatus(row["status"]) if row["status"] else None
            new = advance_delivery(current, update.status)
            if new is current:
                return
            values: dict[str, Any] = {"status": new.value, "version": m.version + 1}
            if new is DeliveryStatus.FAILED:
                values["status_reason"] = self._describe(
                    integration_id, update.error_code, update.error_title
                )
                log.warning(
                    "integration %d: message %d failed: %s %s",
                    integration_id,
                    row["id"],
                    update.error_code,
                    update.error_title,
                )
            await tx.conn.execute(sa.update(db.messages).where(m.id == row["id"]).values(**values))
            await self._emit(tx, int(row["id"]), int(row["chat_id"]))

    def _describe(self, integration_id: int, code: str | None, title: str | None) -> str:
        config = self.service.config.integration(integration_id)
        describe = self._describers.get(config.type) if config else None
        if describe is not None:
            return describe(code, title)
        return f"O provedor não entregou a mensagem (código {code or '?'})."

    @staticmethod
    async def _emit(tx: Any, message_id: int, chat_id: int) -> None:
        message = await Storage.message(tx.conn, message_id)
        chat = await Storage.chat(tx.conn, chat_id)
        assert message is not None
        assert chat is not None
        await Storage.emit_message(tx, message, chat.department.id if chat.department else None)

    # --- outbound -------------------------------------------------------------------------

    def _on_commit(self, events: Sequence[StoredEvent]) -> None:
        if any(
            e.type is EventType.MESSAGE_UPSERTED
            and e.data.get("status") == DeliveryStatus.QUEUED.value
            for e in events
        ):
            self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def _sendable(self) -> list[int]:
        return [
            c.id for c in self.service.config.integrations if c.active and c.type in self._makers
        ]

    def _sender(self, integration_id: int) -> Sender | None:
        sender = self._senders.get(integration_id)
        if sender is None:
            config = self.service.config.integration(integration_id)
            make = self._makers.get(config.type) if config else None
            if config is None or make is None:
                return None
            sender = self._senders[integration_id] = make(config, self.client)
        return sender

    @staticmethod
    def _queued() -> list[sa.ColumnElement[bool]]:
        m = db.messages.c
        return [
            m.status == DeliveryStatus.QUEUED.value,
            m.internal.is_(False),
            m.author_type != AuthorType.CLIENT.value,
        ]

    async def _dispatch_forever(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._dispatch_once()
            except Exception:
                log.exception("looking for messages to send failed; will retry")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), _POLL)

    async def _dispatch_once(self) -> None:
        sendable = self._sendable()
        async with self.service.storage.read() as conn:
            rows = (
                await conn.execute(
                    sa.select(db.messages.c.chat_id, db.chats.c.integration_id)
                    .join(db.chats, db.chats.c.id == db.messages.c.chat_id)
                    .where(*self._queued())
                    .distinct()
                )
            ).all()
        for chat_id, integration_id in rows:
            if integration_id not in sendable:
                if integration_id not in self._unsendable:
                    self._unsendable.add(integration_id)
                    log.warning(
                        "integration %s has queued messages but no sender configured",
                        integration_id,
                    )
                continue
            if chat_id not in self._chat_tasks:
                task = asyncio.create_task(self._drain_chat(chat_id), name=f"send-chat-{chat_id}")
                self._chat_tasks[chat_id] = task

    async def _drain_chat(self, chat_id: int) -> None:
        """Send a chat's queued messages one after another, oldest first."""
        try:
            while True:
                async with self.service.storage.read() as conn:
                    message_id = await conn.scalar(
                        sa.select(sa.func.min(db.messages.c.id)).where(
                            db.messages.c.chat_id == chat_id, *self._queued()
                        )
                    )
                if message_id is None:
                    return
                await self._send(int(message_id))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sending chat %d's messages failed; will retry", chat_id)
        finally:
            self._chat_tasks.pop(chat_id, None)

    async def _record_sent(self, message_id: int) -> None:
        integration_id, provider_id = self._unrecorded[message_id]
        await self._sent(message_id, integration_id, provider_id)  # raises: tried again later
        del self._unrecorded[message_id]

    async def _send(self, message_id: int) -> None:
        if message_id in self._unrecorded:  # sent before, its record failed: never resent
            await self._record_sent(message_id)
            return
        found = await self._outgoing(message_id)
        if found is None:
            return
        integration_id, outgoing = found
        sender = self._sender(integration_id)
        if sender is None:
            return
        delays = self.service.config.send_retry_delays
        reason = ""
        for attempt in range(len(delays) + 1):
            try:
                provider_id = await sender.send(outgoing)
            except ProviderError as exc:
                log.warning(
                    "message %d: the provider refused (code %s, retry %s): %s",
                    message_id,
                    exc.code,
                    exc.retry,
                    exc.detail,
                )
                if not exc.retry:
                    await self._failed(message_id, exc.reason)
                    return
                reason = exc.reason
            except Exception as exc:  # a bug or an unexpected answer: treat as passing
                log.exception("message %d: sending failed", message_id)
                reason = type(exc).__name__
            else:
                # The customer has it now: from here on only our record is tried again.
                self._unrecorded[message_id] = (integration_id, provider_id)
                await self._record_sent(message_id)
                return
            if attempt < len(delays):
                await asyncio.sleep(delays[attempt])
        await self._failed(message_id, f"{_SEND_FAILED}: {reason}")

    async def _outgoing(self, message_id: int) -> tuple[int, Outgoing] | None:
        m = db.messages.c
        async with self.service.storage.read() as conn:
            row = await _by_id(conn, db.messages, message_id)
            if row is None or row["status"] != DeliveryStatus.QUEUED.value:
                return None
            chat = await _by_id(conn, db.chats, row["chat_id"])
            assert chat is not None
            contact = await _by_id(conn, db.contacts, chat["requestor_id"])
            to = Customer(
                phone=contact["telephone"] if contact else None,
                name=contact["name"] if contact else None,
                user_id=contact["provider_user_id"] if contact else None,
            )
            values: dict[str, Any] = {
                "message_id": message_id,
                "to": to,
                "text": row["text"],
                "buttons": tuple(row["buttons"] or ()),
            }
            if row["attachment_id"] is not None:
                attachment = await _by_id(conn, db.attachments, row["attachment_id"])
                if attachment is not None:
                    values.update(
                        media_path=str(self.service.files.path(attachment["storage_key"])),
                        media_content_type=attachment["content_type"],
                        media_filename=attachment["filename"],
                    )
            if row["quoted_message_id"] is not None:
                values["quoted_provider_id"] = await conn.scalar(
                    sa.select(m.provider_message_id).where(m.id == row["quoted_message_id"])
                )
            if row["template_id"] is not None and chat["origin"] in (
                Origin.WHATSAPP_CLOUD.value,
                Origin.GUPSHUP.value,
            ):
                template = await _by_id(conn, db.hsm_templates, row["template_id"])
                if template is not None:
                    values.update(
                        # Cloud sends a template by name, Gupshup by its id.
                        template_name=template["external_id"]
                        if chat["origin"] == Origin.GUPSHUP.value
                        else template["name"],
                        template_language=template["language"],
                        template_parameters=tuple(row["template_parameters"] or ()),
                    )
        return int(chat["integration_id"]), Outgoing(**values)

    async def _sent(self, message_id: int, integration_id: int, provider_id: str) -> None:
        await self._leave_queue(
            message_id,
            status=DeliveryStatus.SENT.value,
            integration_id=integration_id,
            provider_message_id=provider_id,
        )
        for update in self._early.take((integration_id, provider_id)):
            await self._status(integration_id, update)

    async def _failed(self, message_id: int, reason: str) -> None:
        await self._leave_queue(
            message_id, status=DeliveryStatus.FAILED.value, status_reason=reason
        )

    async def _leave_queue(self, message_id: int, **values: Any) -> None:
        """A queued message's outcome (sent or failed), told to the attendants; nothing when
        it already left the queue."""
        m = db.messages.c
        async with self.service.storage.write() as tx:
            chat_id = await tx.conn.scalar(sa.select(m.chat_id).where(m.id == message_id))
            result = await tx.conn.execute(
                sa.update(db.messages)
                .where(m.id == message_id, m.status == DeliveryStatus.QUEUED.value)
                .values(**values, version=m.version + 1)
            )
            if result.rowcount and chat_id is not None:
                await self._emit(tx, message_id, int(chat_id))


async def _by_id(conn: Any, table: sa.Table, row_id: Any) -> sa.RowMapping | None:
    """One row of ``table`` by its id (None when it is gone)."""
    return (await conn.execute(sa.select(table).where(table.c.id == row_id))).mappings().first()


class _EarlyStatuses:
    """Statuses for provider ids not recorded yet, kept for a few minutes (in memory: a
    restart forgets them, and the message then shows "sent" until the next status)."""

    KEEP_SECONDS = 300.0
    MAX = 10_000

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str], list[tuple[float, StatusUpdate]]] = {}

    def put(self, key: tuple[int, str], update: StatusUpdate) -> None:
        now = time.monotonic()
        if len(self._kept) >= self.MAX:
            self._expire(now)
        if len(self._kept) < self.MAX:
            self._kept.setdefault(key, []).append((now, update))

    def take(self, key: tuple[int, str]) -> list[StatusUpdate]:
        now = time.monotonic()
        return [u for at, u in self._kept.pop(key, []) if now - at < self.KEEP_SECONDS]

    def _expire(self, now: float) -> None:
        for key in [k for k, kept in self._kept.items() if now - kept[-1][0] >= self.KEEP_SECONDS]:
            del self._kept[key]
