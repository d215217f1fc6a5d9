"""The organisation-wide event log as it streams: an in-memory tail of committed events
that WebSocket and long-lived readers follow, with the database as the source for anything
older than the tail.

Events are appended in commit order under the service's writer lock, so the tail never has
gaps and a subscriber that follows it from its cursor misses nothing.

Each socket follows the log as a ``Follower``: a commit wakes only the followers that want one
of its events (an attendant's departments, a visitor's chats). With hundreds of sockets, a
commit in one department used to wake every socket to find nothing to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tiflux_desktop.domain import Attendant, can_see_department
from tiflux_desktop.protocol import EventType


@dataclass(frozen=True, slots=True)
class StoredEvent:
    seq: int
    type: EventType
    at: str  # ISO 8601, as sent
    department_id: int | None
    prev_department_id: int | None
    internal: bool
    data: dict[str, Any]
    chat_event: bool
    # The WebSocket frame, encoded once: every socket that may see the event sends it.
    frame: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "frame", json.dumps(self.wire(), separators=(",", ":")))

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type.value, "at": self.at, "data": self.data}


def visible_to(event: StoredEvent, attendant: Attendant) -> bool:
    """Whether ``attendant`` receives ``event``.

    Chat and message events follow the chat's department; ``chat.hidden`` goes to those who
    could see the chat's previous department and cannot see its new one.
    """
    if not event.chat_event:
        return True
    if event.type is EventType.CHAT_HIDDEN:
        return can_see_department(attendant, event.prev_department_id) and not can_see_department(
            attendant, event.department_id
        )
    return can_see_department(attendant, event.department_id)


class Follower:
    """One reader of the log (a socket): woken only by a commit with an event it wants.

    ``cursor`` is the last seq it has dealt with. When a commit holds nothing it wants and
    it had dealt with everything before, the hub moves the cursor past that commit itself:
    an idle socket never has a backlog of others' events to walk through."""

    def __init__(self, wants: Callable[[StoredEvent], bool], cursor: int) -> None:
        self.wants = wants
        self.cursor = cursor
        self.wake = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Until woken, or at most ``seconds`` (then the reader looks anyway)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self.wake.wait()


class EventHub:
    def __init__(self, tail_size: int = 20_000) -> None:
        self._tail: deque[StoredEvent] = deque(maxlen=tail_size)
        self._last_seq = 0
        self.log_id = ""  # names the log (the database's), sent with every page and resync
        self._followers: set[Follower] = set()
        self._closed = False

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def reset(self, last_seq: int) -> None:
        """Start from the database's newest seq (on service start)."""
        self._last_seq = last_seq
        self._tail.clear()

    async def publish(self, published: list[StoredEvent]) -> None:
        if not published:
            return
        before = self._last_seq
        for event in published:
            self._tail.append(event)
            self._last_seq = event.seq
        for follower in self._followers:
            if any(follower.wants(event) for event in published):
                follower.wake.set()
            elif follower.cursor == before:  # caught up, and none of these is for it
                follower.cursor = self._last_seq

    @contextlib.contextmanager
    def follow(self, wants: Callable[[StoredEvent], bool], cursor: int) -> Iterator[Follower]:
        """A follower of the log from ``cursor``, for as long as the block runs."""
        follower = Follower(wants, cursor)
        self._followers.add(follower)
        try:
            yield follower
        finally:
            self._followers.discard(follower)

    async def close(self) -> None:
        self._closed = True
        for follower in self._followers:
            follower.wake.set()

    @property
    def closed(self) -> bool:
        return self._closed

    def tail_after(self, after: int) -> list[StoredEvent] | None:
        """Events after ``after`` from memory, or None when the tail no longer reaches back."""
        if after >= self._last_seq:
            return []
        if not self._tail or self._tail[0].seq > after + 1:
            return None
        # From the newest end: a follower wants the last few of up to tail_size events, and
        # every socket asks at every wake.
        newer: list[StoredEvent] = []
        for event in reversed(self._tail):
            if event.seq <= after:
                break
            newer.append(event)
        newer.reverse()
        return newer
