"""What the attendant can ask of one message, from a click inside a bubble or from its
context menu. There is no delete: Tiflux cannot delete chat messages."""

from __future__ import annotations

from enum import StrEnum

from tiflux_desktop.domain import DeliveryStatus, Message
from tiflux_desktop.domain.attachments import AttachmentKind, kind_of
from tiflux_desktop.store import OutboxItem, OutboxState

from .bubble_kind import BubbleKind, bubble_kind


class MessageAction(StrEnum):
    COPY = "copy"
    REPLY = "reply"  # quote it in the composer
    RETRY = "retry"
    DISCARD = "discard"  # a failed outbox item only
    DOWNLOAD = "download"  # save the attachment in Downloads
    OPEN = "open"  # open the attachment (downloaded first when needed)
    SHOW_QUOTED = "show_quoted"  # scroll to the quoted message


def is_image(content_type: str, filename: str) -> bool:
    return content_type.lower().startswith("image/") or (
        kind_of(content_type, filename) is AttachmentKind.MEDIA
        and filename.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"))
    )


def available(item: Message | OutboxItem) -> list[MessageAction]:
    """The actions that make sense for this row, in menu order."""
    kind = bubble_kind(item)
    found: list[MessageAction] = []
    text = item.text or (item.media.caption if isinstance(item, Message) and item.media else None)
    if text:
        found.append(MessageAction.COPY)
    if isinstance(item, Message):
        # An internal comment or a team note must never end up quoted to the customer.
        if kind in (BubbleKind.CUSTOMER, BubbleKind.ATTENDANT, BubbleKind.BOT):
            found.append(MessageAction.REPLY)
        if item.status is DeliveryStatus.FAILED and item.text and item.media is None:
            found.append(MessageAction.RETRY)
        if item.media is not None:
            found += [MessageAction.OPEN, MessageAction.DOWNLOAD]
        if item.quoted_message is not None:
            found.append(MessageAction.SHOW_QUOTED)
    else:
        if item.state is OutboxState.FAILED:
            found += [MessageAction.RETRY, MessageAction.DISCARD]
        if item.quoted_message_id is not None:
            found.append(MessageAction.SHOW_QUOTED)
    return found
