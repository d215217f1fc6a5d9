"""The words the window uses for the core's values: tabs, channels, statuses, search modes,
refusals and errors. The core returns enums and typed errors; only here do they become
sentences, in the attendant's language (pt_BR labels are Tiflux's, word for word)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tiflux_desktop.domain import ChatStatus, DeliveryStatus, Origin, Refusal, SearchBy, Tab
from tiflux_desktop.net import (
    ApiError,
    AttachmentRejected,
    CertificateError,
    ConnectionState,
    LoginRequired,
    NetError,
    Unreachable,
)
from tiflux_desktop.services import NotSignedIn, Refused, TicketNotLinked, UnknownChat

translate = QCoreApplication.translate


def tab_label(tab: Tab) -> str:
    return {
        Tab.INBOX: translate("Wording", "Inbox"),
        Tab.MINE: translate("Wording", "Mine"),
        Tab.IN_ATTENDANCE: translate("Wording", "In attendance"),
        Tab.ARCHIVED: translate("Wording", "Closed"),
    }[tab]


def origin_label(origin: Origin) -> str:
    """Origem do chat."""
    return {
        Origin.SITE_WIDGET: translate("Wording", "Website widget"),
        Origin.CHAT: translate("Wording", "Chat"),
        Origin.WHATSAPP: translate("Wording", "WhatsApp"),
        Origin.WHATSAPP_WEB: translate("Wording", "Traditional WhatsApp"),
        Origin.GUPSHUP: translate("Wording", "Gupshup"),
        Origin.WHATSAPP_CLOUD: translate("Wording", "WhatsApp Cloud API"),
        Origin.CAMPAIGN: translate("Wording", "Campaign"),
    }[origin]


def status_label(status: ChatStatus) -> str:
    return {
        ChatStatus.TRIAGE: translate("Wording", "Triage"),
        ChatStatus.WAITING_ATTENDANCE: translate("Wording", "Waiting for an attendant"),
        ChatStatus.IN_ATTENDANCE: translate("Wording", "In attendance"),
        ChatStatus.WAITING_CLIENT: translate("Wording", "Waiting for the customer"),
        ChatStatus.FINISHED: translate("Wording", "Finished"),
        ChatStatus.CANCELED: translate("Wording", "Cancelled"),
    }[status]


def search_mode_label(mode: SearchBy) -> str:
    return {
        SearchBy.REQUESTOR: translate("Wording", "Requester name"),
        SearchBy.CLIENT: translate("Wording", "Client"),
        SearchBy.DEPARTMENT: translate("Wording", "Department"),
        SearchBy.RESPONSIBLE: translate("Wording", "Responsible"),
        SearchBy.ATTENDANT_GROUP: translate("Wording", "Attendant group"),
    }[mode]


def delivery_label(status: DeliveryStatus) -> str:
    return {
        DeliveryStatus.QUEUED: translate("Wording", "Queued"),
        DeliveryStatus.SENT: translate("Wording", "Sent"),
        DeliveryStatus.DELIVERED: translate("Wording", "Delivered"),
        DeliveryStatus.READ: translate("Wording", "Read"),
        DeliveryStatus.FAILED: translate("Wording", "Not delivered"),
    }[status]


def connection_label(state: ConnectionState) -> str:
    return {
        ConnectionState.OFFLINE: translate("Wording", "No connection"),
        ConnectionState.CONNECTING: translate("Wording", "Connecting…"),
        ConnectionState.SYNCING: translate("Wording", "Syncing…"),
        ConnectionState.ONLINE: translate("Wording", "Connected"),
    }[state]


def refusal_text(refusal: Refusal) -> str:
    """Why an action is not possible: the tooltip of a disabled button, or the error."""
    return {
        Refusal.NOT_VISIBLE: translate(
            "Wording", "This chat belongs to a department you do not attend."
        ),
        Refusal.NOT_ONLINE: translate("Wording", "You are Offline: go Online to assume chats."),
        Refusal.ARCHIVED: translate("Wording", "This chat is closed."),
        Refusal.ALREADY_TAKEN: translate("Wording", "Another attendant is responsible for it."),
        Refusal.ALREADY_YOURS: translate("Wording", "You are already responsible for it."),
        Refusal.NOT_RESPONSIBLE: translate(
            "Wording", "Only the attendant responsible for this chat can do this."
        ),
        Refusal.NOT_TAKEN: translate("Wording", "Nobody has assumed this chat yet."),
        Refusal.OUTSIDE_WINDOW: translate(
            "Wording",
            "More than 24 hours since the customer's last message: WhatsApp only accepts "
            "an approved template.",
        ),
        Refusal.NO_DEPARTMENT_ACCESS: translate(
            "Wording", "You can only transfer to your own departments."
        ),
    }[refusal]


def error_text(exc: BaseException) -> str:
    """A sentence for an error an action raised."""
    if isinstance(exc, Refused):
        return refusal_text(exc.refusal)
    if isinstance(exc, LoginRequired):
        return translate("Wording", "Your session has expired: sign in again.")
    if isinstance(exc, CertificateError):
        return translate(
            "Wording",
            "The service's certificate is not trusted, so the connection was refused.",
        )
    if isinstance(exc, Unreachable):
        return translate(
            "Wording", "The service cannot be reached. Check the address and the network."
        )
    if isinstance(exc, AttachmentRejected):
        return attachment_refusal(exc)
    if isinstance(exc, TicketNotLinked):
        return translate(
            "Wording", "Ticket #%1 was created, but linking it to the chat failed."
        ).replace("%1", str(exc.ticket_number))
    if isinstance(exc, UnknownChat):
        return translate("Wording", "This chat is no longer available to you.")
    if isinstance(exc, NotSignedIn):
        return translate("Wording", "Sign in to continue.")
    if isinstance(exc, ApiError):
        detail = exc.message or f"{exc.status} ({exc.code})"
        return translate("Wording", "The service refused it: %1").replace("%1", detail)
    if isinstance(exc, NetError):
        return translate("Wording", "The service could not do it now. Try again.")
    return translate("Wording", "Something went wrong: %1").replace("%1", type(exc).__name__)


def size_text(size: int) -> str:
    """1.5 MB, 820 KB, 12 bytes."""
    if size >= 1024 * 1024:
        return translate("Wording", "%1 MB").replace("%1", f"{size / (1024 * 1024):.1f}")
    if size >= 1024:
        return translate("Wording", "%1 KB").replace("%1", str(round(size / 1024)))
    return translate("Wording", "%1 bytes").replace("%1", str(size))


def attachment_refusal(exc: AttachmentRejected) -> str:
    if exc.reason == "too_many":
        return translate("Wording", "At most %1 files per message.").replace("%1", str(exc.limit))
    if exc.reason == "unreadable":
        return translate("Wording", "%1 cannot be read.").replace("%1", exc.filename)
    return (
        translate("Wording", "%1 is %2; the limit for this kind of file is %3.")
        .replace("%1", exc.filename)
        .replace("%2", size_text(exc.size))
        .replace("%3", size_text(exc.limit))
    )
