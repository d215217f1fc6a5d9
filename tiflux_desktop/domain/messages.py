"""Messages of a chat. They are never edited or deleted ("Não é possível excluir mensagens")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .enums import AuthorType, DeliveryStatus


@dataclass(frozen=True, slots=True)
class Author:
    type: AuthorType
    id: int | None
    name: str


@dataclass(frozen=True, slots=True)
class Media:
    id: int  # attachment id, downloadable from the service
    content_type: str
    filename: str
    size: int
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class QuotedMessage:
    id: int
    author: Author
    text: str | None


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    chat_id: int
    author: Author
    created_at: datetime
    text: str | None = None
    internal: bool = False
    media: Media | None = None
    quoted_message: QuotedMessage | None = None
    status: DeliveryStatus | None = None  # only for messages that go to the customer
    status_reason: str | None = None
    client_message_id: str | None = None
    template_id: int | None = None
    version: int = 1

    @property
    def delivered_to_customer(self) -> bool:
        """Internal comments never reach the customer's channel."""
        return not self.internal and self.author.type is not AuthorType.CLIENT


def advance_delivery(current: DeliveryStatus | None, new: DeliveryStatus) -> DeliveryStatus:
    """Delivery status after an update: never backwards (delivered after read stays read)."""
    if current is None:
        return new
    if new is DeliveryStatus.FAILED:
        return current if current.rank >= DeliveryStatus.DELIVERED.rank else new
    return new if new.rank > current.rank else current


def preview(text: str | None, limit: int = 120) -> str | None:
    """A one-line start of a message for lists and notifications."""
    line = " ".join((text or "").split())
    if not line:
        return None
    return line if len(line) <= limit else line[: limit - 1] + "…"
