"""What the cache hands back: domain values plus this machine's own state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tiflux_desktop.domain import Chat, Message, Tab


@dataclass(frozen=True, slots=True)
class ChatEntry:
    """A chat as the lists show it: the service's chat plus how far this attendant read."""

    chat: Chat
    unread: int = 0  # customer messages after the last one this attendant saw
    seen: bool = False  # opened at least once here; an unseen chat in Entrada is "new"

    @property
    def id(self) -> int:
        return self.chat.id


@dataclass(frozen=True, slots=True)
class Counts:
    inbox: int = 0
    mine: int = 0
    in_attendance: int = 0
    archived: int = 0

    def of(self, tab: Tab) -> int:
        return getattr(self, tab.value)


@dataclass(frozen=True, slots=True)
class MessagePage:
    """Messages of a chat in chronological order.

    ``complete`` says the cache holds every message between the first one here and the
    newest, so no gap hides between them; ``at_start`` says nothing older exists.
    """

    messages: tuple[Message, ...]
    complete: bool
    at_start: bool


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting for the service
    SENDING = "sending"  # handed to the service; the answer has not come back
    FAILED = "failed"  # the service refused it: the reason is kept; retried on request


@dataclass(frozen=True, slots=True)
class OutboxFile:
    path: str  # the copy kept with the outbox, not the attendant's original
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A message the attendant sent that the service has not confirmed yet."""

    client_message_id: str
    chat_id: int
    created_at: datetime
    position: int
    state: OutboxState
    text: str | None = None
    internal: bool = False
    quoted_message_id: int | None = None
    template_id: int | None = None
    parameters: tuple[str, ...] = ()
    files: tuple[OutboxFile, ...] = ()
    error_code: int | None = None
    error_message: str | None = None
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class Draft:
    chat_id: int
    text: str
    internal: bool = False
    quoted_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class ChatHit:
    entry: ChatEntry
    rank: float


@dataclass(frozen=True, slots=True)
class MessageHit:
    message: Message
    entry: ChatEntry  # the chat it belongs to
    snippet: str  # the matched words between MATCH_START and MATCH_END
    rank: float


# Markers around matched words in a snippet: characters no message contains, so the window
# can turn them into emphasis without interpreting the text as markup.
MATCH_START = "\x02"
MATCH_END = "\x03"


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Chats whose requester, client or department name matches, and messages whose text
    matches; each list in relevance, then recency, order."""

    query: str
    chats: tuple[ChatHit, ...] = ()
    messages: tuple[MessageHit, ...] = ()
