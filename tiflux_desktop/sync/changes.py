"""ChangeSets: what changed in the cache, published once per loop tick.

Everything that writes the cache (the event stream, the outbox, the attendant's own
actions) reports here; the collector merges the reports of one tick into one frozen
ChangeSet, so a burst of 1,000 events becomes a handful of updates for the window.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tiflux_desktop.domain import Attendant, Message
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import ChatEntry, Counts, OutboxItem

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    chats_upserted: tuple[ChatEntry, ...] = ()
    chats_removed: frozenset[int] = frozenset()  # left the attendant's sight
    messages_appended: tuple[Message, ...] = ()  # new to the cache, in id order
    messages_updated: tuple[Message, ...] = ()  # delivery status and the like
    outbox_upserted: tuple[OutboxItem, ...] = ()  # queued, sending or failed
    outbox_removed: frozenset[str] = frozenset()  # client_message_ids confirmed or discarded
    uploads: tuple[tuple[str, int, int], ...] = ()  # (client_message_id, bytes sent, total)
    attendants: tuple[Attendant, ...] = ()
    me: Attendant | None = None  # the signed-in attendant changed (Online, departments)
    counts: Counts | None = None
    connection: ConnectionState | None = None
    resynced: bool = False  # the lists were rebuilt wholesale: reload them from the cache
    login_required: bool = False  # the service refused the token: sign in again

    @property
    def empty(self) -> bool:
        return self == _EMPTY


_EMPTY = ChangeSet()


@dataclass(slots=True)
class _Pending:
    chats: dict[int, ChatEntry] = field(default_factory=dict[int, ChatEntry])
    removed: set[int] = field(default_factory=set[int])
    appended: dict[int, Message] = field(default_factory=dict[int, Message])
    updated: dict[int, Message] = field(default_factory=dict[int, Message])
    outbox: dict[str, OutboxItem] = field(default_factory=dict[str, OutboxItem])
    outbox_removed: set[str] = field(default_factory=set[str])
    uploads: dict[str, tuple[int, int]] = field(default_factory=dict[str, tuple[int, int]])
    attendants: dict[int, Attendant] = field(default_factory=dict[int, Attendant])
    me: Attendant | None = None
    counts: Counts | None = None
    connection: ConnectionState | None = None
    resynced: bool = False
    login_required: bool = False

    def freeze(self) -> ChangeSet:
        return ChangeSet(
            chats_upserted=tuple(self.chats.values()),
            chats_removed=frozenset(self.removed),
            messages_appended=tuple(sorted(self.appended.values(), key=lambda m: m.id)),
            messages_updated=tuple(self.updated.values()),
            outbox_upserted=tuple(self.outbox.values()),
            outbox_removed=frozenset(self.outbox_removed),
            uploads=tuple((cmid, done, total) for cmid, (done, total) in self.uploads.items()),
            attendants=tuple(self.attendants.values()),
            me=self.me,
            counts=self.counts,
            connection=self.connection,
            resynced=self.resynced,
            login_required=self.login_required,
        )


Listener = Callable[[ChangeSet], None]


class ChangeHub:
    """Collects reports and hands listeners one merged ChangeSet per loop tick."""

    def __init__(self) -> None:
        self._pending = _Pending()
        self._listeners: list[Listener] = []
        self._scheduled: asyncio.Handle | None = None
        self.published = 0  # ChangeSets handed out, for tests and benchmarks

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # --- reports ------------------------------------------------------------------------

    def chats(self, entries: Iterable[ChatEntry]) -> None:
        for entry in entries:
            self._pending.chats[entry.id] = entry
            self._pending.removed.discard(entry.id)
        self._schedule()

    def removed(self, chat_ids: Iterable[int]) -> None:
        for chat_id in chat_ids:
            self._pending.chats.pop(chat_id, None)
            self._pending.removed.add(chat_id)
        self._schedule()

    def appended(self, messages: Iterable[Message]) -> None:
        for message in messages:
            self._pending.appended[message.id] = message
            self._pending.updated.pop(message.id, None)
        self._schedule()

    def updated(self, messages: Iterable[Message]) -> None:
        for message in messages:
            if message.id in self._pending.appended:
                self._pending.appended[message.id] = message
            else:
                self._pending.updated[message.id] = message
        self._schedule()

    def outbox(self, items: Iterable[OutboxItem]) -> None:
        for item in items:
            self._pending.outbox[item.client_message_id] = item
            self._pending.outbox_removed.discard(item.client_message_id)
        self._schedule()

    def outbox_gone(self, client_message_ids: Iterable[str]) -> None:
        for cmid in client_message_ids:
            self._pending.outbox.pop(cmid, None)
            self._pending.outbox_removed.add(cmid)
        self._schedule()

    def upload(self, client_message_id: str, done: int, total: int) -> None:
        """How far the files of an outbox item have gone (the latest figure of the tick)."""
        self._pending.uploads[client_message_id] = (done, total)
        self._schedule()

    def attendants(self, attendants: Iterable[Attendant], me_id: int | None = None) -> None:
        for attendant in attendants:
            self._pending.attendants[attendant.id] = attendant
            if attendant.id == me_id:
                self._pending.me = attendant
        self._schedule()

    def counts(self, counts: Counts) -> None:
        self._pending.counts = counts
        self._schedule()

    def connection(self, state: ConnectionState) -> None:
        self._pending.connection = state
        self._schedule()

    def resynced(self) -> None:
        self._pending.resynced = True
        self._schedule()

    def login_required(self) -> None:
        self._pending.login_required = True
        self._schedule()

    # --- publishing ---------------------------------------------------------------------

    def _schedule(self) -> None:
        if self._scheduled is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # reported from outside a loop (start-up): publish on flush
                return
            self._scheduled = loop.call_soon(self.flush)

    def flush(self) -> ChangeSet | None:
        """Hand out what was reported since the last flush (normally called by the loop)."""
        self._scheduled = None
        change = self._pending.freeze()
        self._pending = _Pending()
        if change.empty:
            return None
        self.published += 1
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:  # one broken listener must not starve the others
                log.exception("a ChangeSet listener failed")
        return change

    def close(self) -> None:
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None
