"""The WhatsApp customer-service window.

Free text goes only within 24 h of the customer's last message; after that, a template.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .enums import Origin

WINDOW = timedelta(hours=24)

# Campaign chats start with a template sent in bulk over WhatsApp: the same window holds.
WHATSAPP_ORIGINS = frozenset(
    {Origin.WHATSAPP, Origin.WHATSAPP_WEB, Origin.GUPSHUP, Origin.WHATSAPP_CLOUD, Origin.CAMPAIGN}
)

# Channels through which the service can start a conversation itself (Novo chat).
OUTBOUND_START_ORIGINS = frozenset({Origin.GUPSHUP, Origin.WHATSAPP_CLOUD})


def window_closes_at(last_client_message_at: datetime | None) -> datetime | None:
    if last_client_message_at is None:
        return None
    return last_client_message_at + WINDOW


def free_text_allowed(
    origin: Origin, last_client_message_at: datetime | None, now: datetime
) -> bool:
    """Whether a free-text (non-template) message may go to the customer now."""
    if origin not in WHATSAPP_ORIGINS:
        return True
    closes = window_closes_at(last_client_message_at)
    return closes is not None and now < closes
