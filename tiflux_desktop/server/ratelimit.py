"""Limits for what anyone on the Internet can ask without an account: opening widget sessions
and failing to sign in (per address), and a widget visitor's messages (per visitor).

A sliding window per key (the client's address): at most ``limit`` hits in any ``window``
seconds. Kept in memory: a restart forgets, which is fine for a flood guard, and nothing is
written per request. The table of keys is bounded so a flood from many addresses cannot grow
it without end.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from tiflux_desktop.protocol import ErrorCode, ErrorOut

from .errors import ApiError


class SlidingWindow:
    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.limit = limit  # 0 or less: no limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> float | None:
        """Seconds until ``key`` may be served again, or None when it may be now."""
        if self.limit <= 0:
            return None
        hits = self._hits.get(key)
        if hits is None:
            return None
        now = self._clock()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return None
        if len(hits) < self.limit:
            return None
        return hits[0] + self.window - now

    def add(self, key: str) -> None:
        """Count one hit for ``key``."""
        if self.limit <= 0:
            return
        if key not in self._hits and len(self._hits) >= self._max_keys:
            self._forget_idle()
        self._hits.setdefault(key, deque()).append(self._clock())

    def hit(self, key: str) -> float | None:
        """Count a hit unless ``key`` is over the limit; the wait when it is."""
        wait = self.retry_after(key)
        if wait is None:
            self.add(key)
        return wait

    def _forget_idle(self) -> None:
        cutoff = self._clock() - self.window
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[key]
        # Still full (a flood from very many addresses): drop the oldest half rather than
        # grow; those addresses start counting again, the service keeps its memory.
        if len(self._hits) >= self._max_keys:
            for key in list(self._hits)[: len(self._hits) // 2]:
                del self._hits[key]


def too_many(wait: float, what: str, who: str = "this address") -> ApiError:
    """429 in the house shape, with Retry-After in whole seconds (at least 1)."""
    seconds = max(1, math.ceil(wait))
    return ApiError(
        ErrorCode.RATE_LIMITED,
        f"too many {what} from {who}: try again in {seconds} s",
        {"retry_after": seconds},
        headers={"Retry-After": str(seconds)},
    )


@dataclass(frozen=True, slots=True)
class Guards:
    """The service's limits on anonymous requests (one set per running app)."""

    customer_sessions: SlidingWindow
    failed_logins: SlidingWindow
    customer_messages: SlidingWindow  # keyed by visitor, not address


def get_guards(connection: HTTPConnection) -> Guards:
    """The app's ``Guards``, made from its config on first use."""
    state = connection.app.state
    found: Guards | None = getattr(state, "rate_guards", None)
    if found is None:
        limits = state.service.config.rate_limits
        found = Guards(
            customer_sessions=SlidingWindow(limits.customer_sessions_per_minute),
            failed_logins=SlidingWindow(limits.failed_logins_per_minute),
            customer_messages=SlidingWindow(limits.customer_messages_per_minute),
        )
        state.rate_guards = found
    return found


def client_address(connection: HTTPConnection) -> str:
    """The peer's address (behind a reverse proxy, what uvicorn's proxy headers make it)."""
    return connection.client.host if connection.client else "unknown"


RATE_LIMITED_RESPONSE: dict[int | str, dict[str, object]] = {
    429: {
        "model": ErrorOut,
        "description": "Too many requests (from this address, or this visitor): wait "
        "`Retry-After` seconds",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    }
}
