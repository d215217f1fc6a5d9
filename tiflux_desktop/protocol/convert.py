"""Wire resources to domain values, so rules are always checked on the domain types."""

from __future__ import annotations

from tiflux_desktop.domain import (
    Attendant,
    Author,
    Chat,
    Media,
    Message,
    QuotedMessage,
    Ref,
    TicketRef,
)

from .resources import AttendantOut, AuthorOut, ChatOut, MessageOut, RefOut, UserOut


def _ref(ref: RefOut | None) -> Ref | None:
    return Ref(ref.id, ref.name) if ref else None


def chat_to_domain(chat: ChatOut) -> Chat:
    return Chat(
        id=chat.id,
        status=chat.status,
        origin=chat.origin,
        started_by=chat.started_by,
        created_at=chat.created_at,
        updated_at=chat.updated_at,
        waiting_since=chat.waiting_since,
        requestor=Ref(chat.requestor.id, chat.requestor.name) if chat.requestor else None,
        client=_ref(chat.client),
        department=_ref(chat.department),
        responsible=_ref(chat.responsible),
        integration_id=chat.integration_id,
        assumed_at=chat.assumed_at,
        finished_at=chat.finished_at,
        last_client_message_at=chat.last_client_message_at,
        last_message_at=chat.last_message_at,
        last_message_preview=chat.last_message_preview,
        ticket=TicketRef(chat.ticket.number, chat.ticket.title) if chat.ticket else None,
        last_department=_ref(chat.last_department),
        assessment=chat.assessment,
        rating_time=chat.rating_time,
        version=chat.version,
    )


def _author(author: AuthorOut) -> Author:
    return Author(author.type, author.id, author.name)


def message_to_domain(message: MessageOut) -> Message:
    media = message.media
    quoted = message.quoted_message
    return Message(
        id=message.id,
        chat_id=message.chat_id,
        author=_author(message.author),
        created_at=message.created_at,
        text=message.text,
        internal=message.internal,
        media=Media(media.id, media.content_type, media.filename, media.size, media.caption)
        if media
        else None,
        quoted_message=QuotedMessage(quoted.id, _author(quoted.author), quoted.text)
        if quoted
        else None,
        status=message.status,
        status_reason=message.status_reason,
        client_message_id=message.client_message_id,
        template_id=message.template_id,
        version=message.version,
    )


def attendant_to_domain(attendant: AttendantOut | UserOut) -> Attendant:
    return Attendant(
        id=attendant.id,
        name=attendant.name,
        email=attendant.email,
        admin=attendant.admin,
        online=attendant.online,
        attendant_group_ids=frozenset(attendant.attendant_group_ids),
        department_ids=frozenset(attendant.department_ids),
        version=attendant.version if isinstance(attendant, AttendantOut) else 1,
    )
