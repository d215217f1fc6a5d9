"""The organisation-wide event log as it streams: an in-memory tail of committed events
that WebSocket and long-lived readers follow, with the database as the source for anything
older than the tail.

Events are appended in commit order under the service's writer lock, so the tail never has
gaps and a subscriber that follows it from its cursor misses nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
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


class EventHub:
    def __init__(self, tail_size: int = 20_000) -> None:
        self._tail: deque[StoredEvent] = deque(maxlen=tail_size)
        self._last_seq = 0
        self.log_id = ""  # names the log (the database's), sent with every page and resync
        self._changed = asyncio.Condition()
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
        async with self._changed:
            for event in published:
                self._tail.append(event)
                self._last_seq = event.seq
            self._changed.notify_all()

    async def close(self) -> None:
        async with self._changed:
            self._closed = True
            self._changed.notify_all()

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

    async def wait_after(self, after: int) -> bool:
        """Wait until an event newer than ``after`` is published (False when closing).
        Callers bound the wait with ``asyncio.timeout``."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._last_seq > after or self._closed)
            return self._last_seq > after
