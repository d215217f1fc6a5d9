"""Chats, the tab each one belongs to, and how messages move their status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .enums import AuthorType, ChatStatus, Origin, StartedBy, Tab
from .people import Ref


@dataclass(frozen=True, slots=True)
class TicketRef:
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    status: ChatStatus
    origin: Origin
    started_by: StartedBy
    created_at: datetime  # entry in the queue
    updated_at: datetime
    waiting_since: datetime  # since when the customer waits for someone (Entrada order)
    requestor: Ref | None = None
    client: Ref | None = None
    department: Ref | None = None
    responsible: Ref | None = None
    integration_id: int | None = None
    assumed_at: datetime | None = None
    finished_at: datetime | None = None
    last_client_message_at: datetime | None = None
    last_message_at: datetime | None = None
    last_message_preview: str | None = None
    ticket: TicketRef | None = None
    last_department: Ref | None = None
    assessment: int | None = None
    rating_time: datetime | None = None
    version: int = 1

    @property
    def archived(self) -> bool:
        return self.status.archived

    @property
    def canceled(self) -> bool:
        return self.status is ChatStatus.CANCELED

    @property
    def department_id(self) -> int | None:
        return self.department.id if self.department else None

    @property
    def responsible_id(self) -> int | None:
        return self.responsible.id if self.responsible else None


def tabs_for(chat: Chat, attendant_id: int) -> frozenset[Tab]:
    """The tabs in which ``chat`` is listed for the attendant ``attendant_id``.

    Visibility is a separate rule (``rules.can_see``): this answers only where a chat
    the attendant may see is shown.
    """
    status = chat.status
    if status.archived:
        return frozenset({Tab.ARCHIVED})
    tabs = {Tab.IN_ATTENDANCE}
    if status is ChatStatus.WAITING_ATTENDANCE:
        tabs.add(Tab.INBOX)
    if status.taken and chat.responsible_id == attendant_id:
        tabs.add(Tab.MINE)
    return frozenset(tabs)


def status_after_message(status: ChatStatus, author: AuthorType, internal: bool) -> ChatStatus:
    """The chat's status once a message by ``author`` is added.

    Only public messages between the customer and the attendant count: internal comments
    and bot messages do not change who owes a reply.
    """
    if internal or not status.taken:
        return status
    if author is AuthorType.CLIENT:
        return ChatStatus.IN_ATTENDANCE
    if author is AuthorType.ATTENDANT:
        return ChatStatus.WAITING_CLIENT
    return status


def sort_key(chat: Chat, tab: Tab) -> tuple[float, int]:
    """Ascending key for a tab's list: Entrada oldest-waiting first, the others latest first."""
    if tab is Tab.INBOX:
        return (chat.waiting_since.timestamp(), chat.id)
    if tab is Tab.ARCHIVED:
        moment = chat.finished_at or chat.updated_at
        return (-moment.timestamp(), -chat.id)
    moment = chat.last_message_at or chat.created_at
    return (-moment.timestamp(), -chat.id)
