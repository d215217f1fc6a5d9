"""Reading and writing the service's data.

All writes go through ``Storage.write()``: one transaction under one writer lock, which
collects the events the change makes, commits, and only then publishes them. The lock makes
event ``seq`` order equal commit order (so a reader following the log never skips one) and
makes races such as two attendants assuming the same chat resolve to exactly one winner.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tiflux_desktop.domain import Attendant, AuthorType, ChatStatus
from tiflux_desktop.protocol import (
    AttendantOut,
    AuthorOut,
    ChatOut,
    EventType,
    MediaOut,
    MessageOut,
    QuotedMessageOut,
    RefOut,
    RequestorOut,
    TicketRefOut,
)

from . import db
from .db import utcnow
from .events import EventHub, StoredEvent

log = logging.getLogger(__name__)


class Tx:
    """One write transaction and the events it will publish once committed."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self.now = utcnow()
        self.events: list[StoredEvent] = []

    async def emit(
        self,
        type_: EventType,
        data: dict[str, Any],
        *,
        department_id: int | None = None,
        prev_department_id: int | None = None,
        internal: bool = False,
        chat_event: bool = True,
    ) -> None:
        at = self.now
        result = await self.conn.execute(
            sa.insert(db.events).values(
                type=type_.value,
                at=at,
                chat_id=data.get("chat_id", data.get("id")) if chat_event else None,
                department_id=department_id,
                prev_department_id=prev_department_id,
                internal=internal,
                data=data,
            )
        )
        seq = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        self.events.append(
            StoredEvent(
                seq=seq,
                type=type_,
                at=at.isoformat(),
                department_id=department_id,
                prev_department_id=prev_department_id,
                internal=internal,
                data=data,
                chat_event=chat_event,
            )
        )


# --- row -> wire ------------------------------------------------------------------------

_requestor = db.contacts.alias("requestor")
_client = db.clients.alias("client")
_department = db.departments.alias("department")
_last_department = db.departments.alias("last_department")
_responsible = db.attendants.alias("responsible")
_ticket = db.tickets.alias("ticket")

CHAT_JOINS = (
    db.chats.outerjoin(_requestor, _requestor.c.id == db.chats.c.requestor_id)
    .outerjoin(_client, _client.c.id == db.chats.c.client_id)
    .outerjoin(_department, _department.c.id == db.chats.c.department_id)
    .outerjoin(_last_department, _last_department.c.id == db.chats.c.last_department_id)
    .outerjoin(_responsible, _responsible.c.id == db.chats.c.responsible_id)
    .outerjoin(_ticket, _ticket.c.ticket_number == db.chats.c.ticket_number)
)

CHAT_COLUMNS = (
    db.chats,
    _requestor.c.name.label("requestor_name"),
    _requestor.c.email.label("requestor_email"),
    _requestor.c.telephone.label("requestor_telephone"),
    _requestor.c.client_id.label("requestor_client_id"),
    _client.c.name.label("client_name"),
    _department.c.name.label("department_name"),
    _last_department.c.name.label("last_department_name"),
    _responsible.c.name.label("responsible_name"),
    _ticket.c.title.label("ticket_title"),
)

# Aliases for filters and search over the same joins (see queries.py).
JOINED = {
    "requestor": _requestor,
    "client": _client,
    "department": _department,
    "responsible": _responsible,
}


def chat_select() -> sa.Select[Any]:
    return sa.select(*CHAT_COLUMNS).select_from(CHAT_JOINS)


def _ref(id_: int | None, name: str | None) -> RefOut | None:
    return RefOut(id=id_, name=name) if id_ is not None and name is not None else None


