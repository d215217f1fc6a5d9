"""Vocabulary and rules of the chat domain: pure Python, no I/O, no Qt."""

from .attachments import MB, AttachmentKind, AttachmentLimits, kind_of, runs_as_program
from .chats import Chat, TicketRef, sort_key, status_after_message, tabs_for
from .enums import (
    ACTIVE_STATUSES,
    IN_ATTENDANCE_STATUS_FILTER,
    SEARCH_MODES_BY_TAB,
    AuthorType,
    ChatStatus,
    DeliveryStatus,
    Origin,
    SearchBy,
    StartedBy,
    Tab,
)
from .filters import ChatFilters
from .messages import Author, Media, Message, QuotedMessage, advance_delivery, preview
from .people import Attendant, AttendantGroup, Client, Contact, Department, Ref
from .replies import fill_reply, reply_values, transcript
from .rules import (
    Refusal,
    can_see,
    can_see_department,
    check_assume,
    check_close,
    check_internal_comment,
    check_leave,
    check_public_message,
    check_transfer,
    check_update,
)
from .text import fold, folded_contains
from .whatsapp import OUTBOUND_START_ORIGINS, WHATSAPP_ORIGINS, free_text_allowed, window_closes_at

__all__ = [
    "ACTIVE_STATUSES",
    "IN_ATTENDANCE_STATUS_FILTER",
    "MB",
    "OUTBOUND_START_ORIGINS",
    "SEARCH_MODES_BY_TAB",
    "WHATSAPP_ORIGINS",
    "AttachmentKind",
    "AttachmentLimits",
    "Attendant",
    "AttendantGroup",
    "Author",
    "AuthorType",
    "Chat",
    "ChatFilters",
    "ChatStatus",
    "Client",
    "Contact",
    "DeliveryStatus",
    "Department",
    "Media",
    "Message",
    "Origin",
    "QuotedMessage",
    "Ref",
    "Refusal",
    "SearchBy",
    "StartedBy",
    "Tab",
    "TicketRef",
    "advance_delivery",
    "can_see",
    "can_see_department",
    "check_assume",
    "check_close",
    "check_internal_comment",
    "check_leave",
    "check_public_message",
    "check_transfer",
    "check_update",
    "fill_reply",
    "fold",
    "folded_contains",
    "free_text_allowed",
    "kind_of",
    "preview",
    "reply_values",
    "runs_as_program",
    "sort_key",
    "status_after_message",
    "tabs_for",
    "transcript",
    "window_closes_at",
]
