"""Errors the attendant's intents raise. The window turns each into words; nothing below
``ui`` is translated, so these carry codes and data, not sentences."""

from __future__ import annotations

from tiflux_desktop.domain import Refusal
from tiflux_desktop.net import (
    ApiError,
    AttachmentRejected,
    CertificateError,
    LoginRequired,
    NetError,
    Unreachable,
)
from tiflux_desktop.protocol import TicketOut


class ServiceError(Exception):
    """Base of the errors raised here (network errors keep their own classes)."""


class Refused(ServiceError):
    """The domain rules refuse the action on the cached state (the service would too)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


class UnknownChat(ServiceError):
    """The chat is not in the cache (it left the attendant's sight, or never was there)."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(f"chat {chat_id} is not in the cache")
        self.chat_id = chat_id


class TicketNotLinked(ServiceError):
    """The ticket was created but linking it to the chat failed: offer to link ticket
    ``ticket_number`` again, never to create a second ticket."""

    def __init__(
        self, ticket_number: int, cause: Exception, ticket: TicketOut | None = None
    ) -> None:
        super().__init__(f"ticket #{ticket_number} was created but not linked: {cause}")
        self.ticket_number = ticket_number
        self.cause = cause
        self.ticket = ticket  # the ticket as created, for whoever links it again


class NotSignedIn(ServiceError):
    """No saved session to resume: the sign-in dialog is needed."""


__all__ = [
    "ApiError",
    "AttachmentRejected",
    "CertificateError",
    "LoginRequired",
    "NetError",
    "NotSignedIn",
    "Refused",
    "ServiceError",
    "TicketNotLinked",
    "UnknownChat",
    "Unreachable",
]
