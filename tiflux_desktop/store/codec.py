"""Rows of the cache <-> wire resources and domain values.

Chats and messages are kept as columns, not as JSON, so the lists load without decoding:
a cold start of 10,000 chats builds its domain values straight from tuples.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tiflux_desktop.domain import (
    Attendant,
    AttendantGroup,
    Author,
    AuthorType,
    Chat,
    ChatStatus,
    Contact,
    DeliveryStatus,
    Department,
    Media,
    Message,
    Origin,
    QuotedMessage,
    Ref,
    StartedBy,
    TicketRef,
    fold,
)
from tiflux_desktop.protocol import (
    AttendantGroupOut,
    AttendantOut,
    ChatOut,
    DepartmentOut,
    MessageOut,
    RequestorOut,
    UserOut,
)

from .records import ChatEntry

Row = Sequence[Any]


# The instants a row may hold: what datetime.fromtimestamp() turns back into a datetime. A
# time beyond them (year 1 at +14:00, year 9999 at -14:00) would be stored and then make
# every read of its chat raise, so it is refused on the way in (ValueError).
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC).timestamp()
_LATEST = datetime(9999, 12, 30, tzinfo=UTC).timestamp()


def seconds(value: datetime) -> float:
    """UTC seconds since the epoch; a time without a zone is UTC, as the service means it."""
    stamp = (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    if not _EARLIEST <= stamp <= _LATEST:
        raise ValueError(f"a time out of range: {value.isoformat()}")
    return stamp


def ts(value: datetime | None) -> float | None:
    return seconds(value) if value is not None else None


def dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def _dt(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


# --- chats ------------------------------------------------------------------------------

# The columns the service owns, in the order chat_row() gives them.
CHAT_WIRE_COLUMNS = (
    "id",
    "version",
    "status",
    "origin",
    "started_by",
    "integration_id",
    "requestor_id",
    "requestor_name",
    "requestor_fold",
    "requestor_telephone",
    "client_id",
    "client_name",
    "client_fold",
    "department_id",
    "department_name",
    "department_fold",
    "responsible_id",
    "responsible_name",
    "responsible_fold",
    "last_department_id",
    "last_department_name",
    "ticket_number",
    "ticket_title",
    "last_message_preview",
    "last_client_message_at",
    "last_message_at",
    "created_at",
    "updated_at",
    "waiting_since",
    "assumed_at",
    "finished_at",
    "assessment",
    "rating_time",
    "sort_active",
    "sort_archived",
    "closed",
)

# What a list needs to build a ChatEntry, in the order chat_entry() reads them.
CHAT_SELECT = (
    "id, version, status, origin, started_by, integration_id, requestor_id, requestor_name, "
    "client_id, client_name, department_id, department_name, responsible_id, responsible_name, "
    "last_department_id, last_department_name, ticket_number, ticket_title, "
    "last_message_preview, last_client_message_at, last_message_at, created_at, updated_at, "
    "waiting_since, assumed_at, finished_at, assessment, rating_time, unread, seen"
)


def _fold(name: str | None) -> str | None:
    return fold(name) if name else None


def chat_row(chat: ChatOut) -> tuple[Any, ...]:
    requestor, client, department = chat.requestor, chat.client, chat.department
    responsible, last_department, ticket = chat.responsible, chat.last_department, chat.ticket
    created = seconds(chat.created_at)
    updated = seconds(chat.updated_at)
    last_message = ts(chat.last_message_at)
    finished = ts(chat.finished_at)
    return (
        chat.id,
        chat.version,
        chat.status.value,
        chat.origin.value,
        chat.started_by.value,
        chat.integration_id,
        requestor.id if requestor else None,
        requestor.name if requestor else None,
        _fold(requestor.name) if requestor else None,
        requestor.telephone if requestor else None,
        client.id if client else None,
        client.name if client else None,
        _fold(client.name) if client else None,
        department.id if department else None,
        department.name if department else None,
        _fold(department.name) if department else None,
        responsible.id if responsible else None,
        responsible.name if responsible else None,
        _fold(responsible.name) if responsible else None,
        last_department.id if last_department else None,
        last_department.name if last_department else None,
        ticket.number if ticket else None,
        ticket.title if ticket else None,
        chat.last_message_preview,
        ts(chat.last_client_message_at),
        last_message,
        created,
        updated,
        seconds(chat.waiting_since),
        ts(chat.assumed_at),
        finished,
        chat.assessment,
        ts(chat.rating_time),
        last_message if last_message is not None else created,
        finished if finished is not None else updated,
        int(chat.status.archived),
    )


def _ref(ref_id: int | None, name: str | None) -> Ref | None:
    return Ref(ref_id, name or "") if ref_id is not None else None


def chat_entry(r: Row) -> ChatEntry:
    chat = Chat(
        id=r[0],
        version=r[1],
        status=ChatStatus(r[2]),
        origin=Origin(r[3]),
        started_by=StartedBy(r[4]),
        integration_id=r[5],
        requestor=_ref(r[6], r[7]),
        client=_ref(r[8], r[9]),
        department=_ref(r[10], r[11]),
        responsible=_ref(r[12], r[13]),
        last_department=_ref(r[14], r[15]),
        ticket=TicketRef(r[16], r[17] or "") if r[16] is not None else None,
        last_message_preview=r[18],
        last_client_message_at=dt(r[19]),
        last_message_at=dt(r[20]),
        created_at=_dt(r[21]),
        updated_at=_dt(r[22]),
        waiting_since=_dt(r[23]),
        assumed_at=dt(r[24]),
        finished_at=dt(r[25]),
        assessment=r[26],
        rating_time=dt(r[27]),
    )
    return ChatEntry(chat, unread=r[28], seen=bool(r[29]))


def contact_row(requestor: RequestorOut) -> tuple[Any, ...]:
    return (requestor.id, requestor.name, requestor.email, requestor.telephone, requestor.client_id)


def contact_from_row(r: Row) -> Contact:
    return Contact(id=r[0], name=r[1], email=r[2], telephone=r[3], client_id=r[4])


# --- messages ---------------------------------------------------------------------------

MESSAGE_COLUMNS = (
    "id",
    "chat_id",
    "version",
    "created_at",
    "author_type",
    "author_id",
    "author_name",
    "text",
    "internal",
    "media",
    "media_caption",
    "media_filename",
    "quoted",
    "status",
    "status_reason",
    "client_message_id",
    "template_id",
)
MESSAGE_SELECT = ", ".join(MESSAGE_COLUMNS)


def message_row(message: MessageOut) -> tuple[Any, ...]:
    media = message.media
    quoted = message.quoted_message
    return (
        message.id,
        message.chat_id,
        message.version,
        seconds(message.created_at),
        message.author.type.value,
        message.author.id,
        message.author.name,
        message.text,
        int(message.internal),
        json.dumps(
            {
                "id": media.id,
                "content_type": media.content_type,
                "filename": media.filename,
                "size": media.size,
                "caption": media.caption,
            }
        )
        if media
        else None,
        media.caption if media else None,
        media.filename if media else None,
        json.dumps(
            {
                "id": quoted.id,
                "author": {
                    "type": quoted.author.type.value,
                    "id": quoted.author.id,
                    "name": quoted.author.name,
                },
                "text": quoted.text,
            }
        )
        if quoted
        else None,
        message.status.value if message.status else None,
        message.status_reason,
        message.client_message_id,
        message.template_id,
    )


def message_from_row(r: Row) -> Message:
    media: Media | None = None
    if r[9]:
        m = json.loads(r[9])
        media = Media(m["id"], m["content_type"], m["filename"], m["size"], m.get("caption"))
    quoted: QuotedMessage | None = None
    if r[12]:
        q = json.loads(r[12])
        a = q["author"]
        quoted = QuotedMessage(
            q["id"], Author(AuthorType(a["type"]), a["id"], a["name"]), q["text"]
        )
    return Message(
        id=r[0],
        chat_id=r[1],
        version=r[2],
        created_at=_dt(r[3]),
        author=Author(AuthorType(r[4]), r[5], r[6]),
        text=r[7],
        internal=bool(r[8]),
        media=media,
        quoted_message=quoted,
        status=DeliveryStatus(r[13]) if r[13] else None,
        status_reason=r[14],
        client_message_id=r[15],
        template_id=r[16],
    )


# --- people -----------------------------------------------------------------------------


def attendant_row(a: AttendantOut | UserOut, version: int) -> tuple[Any, ...]:
    return (
        a.id,
        version,
        a.name,
        a.email,
        int(a.admin),
        int(a.online),
        json.dumps(sorted(a.attendant_group_ids)),
        json.dumps(sorted(a.department_ids)),
    )


def attendant_from_row(r: Row) -> Attendant:
    return Attendant(
        id=r[0],
        version=r[1],
        name=r[2],
        email=r[3],
        admin=bool(r[4]),
        online=bool(r[5]),
        attendant_group_ids=frozenset(json.loads(r[6])),
        department_ids=frozenset(json.loads(r[7])),
    )


def department_row(d: DepartmentOut) -> tuple[Any, ...]:
    return (d.id, d.name, int(d.active))


def department_from_row(r: Row) -> Department:
    return Department(r[0], r[1])


def group_row(g: AttendantGroupOut) -> tuple[Any, ...]:
    return (
        g.id,
        g.name,
        fold(g.name),
        json.dumps(sorted(g.department_ids)),
        json.dumps(sorted(g.attendant_ids)),
    )


def group_from_row(r: Row) -> AttendantGroup:
    return AttendantGroup(r[0], r[1], frozenset(json.loads(r[3])))