def chat_out(row: sa.RowMapping) -> ChatOut:
    status = ChatStatus(row["status"])
    requestor = (
        RequestorOut(
            id=row["requestor_id"],
            name=row["requestor_name"],
            email=row["requestor_email"],
            telephone=row["requestor_telephone"],
            client_id=row["requestor_client_id"],
        )
        if row["requestor_id"] is not None
        else None
    )
    ticket = (
        TicketRefOut(number=row["ticket_number"], title=row["ticket_title"] or "")
        if row["ticket_number"] is not None
        else None
    )
    return ChatOut(
        id=row["id"],
        status=status,
        archived=status.archived,
        canceled=status is ChatStatus.CANCELED,
        origin=row["origin"],
        started_by=row["started_by"],
        integration_id=row["integration_id"],
        requestor=requestor,
        client=_ref(row["client_id"], row["client_name"]),
        department=_ref(row["department_id"], row["department_name"]),
        responsible=_ref(row["responsible_id"], row["responsible_name"]),
        last_department=_ref(row["last_department_id"], row["last_department_name"]),
        ticket=ticket,
        waiting_answer=status in (ChatStatus.WAITING_ATTENDANCE, ChatStatus.IN_ATTENDANCE),
        online=bool(row["customer_online"]),
        last_client_message=row["last_client_message"],
        last_client_message_at=row["last_client_message_at"],
        last_message_at=row["last_message_at"],
        last_message_preview=row["last_message_preview"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        waiting_since=row["waiting_since"],
        assumed_at=row["assumed_at"],
        finished_at=row["finished_at"],
        assessment=row["assessment"],
        rating_time=row["rating_time"],
        version=row["version"],
    )


_quoted = db.messages.alias("quoted")
_attachment = db.attachments.alias("attachment")

MESSAGE_COLUMNS = (
    db.messages,
    _attachment.c.filename.label("att_filename"),
    _attachment.c.content_type.label("att_content_type"),
    _attachment.c.size.label("att_size"),
    _quoted.c.author_type.label("q_author_type"),
    _quoted.c.author_id.label("q_author_id"),
    _quoted.c.author_name.label("q_author_name"),
    _quoted.c.text.label("q_text"),
)


def message_select() -> sa.Select[Any]:
    return sa.select(*MESSAGE_COLUMNS).select_from(
        db.messages.outerjoin(
            _attachment, _attachment.c.id == db.messages.c.attachment_id
        ).outerjoin(_quoted, _quoted.c.id == db.messages.c.quoted_message_id)
    )


def message_out(row: sa.RowMapping) -> MessageOut:
    media = None
    if row["attachment_id"] is not None:
        media = MediaOut(
            id=row["attachment_id"],
            content_type=row["att_content_type"],
            filename=row["att_filename"],
            size=row["att_size"],
            caption=row["text"],
            url=f"/attachments/{row['attachment_id']}",
        )
    quoted = None
    if row["quoted_message_id"] is not None:
        quoted = QuotedMessageOut(
            id=row["quoted_message_id"],
            author=AuthorOut(
                type=AuthorType(row["q_author_type"]),
                id=row["q_author_id"],
                name=row["q_author_name"],
            ),
            text=row["q_text"],
        )
    return MessageOut(
        id=row["id"],
        chat_id=row["chat_id"],
        author=AuthorOut(
            type=AuthorType(row["author_type"]), id=row["author_id"], name=row["author_name"]
        ),
        text=None if media else row["text"],
        internal=bool(row["internal"]),
        media=media,
        quoted_message=quoted,
        status=row["status"],
        status_reason=row["status_reason"],
        client_message_id=row["client_message_id"],
        template_id=row["template_id"],
        created_at=row["created_at"],
        version=row["version"],
    )


class Storage:
    def __init__(self, engine: AsyncEngine, hub: EventHub) -> None:
        self.engine = engine
        self.hub = hub
        self._writer = asyncio.Lock()
        # Called with each committed transaction's events (the channel dispatcher wakes up
        # when a message to send was queued).
        self.committed: list[Callable[[Sequence[StoredEvent]], None]] = []

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Tx]:
        async with self._writer:
            async with self.engine.begin() as conn:
                tx = Tx(conn)
                yield tx
            # Committed: only now may anyone see the events.
            await self.hub.publish(tx.events)
            for listener in self.committed:
                try:
                    listener(tx.events)
                except Exception:
                    log.exception("a commit listener failed")

    async def last_seq(self) -> int:
        async with self.read() as conn:
            return int(await conn.scalar(sa.select(sa.func.max(db.events.c.seq))) or 0)

    async def log_id(self) -> str:
        async with self.read() as conn:
            return await db.log_id(conn)

    async def first_seq(self) -> int:
        async with self.read() as conn:
            return int(await conn.scalar(sa.select(sa.func.min(db.events.c.seq))) or 0)

    # --- lookups shared by the operations ------------------------------------------------

    @staticmethod
    async def chat(conn: AsyncConnection, chat_id: int) -> ChatOut | None:
        row = (await conn.execute(chat_select().where(db.chats.c.id == chat_id))).mappings().first()
        return chat_out(row) if row else None

    @staticmethod
    async def message(conn: AsyncConnection, message_id: int) -> MessageOut | None:
        row = (
            (await conn.execute(message_select().where(db.messages.c.id == message_id)))
            .mappings()
            .first()
        )
        return message_out(row) if row else None

    @staticmethod
    async def messages_where(
        conn: AsyncConnection, *where: sa.ColumnElement[bool]
    ) -> list[MessageOut]:
        rows = (
            await conn.execute(message_select().where(*where).order_by(db.messages.c.id))
        ).mappings()
        return [message_out(r) for r in rows]

    @staticmethod
    async def attendant_out(conn: AsyncConnection, attendant_id: int) -> AttendantOut | None:
        row = (
            (await conn.execute(sa.select(db.attendants).where(db.attendants.c.id == attendant_id)))
            .mappings()
            .first()
        )
        if row is None:
            return None
        group_ids = sorted(
            (
                await conn.scalars(
                    sa.select(db.group_members.c.group_id).where(
                        db.group_members.c.attendant_id == attendant_id
                    )
                )
            ).all()
        )
        department_ids: Sequence[int] = []
        if group_ids:
            department_ids = sorted(
                set(
                    (
                        await conn.scalars(
                            sa.select(db.group_departments.c.department_id).where(
                                db.group_departments.c.group_id.in_(group_ids)
                            )
                        )
                    ).all()
                )
            )
        return AttendantOut(
            id=row["id"],
            name=row["name"],
            email=row["email"],
            admin=bool(row["admin"]),
            online=bool(row["online"]),
            attendant_group_ids=list(group_ids),
            department_ids=list(department_ids),
            version=row["version"],
        )

    @staticmethod
    async def attendant(conn: AsyncConnection, attendant_id: int) -> Attendant | None:
        out = await Storage.attendant_out(conn, attendant_id)
        if out is None:
            return None
        return Attendant(
            id=out.id,
            name=out.name,
            email=out.email,
            admin=out.admin,
            online=out.online,
            attendant_group_ids=frozenset(out.attendant_group_ids),
            department_ids=frozenset(out.department_ids),
            version=out.version,
        )

    # --- writes that every operation shares -----------------------------------------------

    @staticmethod
    async def bump_chat(tx: Tx, chat_id: int, prev: ChatOut | None, **values: Any) -> ChatOut:
        """Update a chat, bump its version, and emit chat.upserted (plus chat.hidden for those
        who lose sight of it when its department changes)."""
        values.setdefault("updated_at", tx.now)
        await tx.conn.execute(
            sa.update(db.chats)
            .where(db.chats.c.id == chat_id)
            .values(version=db.chats.c.version + 1, **values)
        )
        chat = await Storage.chat(tx.conn, chat_id)
        assert chat is not None
        await Storage.emit_chat(tx, chat, prev)
        return chat

    @staticmethod
    async def emit_chat(tx: Tx, chat: ChatOut, prev: ChatOut | None) -> None:
        department_id = chat.department.id if chat.department else None
        prev_department_id = prev.department.id if prev and prev.department else None
        if prev is not None and prev_department_id != department_id:
            await tx.emit(
                EventType.CHAT_HIDDEN,
                {"id": chat.id, "version": chat.version},
                department_id=department_id,
                prev_department_id=prev_department_id,
            )
        await tx.emit(
            EventType.CHAT_UPSERTED, chat.model_dump(mode="json"), department_id=department_id
        )

    @staticmethod
    async def emit_message(tx: Tx, message: MessageOut, department_id: int | None) -> None:
        await tx.emit(
            EventType.MESSAGE_UPSERTED,
            message.model_dump(mode="json"),
            department_id=department_id,
            internal=message.internal,
        )

    @staticmethod
    async def insert_message(
        tx: Tx,
        chat: ChatOut,
        *,
        author_type: AuthorType,
        author_id: int | None,
        author_name: str,
        text: str | None,
        internal: bool = False,
        status: str | None = None,
        attachment_id: int | None = None,
        quoted_message_id: int | None = None,
        client_message_id: str | None = None,
        batch_id: str | None = None,
        template_id: int | None = None,
        at: datetime | None = None,
        integration_id: int | None = None,
        provider_message_id: str | None = None,
        template_parameters: list[str] | None = None,
        buttons: list[str] | None = None,
    ) -> MessageOut:
        result = await tx.conn.execute(
            sa.insert(db.messages).values(
                chat_id=chat.id,
                author_type=author_type.value,
                author_id=author_id,
                author_name=author_name,
                text=text,
                internal=internal,
                status=status,
                attachment_id=attachment_id,
                quoted_message_id=quoted_message_id,
                client_message_id=client_message_id,
                batch_id=batch_id,
                template_id=template_id,
                created_at=at or tx.now,
                version=1,
                integration_id=integration_id,
                provider_message_id=provider_message_id,
                template_parameters=template_parameters,
                buttons=buttons,
            )
        )
        message_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        message = await Storage.message(tx.conn, message_id)
        assert message is not None
        await Storage.emit_message(tx, message, chat.department.id if chat.department else None)
        return message
