"""Closed sets of the chat vocabulary. Wire values mirror Tiflux API v2."""

from __future__ import annotations

from enum import StrEnum


class ChatStatus(StrEnum):
    TRIAGE = "triage"  # chatbot flow running ("Triagem")
    WAITING_ATTENDANCE = "waiting_attendance"  # in a department inbox ("Aguardando atendimento")
    IN_ATTENDANCE = "in_attendance"  # taken; the customer wrote last
    WAITING_CLIENT = "waiting_client"  # taken; the attendant wrote last ("Aguardando cliente")
    FINISHED = "finished"  # Finalizar
    CANCELED = "canceled"  # Cancelar

    @property
    def archived(self) -> bool:
        return self in (ChatStatus.FINISHED, ChatStatus.CANCELED)

    @property
    def taken(self) -> bool:
        return self in (ChatStatus.IN_ATTENDANCE, ChatStatus.WAITING_CLIENT)


ACTIVE_STATUSES = frozenset(s for s in ChatStatus if not s.archived)


class Origin(StrEnum):
    SITE_WIDGET = "site_widget"
    CHAT = "chat"
    WHATSAPP = "whatsapp"
    WHATSAPP_WEB = "whatsapp_web"
    GUPSHUP = "gupshup"
    WHATSAPP_CLOUD = "whatsapp_cloud"
    CAMPAIGN = "campaign"


class StartedBy(StrEnum):
    CLIENT = "Client"
    ATTENDANT = "Attendant"
    CAMPAIGN = "Campaign"
    API = "API"


class AuthorType(StrEnum):
    CLIENT = "client"
    ATTENDANT = "attendant"
    SYSTEM = "system"  # the chatbot and automatic notices
    AI = "ai"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"

    @property
    def rank(self) -> int:
        """Progress order; a status update never moves a message to a lower rank."""
        return _DELIVERY_RANK[self]


_DELIVERY_RANK = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENT: 1,
    DeliveryStatus.DELIVERED: 2,
    DeliveryStatus.READ: 3,
    DeliveryStatus.FAILED: 1,  # a failure can follow "sent" but never undoes delivered/read
}


class Tab(StrEnum):
    INBOX = "inbox"  # Entrada
    MINE = "mine"  # Meus
    IN_ATTENDANCE = "in_attendance"  # Em atendimento
    ARCHIVED = "archived"  # Encerrados


class SearchBy(StrEnum):
    REQUESTOR = "requestor"
    CLIENT = "client"
    DEPARTMENT = "department"
    RESPONSIBLE = "responsible"
    ATTENDANT_GROUP = "attendant_group"


# Responsável and grupo de atendentes are offered only in Em atendimento.
SEARCH_MODES_BY_TAB: dict[Tab, tuple[SearchBy, ...]] = {
    Tab.INBOX: (SearchBy.REQUESTOR, SearchBy.CLIENT, SearchBy.DEPARTMENT),
    Tab.MINE: (SearchBy.REQUESTOR, SearchBy.CLIENT, SearchBy.DEPARTMENT),
    Tab.IN_ATTENDANCE: tuple(SearchBy),
    Tab.ARCHIVED: (SearchBy.REQUESTOR, SearchBy.CLIENT, SearchBy.DEPARTMENT),
}

# The status filter exists only in Em atendimento.
IN_ATTENDANCE_STATUS_FILTER = (
    ChatStatus.WAITING_ATTENDANCE,
    ChatStatus.WAITING_CLIENT,
    ChatStatus.TRIAGE,
)
