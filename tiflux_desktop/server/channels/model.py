"""What every channel (WhatsApp Cloud API, Gupshup, the website widget) speaks to the service.

A channel turns its provider's payloads into these values and back; the service's channel core
(``core.py``) stores them with the same rules for every channel:

- an ``Inbound`` is a customer's message, idempotent by ``(integration, provider_message_id)``:
  a provider retrying a delivery creates nothing new;
- a ``StatusUpdate`` moves one of our outgoing messages forward (sent, delivered, read) or to
  failed with the provider's reason, never backwards;
- an ``Outgoing`` is an attendant's public message (or template) to send; a channel's
  ``Sender`` answers with the provider's message id or raises ``ProviderError``, which says
  whether trying again may help.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from tiflux_desktop.domain import DeliveryStatus


class InboundKind(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    DOCUMENT = "document"
    AUDIO = "audio"  # voice notes too
    VIDEO = "video"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    REPLY = "reply"  # a button, list or quick-reply answer: its title is the text
    RATING = "rating"  # the answer to the rating question after Finalizar
    UNSUPPORTED = "unsupported"  # kept as a placeholder the attendant can see


@dataclass(frozen=True, slots=True)
class Customer:
    """Who wrote: a phone number (wa_id / E.164 digits) or, where WhatsApp hides it, only a
    business-scoped user id; the profile name when the provider gives one."""

    phone: str | None
    name: str | None = None
    user_id: str | None = None  # WhatsApp's business-scoped user id (BSUID), Gupshup's id


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A file the provider holds: fetched by ``provider_media_id`` (or ``url``) by the
    channel's ``fetch_media``; the message and caption are kept when the fetch fails."""

    provider_media_id: str | None
    url: str | None = None
    content_type: str | None = None
    filename: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Inbound:
    provider_message_id: str
    customer: Customer
    kind: InboundKind
    sent_at: datetime
    text: str | None = None  # the text, a caption, a reply's title, a location's description
    media: MediaRef | None = None
    quoted_provider_id: str | None = None  # the customer replied to this message of ours
    reply_id: str | None = None  # the id of the button/row/quick reply chosen
    latitude: float | None = None
    longitude: float | None = None
    rating: int | None = None  # RATING: 1..5


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    provider_message_id: str
    status: DeliveryStatus  # SENT, DELIVERED, READ or FAILED
    at: datetime
    error_code: str | None = None  # the provider's, as text ("131047")
    error_title: str | None = None  # the provider's words, for the log


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to send to the customer on a provider integration."""

    message_id: int  # ours
    to: Customer
    text: str | None = None
    media_path: str | None = None  # a stored attachment on disk
    media_content_type: str | None = None
    media_filename: str | None = None
    quoted_provider_id: str | None = None
    template_name: str | None = None  # an approved template (Cloud) / HSM id (Gupshup)
    template_language: str | None = None
    template_parameters: tuple[str, ...] = ()
    buttons: tuple[str, ...] = ()  # quick-reply buttons (the rating question)


class ProviderError(Exception):
    """A provider refused or failed a send. ``retry``: worth trying again later (a timeout,
    5xx, throttling); otherwise the message fails with ``reason`` for the attendant."""

    def __init__(
        self, reason: str, *, code: str | None = None, retry: bool = False, detail: str = ""
    ) -> None:
        super().__init__(reason)
        self.reason = reason  # Portuguese, for the attendant (the message's status_reason)
        self.code = code
        self.retry = retry
        self.detail = detail  # the provider's own words, for the log


class Sender(Protocol):
    async def send(self, outgoing: Outgoing) -> str:
        """Send it; returns the provider's message id. Raises ProviderError."""
        ...


@dataclass(frozen=True, slots=True)
class Delivery:
    """What a webhook call carried, parsed: customers' messages and statuses (a provider may
    batch several of each in one call)."""

    messages: tuple[Inbound, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    ignored: tuple[str, ...] = field(default=())  # what was not understood, for the log


async def read_capped(chunks: AsyncIterator[bytes], limit: int, too_large: str) -> bytes:
    """A provider's media as it streams in, refused (``too_large``, for the attendant) the
    moment it passes ``limit`` bytes: never held whole in memory whatever its size."""
    kept: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise ProviderError(too_large, detail="too large")
        kept.append(chunk)
    return b"".join(kept)
