"""Who a row speaks for, which decides its side, colour and label."""

from __future__ import annotations

from enum import StrEnum

from tiflux_desktop.domain import AuthorType, Message
from tiflux_desktop.store import OutboxItem


class BubbleKind(StrEnum):
    CUSTOMER = "customer"  # left
    ATTENDANT = "attendant"  # right
    BOT = "bot"  # right, the bot's colour, under the bot's name
    INTERNAL = "internal"  # right, yellow, "Internal comment" and a lock: the team only
    EVENT = "event"  # a small centred line: assumed, transferred, left ...

    @property
    def ours(self) -> bool:
        """Written by the organisation's side (shown on the right)."""
        return self in (BubbleKind.ATTENDANT, BubbleKind.BOT, BubbleKind.INTERNAL)


def bubble_kind(item: Message | OutboxItem) -> BubbleKind:
    if isinstance(item, OutboxItem):
        return BubbleKind.INTERNAL if item.internal else BubbleKind.ATTENDANT
    author = item.author.type
    if author is AuthorType.CLIENT:
        return BubbleKind.CUSTOMER
    if author is AuthorType.SYSTEM:
        # The service writes its team notes (assumed, transferred) as internal system
        # messages; the chatbot's public messages are system messages too.
        return BubbleKind.EVENT if item.internal else BubbleKind.BOT
    if item.internal:
        return BubbleKind.INTERNAL
    return BubbleKind.BOT if author is AuthorType.AI else BubbleKind.ATTENDANT
