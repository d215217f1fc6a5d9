"""What deserves the attendant's attention: the rules behind the desktop notifications.

The window's notifier shows what these rules decide; nothing here knows about Qt. They read the
ChangeSets the session publishes and keep, per chat in sight, where it was last seen, so each
notice fires once, when a chat moves:

- **new chat**: a chat enters Entrada (a customer's new chat, or one sent back to the queue);
- **customer message**: the customer writes in a chat of Meus (never an internal comment, never
  the attendant's own or the bot's lines);
- **transferred**: a chat becomes the attendant's without them assuming it;
- **still waiting**: a chat sits in Entrada longer than the re-alert time, announced again every
  re-alert period until someone assumes it.

Several notices of one kind at once (a catch-up after a night offline) fold into one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tiflux_desktop.domain import AuthorType, Chat, ChatStatus, Message, Origin, StartedBy
from tiflux_desktop.domain.messages import preview
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.sync import ChangeSet

# A chat the attendant started (Novo chat) may be seen through its event before the service's
# answer says it was theirs: one this young, started by an attendant, is not a transfer.
FRESH_START = timedelta(minutes=2)


class NoticeKind(StrEnum):
    NEW_CHAT = "new_chat"
    CUSTOMER_MESSAGE = "customer_message"
    TRANSFERRED = "transferred"
    STILL_WAITING = "still_waiting"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    chat_id: int
    requester: str | None
    client: str | None
    origin: Origin
    excerpt: str | None  # the start of the customer's words (public messages only)
    waiting_since: datetime | None = None  # still waiting: since when
    count: int = 1  # more than one: several chats folded into this notice (the first shown)


@dataclass(frozen=True, slots=True)
class _Seen:
    chat: Chat  # as last seen
    announced_at: datetime | None  # Entrada only: when it was last announced

    @property
    def waiting(self) -> bool:
        return _in_entrada(self.chat)


Listener = Callable[[list[Notice]], None]


class Attention:
    def __init__(
        self,
        attendant_id: int,
        *,
        realert: timedelta | None = timedelta(minutes=5),
        own: set[int] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.attendant_id = attendant_id
        self.realert = realert  # None or zero: announce once
        # Chats the attendant is moving themselves (Assumir, Sair, Transferir, Novo chat): their
        # next move is not announced. The services add to this set before asking the service.
        self.own = own if own is not None else set[int]()
        self._clock = clock
        self._seen: dict[int, _Seen] = {}
        self._excerpts: dict[int, str] = {}  # the customer's last words, per chat
        self._openings: dict[int, str] = {}  # and their first (what the chat is about)
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # --- what is already known ----------------------------------------------------------

    def prime(self, entries: Iterable[ChatEntry]) -> None:
        """The chats in the cache at start: none of them is news. Those already waiting in
        Entrada count as announced when they started waiting, so the re-alert picks them up."""
        for entry in entries:
            chat = entry.chat
            announced = chat.waiting_since if _in_entrada(chat) else None
            self._seen[chat.id] = _Seen(chat, announced)

    @property
    def waiting(self) -> int:
        """Chats waiting in Entrada, as these rules see them."""
        return sum(1 for seen in self._seen.values() if seen.waiting)

    # --- what changed -------------------------------------------------------------------

    def changed(self, change: ChangeSet) -> list[Notice]:
        """The notices a ChangeSet brings (also handed to the listeners)."""
        now = self._clock()
        for message in change.messages_appended:
            if _from_customer(message):
                excerpt = _excerpt(message)
                if excerpt:
                    self._excerpts[message.chat_id] = excerpt
                    self._openings.setdefault(message.chat_id, excerpt)
        notices: list[Notice] = []
        arrived: set[int] = set()
        for entry in change.chats_upserted:
            notice = self._chat_moved(entry.chat, now)
            if notice is not None:
                notices.append(notice)
                arrived.add(entry.id)
        for chat_id in change.chats_removed:
            self._forget(chat_id)
        told: set[int] = set()
        for message in change.messages_appended:
            chat_id = message.chat_id
            if chat_id in arrived or chat_id in told or not _from_customer(message):
                continue
            seen = self._seen.get(chat_id)
            if seen is None or not self._mine(seen.chat):
                continue
            told.add(chat_id)
            notices.append(self._notice(NoticeKind.CUSTOMER_MESSAGE, seen.chat, _excerpt(message)))
        return self._tell(_fold(notices))

    def due(self) -> list[Notice]:
        """Chats waiting in Entrada longer than the re-alert time and not announced for as
        long: announced again (also handed to the listeners)."""
        if not self.realert:
            return []
        now = self._clock()
        notices: list[Notice] = []
        chats = sorted(
            (seen for seen in self._seen.values() if seen.waiting),
            key=lambda seen: seen.chat.waiting_since,
        )
        for seen in chats:
            since = seen.chat.waiting_since
            last = seen.announced_at or since
            if now - since >= self.realert and now - last >= self.realert:
                self._seen[seen.chat.id] = replace(seen, announced_at=now)
                notices.append(
                    self._notice(NoticeKind.STILL_WAITING, seen.chat, self._words(seen.chat))
                )
        return self._tell(_fold(notices))

    def forget_excerpts(self) -> None:
        """Signed out, or the cache cleared: nothing of the customers' words stays."""
        self._excerpts.clear()
        self._openings.clear()

    # --- the rules ----------------------------------------------------------------------

    def _chat_moved(self, chat: Chat, now: datetime) -> Notice | None:
        before = self._seen.get(chat.id)
        if chat.status.archived:
            self._forget(chat.id)
            return None
        announced = before.announced_at if before is not None else None
        if chat.id in self.own and (before is None or _moved(before.chat, chat)):
            # The attendant's own Assumir, Sair, Transferir or Novo chat: not news to them.
            self.own.discard(chat.id)
            self._seen[chat.id] = _Seen(chat, now if _in_entrada(chat) else None)
            return None
        notice: Notice | None = None
        if _in_entrada(chat) and (before is None or not before.waiting):
            # Out of the bot's triage, what the customer came for says more than the menu
            # option they picked last; back from an attendant, their latest words do.
            fresh = before is None or before.chat.status is ChatStatus.TRIAGE
            words = self._openings.get(chat.id) if fresh else None
            notice = self._notice(NoticeKind.NEW_CHAT, chat, words or self._words(chat))
            announced = now
        elif self._mine(chat) and (
            before is None or before.chat.responsible_id != self.attendant_id
        ):
            if before is None and _freshly_started(chat, now):
                pass  # most likely the attendant's own Novo chat, seen before its answer
            else:
                notice = self._notice(NoticeKind.TRANSFERRED, chat, self._words(chat))
        if not _in_entrada(chat):
            announced = None
        self._seen[chat.id] = _Seen(chat, announced)
        return notice

    def _mine(self, chat: Chat) -> bool:
        return chat.status.taken and chat.responsible_id == self.attendant_id

    def _notice(self, kind: NoticeKind, chat: Chat, excerpt: str | None) -> Notice:
        return Notice(
            kind,
            chat.id,
            requester=chat.requestor.name if chat.requestor else None,
            client=chat.client.name if chat.client else None,
            origin=chat.origin,
            excerpt=excerpt,
            waiting_since=chat.waiting_since if _in_entrada(chat) else None,
        )

    def _words(self, chat: Chat) -> str | None:
        """The customer's last words if this session saw them, else the chat's preview
        (the service builds it from public messages only)."""
        return self._excerpts.get(chat.id) or chat.last_message_preview

    def _forget(self, chat_id: int) -> None:
        self._seen.pop(chat_id, None)
        self._excerpts.pop(chat_id, None)
        self._openings.pop(chat_id, None)
        self.own.discard(chat_id)

    def _tell(self, notices: list[Notice]) -> list[Notice]:
        if notices:
            for listener in list(self._listeners):
                listener(notices)
        return notices


_ENTRADA = ChatStatus.WAITING_ATTENDANCE


def _in_entrada(chat: Chat) -> bool:
    return chat.status is _ENTRADA


def _from_customer(message: Message) -> bool:
    return message.author.type is AuthorType.CLIENT and not message.internal


def _excerpt(message: Message) -> str | None:
    return preview(message.text or (message.media.filename if message.media else None))


def _moved(before: Chat, after: Chat) -> bool:
    return (before.status, before.responsible_id) != (after.status, after.responsible_id)


def _freshly_started(chat: Chat, now: datetime) -> bool:
    return chat.started_by is not StartedBy.CLIENT and now - chat.created_at < FRESH_START


def _fold(notices: list[Notice]) -> list[Notice]:
    """One notice per kind: the first of each, counting the others."""
    folded: dict[NoticeKind, Notice] = {}
    for notice in notices:
        first = folded.get(notice.kind)
        folded[notice.kind] = notice if first is None else replace(first, count=first.count + 1)
    return list(folded.values())
