"""Who may see and do what with a chat.

Each ``check_*`` function returns ``None`` when the action is allowed, or the
``Refusal`` that says why not. The service turns refusals into HTTP errors; the app
uses the same functions to enable its buttons, so both always agree.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .chats import Chat
from .enums import ChatStatus
from .people import Attendant
from .whatsapp import free_text_allowed


class Refusal(StrEnum):
    NOT_VISIBLE = "not_visible"  # outside the attendant's departments
    NOT_ONLINE = "not_online"  # only Online attendants can assume
    ARCHIVED = "archived"  # finished or cancelled chats refuse actions
    ALREADY_TAKEN = "already_taken"  # someone else is responsible (take over explicitly)
    ALREADY_YOURS = "already_yours"
    NOT_RESPONSIBLE = "not_responsible"  # public messages and Sair need the chat to be yours
    NOT_TAKEN = "not_taken"  # Sair on a chat nobody took
    OUTSIDE_WINDOW = "outside_24h_window"  # WhatsApp free text after 24 h: send a template
    NO_DEPARTMENT_ACCESS = "no_department_access"  # transfer target outside the attendant's reach


def can_see_department(attendant: Attendant, department_id: int | None) -> bool:
    """Admins see every department; triage chats (no department yet) are seen by everyone."""
    return attendant.admin or department_id is None or department_id in attendant.department_ids


def can_see(attendant: Attendant, chat: Chat) -> bool:
    return can_see_department(attendant, chat.department_id)


def _access(attendant: Attendant, chat: Chat) -> Refusal | None:
    if not can_see(attendant, chat):
        return Refusal.NOT_VISIBLE
    if chat.archived:
        return Refusal.ARCHIVED
    return None


def check_assume(attendant: Attendant, chat: Chat, *, take_over: bool = False) -> Refusal | None:
    """Assumir. Taking a chat someone else holds is allowed only when asked for explicitly,
    so that two attendants clicking Assumir on the same inbox chat cannot both win."""
    if refusal := _access(attendant, chat):
        return refusal
    if not attendant.online:
        return Refusal.NOT_ONLINE
    if chat.responsible_id == attendant.id and chat.status.taken:
        return Refusal.ALREADY_YOURS
    if chat.responsible_id is not None and chat.status.taken and not take_over:
        return Refusal.ALREADY_TAKEN
    return None


def check_transfer(
    attendant: Attendant,
    chat: Chat,
    *,
    department_id: int | None,
    target: Attendant | None,
) -> Refusal | None:
    """Transferir to a department (back to its inbox) and/or to an attendant."""
    if refusal := _access(attendant, chat):
        return refusal
    if department_id is not None and not can_see_department(attendant, department_id):
        return Refusal.NO_DEPARTMENT_ACCESS
    if target is not None:
        destination = department_id if department_id is not None else chat.department_id
        if not can_see_department(target, destination):
            return Refusal.NO_DEPARTMENT_ACCESS
    return None


def check_leave(attendant: Attendant, chat: Chat) -> Refusal | None:
    """Sair: only the responsible hands the chat back to its department's inbox."""
    if refusal := _access(attendant, chat):
        return refusal
    if not chat.status.taken or chat.responsible_id is None:
        return Refusal.NOT_TAKEN
    if chat.responsible_id != attendant.id:
        return Refusal.NOT_RESPONSIBLE
    return None


def check_close(attendant: Attendant, chat: Chat) -> Refusal | None:
    """Finalizar and Cancelar: the responsible, an admin, or anyone with access to an
    unassigned chat (an inbox chat that is spam can be cancelled from Entrada)."""
    if refusal := _access(attendant, chat):
        return refusal
    if attendant.admin or chat.responsible_id in (None, attendant.id):
        return None
    return Refusal.NOT_RESPONSIBLE


def check_public_message(
    attendant: Attendant, chat: Chat, *, template: bool, now: datetime
) -> Refusal | None:
    """A message the customer will receive: the chat must be yours, and on WhatsApp free
    text only within 24 h of the customer's last message."""
    if refusal := _access(attendant, chat):
        return refusal
    if chat.responsible_id != attendant.id or not chat.status.taken:
        return Refusal.NOT_RESPONSIBLE
    if not template and not free_text_allowed(chat.origin, chat.last_client_message_at, now):
        return Refusal.OUTSIDE_WINDOW
    return None


def check_internal_comment(attendant: Attendant, chat: Chat) -> Refusal | None:
    """Comentário interno: access to the chat is enough."""
    return _access(attendant, chat)


def check_update(attendant: Attendant, chat: Chat) -> Refusal | None:
    """Linking a ticket and similar edits: active chats the attendant can see."""
    return _access(attendant, chat)


def status_when_taken(chat: Chat) -> ChatStatus:
    """Status of a chat handed to an attendant, from who wrote last."""
    if chat.status.taken:
        return chat.status
    return ChatStatus.IN_ATTENDANCE
