"""What attendants do to chats, each as one write transaction that checks the domain rules.

Routes parse and authenticate; this module decides. Every refusal comes from the same
``domain.rules`` functions the app uses to enable its buttons.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from tiflux_desktop.domain import (
    OUTBOUND_START_ORIGINS,
    WHATSAPP_ORIGINS,
    Attendant,
    AuthorType,
    ChatStatus,
    DeliveryStatus,
    Origin,
    Refusal,
    StartedBy,
    check_assume,
    check_close,
    check_internal_comment,
    check_leave,
    check_public_message,
    check_transfer,
    check_update,
    fold,
    free_text_allowed,
    preview,
    status_after_message,
)
from tiflux_desktop.protocol import (
    ChatOut,
    ErrorCode,
    EventType,
    MessageOut,
    chat_to_domain,
)

from . import db
from .config import ServiceConfig
from .errors import ApiError, not_found, refused
from .files import FileStore, StoredFile
from .security import new_token, token_hash, verify_password
from .storage import Storage, Tx

# Channels that can ask for a rating with buttons after Finalizar.
_RATED = (Origin.WHATSAPP_CLOUD, Origin.GUPSHUP)

_VARIABLE = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")


def render_template(content: str, parameters: list[str]) -> str:
    """Fill {{1}}, {{2}} … in order with ``parameters``; every placeholder needs a value."""
    names = list(dict.fromkeys(_VARIABLE.findall(content)))
    if len(parameters) < len(names):
        raise ApiError(
            ErrorCode.VALIDATION,
            f"the template needs {len(names)} parameter(s), {len(parameters)} given",
            {"variables": names},
        )
    values = dict(zip(names, parameters, strict=False))
    return _VARIABLE.sub(lambda m: values[m.group(1).strip()], content)


@dataclass(frozen=True, slots=True)
class Upload:
    stored: StoredFile


class Operations:
    def __init__(self, storage: Storage, config: ServiceConfig, files: FileStore) -> None:
        self.storage = storage
        self.config = config
        self.files = files

    # --- sessions -------------------------------------------------------------------------

    async def login(self, email: str, password: str) -> tuple[str, Any, int]:
        async with self.storage.read() as conn:
            row = (
                (
                    await conn.execute(
                        sa.select(db.attendants).where(
                            sa.func.lower(db.attendants.c.email) == email.strip().lower()
                        )
                    )
                )
                .mappings()
                .first()
            )
        # scrypt takes tens of milliseconds: in a thread and outside the writer lock, so
        # sign-ins (hundreds at the start of a shift) never stall the loop that streams
        # every attendant's events.
        if row is None or not await asyncio.to_thread(
            verify_password, password, row["password_hash"]
        ):
            raise ApiError(ErrorCode.UNAUTHENTICATED, "wrong e-mail or password")
        async with self.storage.write() as tx:
            token = new_token()
            expires = tx.now + timedelta(hours=self.config.token_ttl_hours)
            await tx.conn.execute(
                sa.insert(db.sessions).values(
                    token_hash=token_hash(token),
                    attendant_id=row["id"],
                    created_at=tx.now,
                    expires_at=expires,
                )
            )
            # Expired sessions are swept here rather than by a timer: logins are rare enough.
            await tx.conn.execute(sa.delete(db.sessions).where(db.sessions.c.expires_at < tx.now))
            return token, expires, int(row["id"])

    async def logout(self, token: str) -> None:
        async with self.storage.write() as tx:
            await tx.conn.execute(
                sa.delete(db.sessions).where(db.sessions.c.token_hash == token_hash(token))
            )

    async def set_online(self, attendant_id: int, online: bool) -> None:
        async with self.storage.write() as tx:
            await tx.conn.execute(
                sa.update(db.attendants)
                .where(db.attendants.c.id == attendant_id)
                .values(online=online, version=db.attendants.c.version + 1)
            )
            await self.emit_attendant(tx, attendant_id)

    @staticmethod
    async def emit_attendant(tx: Tx, attendant_id: int) -> None:
        out = await Storage.attendant_out(tx.conn, attendant_id)
        assert out is not None
        await tx.emit(EventType.ATTENDANT_UPSERTED, out.model_dump(mode="json"), chat_event=False)

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    async def _actor(conn: AsyncConnection, attendant_id: int) -> Attendant:
        actor = await Storage.attendant(conn, attendant_id)
        if actor is None:
            raise ApiError(ErrorCode.UNAUTHENTICATED, "this attendant no longer exists")
        return actor

    @staticmethod
    async def _chat(conn: AsyncConnection, chat_id: int) -> ChatOut:
        chat = await Storage.chat(conn, chat_id)
        if chat is None:
            raise not_found("chat")
        return chat

    async def _system_note(self, tx: Tx, chat: ChatOut, text: str) -> None:
        """A line in the team's history (assumed, transferred …); never sent to the customer."""
        await Storage.insert_message(
            tx,
            chat,
            author_type=AuthorType.SYSTEM,
            author_id=None,
            author_name=self.config.bot_name,
            text=text,
            internal=True,
        )

    @staticmethod
    async def _delivery_status(conn: AsyncConnection, chat: ChatOut) -> DeliveryStatus:
        """How a public message leaves: the widget and simulated channels deliver through the
        customer API at once; provider channels queue until their sender takes it."""
        if chat.origin in (Origin.SITE_WIDGET, Origin.CHAT):
            return DeliveryStatus.SENT
        simulated = await conn.scalar(
            sa.select(db.integrations.c.simulated).where(
                db.integrations.c.id == chat.integration_id
            )
        )
        return DeliveryStatus.SENT if simulated else DeliveryStatus.QUEUED

    async def _after_public_message(
        self, tx: Tx, chat: ChatOut, message: MessageOut, author: AuthorType
    ) -> ChatOut:
        status = status_after_message(chat.status, author, internal=False)
        values: dict[str, Any] = {
            "status": status.value,
            "last_message_at": message.created_at,
            "last_message_preview": preview(
                message.text or (message.media.filename if message.media else None)
            ),
        }
        return await Storage.bump_chat(tx, chat.id, chat, **values)

    # --- actions --------------------------------------------------------------------------

    async def assume(self, attendant_id: int, chat_id: int, *, take_over: bool) -> ChatOut:
        async with self.storage.write() as tx:
            actor = await self._actor(tx.conn, attendant_id)
            chat = await self._chat(tx.conn, chat_id)
            refusal = check_assume(actor, chat_to_domain(chat), take_over=take_over)
            if refusal is Refusal.ALREADY_TAKEN and chat.responsible is not None:
                raise ApiError(
                    ErrorCode.ALREADY_TAKEN,
                    f"{chat.responsible.name} already took this chat",
                    {"reason": refusal.value, "responsible": chat.responsible.model_dump()},
                )
            if refusal:
                raise refused(refusal)
            previous = chat.responsible
            chat = await Storage.bump_chat(
                tx,
                chat.id,
                chat,
                responsible_id=actor.id,
                status=ChatStatus.IN_ATTENDANCE.value,
                assumed_at=tx.now,
                bot_state=None,
            )
            note = (
                f"{actor.name} assumiu o atendimento de {previous.name}"
                if previous and previous.id != actor.id
                else f"{actor.name} assumiu o atendimento"
            )
            await self._system_note(tx, chat, note)
            greeting = self.config.assume_greeting.format(nome=actor.name)
            message = await Storage.insert_message(
                tx,
                chat,
                author_type=AuthorType.ATTENDANT,
                author_id=actor.id,
                author_name=actor.name,
                text=greeting,
                status=(await self._delivery_status(tx.conn, chat)).value,
            )
            return await self._after_public_message(tx, chat, message, AuthorType.ATTENDANT)

    async def update(
        self,
        attendant_id: int,
        chat_id: int,
        *,
        user_id: int | None,
        department_id: int | None,
        ticket_number: int | None,
    ) -> ChatOut:
        """PUT /chats/{id}: transfer to a department and/or attendant, or link a ticket."""
        async with self.storage.write() as tx:
            actor = await self._actor(tx.conn, attendant_id)
            chat = await self._chat(tx.conn, chat_id)
            domain_chat = chat_to_domain(chat)
            values: dict[str, Any] = {}
            notes: list[str] = []
            if ticket_number is not None:
                if refusal := check_update(actor, domain_chat):
                    raise refused(refusal)
                title = await tx.conn.scalar(
                    sa.select(db.tickets.c.title).where(db.tickets.c.ticket_number == ticket_number)
                )
                if title is None:
                    raise not_found("ticket")
                values["ticket_number"] = ticket_number
                notes.append(f"Ticket #{ticket_number} vinculado por {actor.name}")
            if user_id is not None or department_id is not None:
                target = None
                if user_id is not None:
                    target = await Storage.attendant(tx.conn, user_id)
                    if target is None:
                        raise not_found("attendant")
                department_name = None
                if department_id is not None:
                    department_name = await tx.conn.scalar(
                        sa.select(db.departments.c.name).where(
                            db.departments.c.id == department_id, db.departments.c.active
                        )
                    )
                    if department_name is None:
                        raise not_found("department")
                refusal = check_transfer(
                    actor, domain_chat, department_id=department_id, target=target
                )
                if refusal:
                    raise refused(refusal)
                if department_id is not None:
                    values["department_id"] = department_id
                    values["last_department_id"] = department_id
                if target is not None:
                    values["responsible_id"] = target.id
                    values["status"] = (
                        chat.status.value if chat.status.taken else ChatStatus.IN_ATTENDANCE.value
                    )
                    values["assumed_at"] = tx.now
                    values["bot_state"] = None
                    notes.append(f"Transferido para {target.name} por {actor.name}")
                else:
                    values["responsible_id"] = None
                    values["status"] = ChatStatus.WAITING_ATTENDANCE.value
                    values["waiting_since"] = tx.now
                    values["bot_state"] = None
                if department_name is not None:
                    notes.append(
                        f"Transferido para o departamento {department_name} por {actor.name}"
                    )
            chat = await Storage.bump_chat(tx, chat.id, chat, **values)
            for note in notes:
                await self._system_note(tx, chat, note)
            return chat

    async def leave(self, attendant_id: int, chat_id: int) -> ChatOut:
        async with self.storage.write() as tx:
            actor = await self._actor(tx.conn, attendant_id)
            chat = await self._chat(tx.conn, chat_id)
            if refusal := check_leave(actor, chat_to_domain(chat)):
                raise refused(refusal)
            chat = await Storage.bump_chat(
                tx,
                chat.id,
                chat,
                responsible_id=None,
                status=ChatStatus.WAITING_ATTENDANCE.value,
                waiting_since=tx.now,
            )
            await self._system_note(tx, chat, f"{actor.name} saiu do atendimento")
            return chat

    async def close(
        self, attendant_id: int, chat_id: int, *, canceled: bool, catalog_item_id: int | None = None
    ) -> ChatOut:
        async with self.storage.write() as tx:
            actor = await self._actor(tx.conn, attendant_id)
            chat = await self._chat(tx.conn, chat_id)
            if refusal := check_close(actor, chat_to_domain(chat)):
                raise refused(refusal)
            if (
                not canceled
                and catalog_item_id is None
                and self.config.requires_catalog_item_on_finish
            ):
                raise ApiError(
                    ErrorCode.CATALOG_ITEM_REQUIRED,
                    "this organisation requires a service catalog item to finish a chat",
                )
            if catalog_item_id is not None:
                exists = await tx.conn.scalar(
                    sa.select(db.catalog_items.c.id).where(db.catalog_items.c.id == catalog_item_id)
                )
                if exists is None:
                    raise not_found("services catalog item")
            status = ChatStatus.CANCELED if canceled else ChatStatus.FINISHED
            chat = await Storage.bump_chat(
                tx, chat.id, chat, status=status.value, finished_at=tx.now, bot_state=None
            )
            verb = "cancelou" if canceled else "finalizou"
            await self._system_note(tx, chat, f"{actor.name} {verb} o atendimento")
            if not canceled and self.config.rating_after_finish and chat.origin in _RATED:
                # The answer comes back as a button reply (rating-1 .. rating-N) and is stored
                # as the chat's assessment (channels/core.py), never as a new request.
                await Storage.insert_message(
                    tx,
                    chat,
                    author_type=AuthorType.SYSTEM,
                    author_id=None,
                    author_name=self.config.bot_name,
                    text=self.config.rating_question,
                    status=(await self._delivery_status(tx.conn, chat)).value,
                    buttons=list(self.config.rating_options),
                )
            return chat

    # --- messages -------------------------------------------------------------------------

    async def existing_batch(self, client_message_id: str) -> list[MessageOut] | None:
        async with self.storage.read() as conn:
            found = await Storage.messages_where(conn, db.messages.c.batch_id == client_message_id)
        return found or None

    async def post_message(
        self,
        attendant_id: int,
        chat_id: int,
        *,
        text: str | None,
        internal: bool,
        client_message_id: str | None,
        quoted_message_id: int | None,
        template_id: int | None,
        parameters: list[str],
        uploads: list[StoredFile],
    ) -> tuple[list[MessageOut], bool]:
        """Add a message (and one per attachment) to a chat. Returns (messages, created):
        a request retried with the same client_message_id answers the first one's messages."""
        async with self.storage.write() as tx:
            if client_message_id:
                found = await Storage.messages_where(
                    tx.conn, db.messages.c.batch_id == client_message_id
                )
                if found:
                    return found, False
            actor = await self._actor(tx.conn, attendant_id)
            chat = await self._chat(tx.conn, chat_id)
            domain_chat = chat_to_domain(chat)
            if internal:
                refusal = check_internal_comment(actor, domain_chat)
            else:
                refusal = check_public_message(
                    actor, domain_chat, template=template_id is not None, now=tx.now
                )
            if refusal:
                raise refused(refusal)
            if quoted_message_id is not None:
                quoted_chat = await tx.conn.scalar(
                    sa.select(db.messages.c.chat_id).where(db.messages.c.id == quoted_message_id)
                )
                if quoted_chat != chat.id:
                    raise ApiError(ErrorCode.VALIDATION, "the quoted message is not in this chat")
            if template_id is not None:
                # On WhatsApp the id is an approved template of the chat's integration (the
                # only thing that may go out after 24 h), never a canned reply with the same id.
                content = None
                if chat.origin not in WHATSAPP_ORIGINS:
                    content = await tx.conn.scalar(
                        sa.select(db.message_templates.c.content).where(
                            db.message_templates.c.id == template_id
                        )
                    )
                if content is None:
                    content = await self._hsm_content(tx.conn, template_id, chat.integration_id)
                text = render_template(content, parameters)
            status = None if internal else (await self._delivery_status(tx.conn, chat)).value
            created: list[MessageOut] = []
            parts: list[tuple[str | None, StoredFile | None]] = []
            if uploads:
                # A lone file carries the text as its caption; with several, the text goes first.
                if len(uploads) == 1:
                    parts.append((text, uploads[0]))
                else:
                    if text:
                        parts.append((text, None))
                    parts += [(None, u) for u in uploads]
            else:
                parts.append((text, None))
            for index, (part_text, upload) in enumerate(parts):
                attachment_id = None
                if upload is not None:
                    attachment_id = await self._insert_attachment(tx, chat.id, upload)
                created.append(
                    await Storage.insert_message(
                        tx,
                        chat,
                        author_type=AuthorType.ATTENDANT,
                        author_id=actor.id,
                        author_name=actor.name,
                        text=part_text,
                        internal=internal,
                        status=status,
                        attachment_id=attachment_id,
                        quoted_message_id=quoted_message_id if index == 0 else None,
                        client_message_id=(
                            client_message_id if index == 0 else f"{client_message_id}:{index}"
                        )
                        if client_message_id
                        else None,
                        batch_id=client_message_id,
                        template_id=template_id,
                        template_parameters=list(parameters) if template_id is not None else None,
                    )
                )
            if not internal:
                await self._after_public_message(tx, chat, created[-1], AuthorType.ATTENDANT)
            return created, True

    @staticmethod
    async def _insert_attachment(tx: Tx, chat_id: int | None, upload: StoredFile) -> int:
        result = await tx.conn.execute(
            sa.insert(db.attachments).values(
                chat_id=chat_id,
                filename=upload.filename,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
                storage_key=upload.storage_key,
                created_at=tx.now,
            )
        )
        return int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]

    @staticmethod
    async def _hsm_content(
        conn: AsyncConnection, template_id: int, integration_id: int | None
    ) -> str:
        row = (
            (
                await conn.execute(
                    sa.select(db.hsm_templates).where(db.hsm_templates.c.id == template_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise not_found("template")
        if row["integration_id"] != integration_id:
            raise ApiError(ErrorCode.VALIDATION, "this template belongs to another integration")
        if row["status"] != "APPROVED":
            raise ApiError(ErrorCode.VALIDATION, f"this template is {row['status']}, not APPROVED")
        return str(row["content"])

    async def start_chat(
        self,
        attendant_id: int,
        *,
        number: str,
        integration_id: int,
        message: str | None,
        template_id: int | None,
        parameters: list[str],
        country_code: str,
        name: str | None,
        department_id: int | None,
        client_id: int | None,
        ticket_number: int | None,
        archive: bool,
    ) -> tuple[ChatOut, MessageOut]:
        """Novo chat (POST /chats/send_message): a WhatsApp conversation the attendant starts."""
        async with self.storage.write() as tx:
            actor = await self._actor(tx.conn, attendant_id)
            integration = (
                (
                    await tx.conn.execute(
                        sa.select(db.integrations).where(db.integrations.c.id == integration_id)
                    )
                )
                .mappings()
                .first()
            )
            if integration is None or not integration["active"]:
                raise not_found("integration")
            origin = Origin(integration["type"])
            if origin not in OUTBOUND_START_ORIGINS:
                raise ApiError(
                    ErrorCode.VALIDATION,
                    "new chats can be started only on Gupshup or WhatsApp Cloud",
                )
            if department_id is None and actor.department_ids:
                department_id = min(actor.department_ids)
            if department_id is not None:
                exists = await tx.conn.scalar(
                    sa.select(db.departments.c.id).where(db.departments.c.id == department_id)
                )
                if exists is None:
                    raise not_found("department")
                if not (actor.admin or department_id in actor.department_ids):
                    raise refused(Refusal.NO_DEPARTMENT_ACCESS)
            if client_id is not None and not await tx.conn.scalar(
                sa.select(db.clients.c.id).where(db.clients.c.id == client_id)
            ):
                raise not_found("client")
            if ticket_number is not None and not await tx.conn.scalar(
                sa.select(db.tickets.c.ticket_number).where(
                    db.tickets.c.ticket_number == ticket_number
                )
            ):
                raise not_found("ticket")
            phone = full_number(number, country_code)
            contact_id = await tx.conn.scalar(
                sa.select(db.contacts.c.id)
                .where(db.contacts.c.telephone == phone)
                .order_by(db.contacts.c.id)
            )
            if contact_id is not None:
                open_chat = await tx.conn.scalar(
                    sa.select(db.chats.c.id).where(
                        db.chats.c.requestor_id == contact_id,
                        db.chats.c.integration_id == integration_id,
                        db.chats.c.status.not_in(
                            [ChatStatus.FINISHED.value, ChatStatus.CANCELED.value]
                        ),
                    )
                )
                if open_chat is not None:
                    raise ApiError(
                        ErrorCode.OPEN_CHAT_EXISTS,
                        "this contact already has an open chat on this integration",
                        {"chat_id": open_chat},
                    )
                if client_id is None:
                    client_id = await tx.conn.scalar(
                        sa.select(db.contacts.c.client_id).where(db.contacts.c.id == contact_id)
                    )
            else:
                display = (name or "").strip() or f"+{phone}"
                result = await tx.conn.execute(
                    sa.insert(db.contacts).values(
                        name=display,
                        name_fold=fold(display),
                        telephone=phone,
                        client_id=client_id,
                        created_at=tx.now,
                    )
                )
                contact_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            if template_id is not None:
                text = render_template(
                    await self._hsm_content(tx.conn, template_id, integration_id), parameters
                )
            else:
                last_inbound = await tx.conn.scalar(
                    sa.select(sa.func.max(db.chats.c.last_client_message_at)).where(
                        db.chats.c.requestor_id == contact_id,
                        db.chats.c.integration_id == integration_id,
                    )
                )
                if not free_text_allowed(origin, last_inbound, tx.now):
                    raise refused(Refusal.OUTSIDE_WINDOW)
                text = message
            result = await tx.conn.execute(
                sa.insert(db.chats).values(
                    status=ChatStatus.IN_ATTENDANCE.value,
                    origin=origin.value,
                    started_by=StartedBy.ATTENDANT.value,
                    integration_id=integration_id,
                    requestor_id=contact_id,
                    client_id=client_id,
                    department_id=department_id,
                    last_department_id=department_id,
                    responsible_id=actor.id,
                    ticket_number=ticket_number,
                    created_at=tx.now,
                    updated_at=tx.now,
                    waiting_since=tx.now,
                    assumed_at=tx.now,
                    version=1,
                )
            )
            chat_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            chat = await self._chat(tx.conn, chat_id)
            await Storage.emit_chat(tx, chat, None)
            sent = await Storage.insert_message(
                tx,
                chat,
                author_type=AuthorType.ATTENDANT,
                author_id=actor.id,
                author_name=actor.name,
                text=text,
                status=(await self._delivery_status(tx.conn, chat)).value,
                template_id=template_id,
                template_parameters=list(parameters) if template_id is not None else None,
            )
            chat = await self._after_public_message(tx, chat, sent, AuthorType.ATTENDANT)
            if archive:
                chat = await Storage.bump_chat(
                    tx, chat.id, chat, status=ChatStatus.FINISHED.value, finished_at=tx.now
                )
            return chat, sent


def full_number(number: str, country_code: str) -> str:
    """E.164 digits without '+': Brazilian numbers get 55 when it is missing."""
    digits = re.sub(r"\D", "", number)
    if country_code == "BR" and not digits.startswith("55") and len(digits) in (10, 11):
        return "55" + digits
    return digits
