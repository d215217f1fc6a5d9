"""The realtime loop: catch up over REST, then follow the event WebSocket; reconnect with
jittered backoff and resume from the cursor the sync engine applied last.

A laptop that slept comes back to a socket that is dead without knowing it: nothing arrives,
and the pings would take up to 40 s to tell. ``SleepWatch`` notices the sleep itself (the wall
clock moved on while the monotonic one, which stops during a suspend, did not) and the loop
reconnects at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from tiflux_desktop.protocol import (
    AttendantUpserted,
    ChatHidden,
    ChatUpserted,
    ErrorCode,
    MessageUpserted,
    ResyncRequired,
    parse_event,
)

from .api import ApiClient
from .errors import LoginRequired, NetError, RateLimited

log = logging.getLogger(__name__)

Frame: TypeAlias = ChatUpserted | ChatHidden | MessageUpserted | AttendantUpserted | ResyncRequired

MAX_FRAME = 16 * 1024 * 1024  # a chat resource is small; this only stops a runaway frame
CLOSE_TIMEOUT = 2.0  # do not hang a shutdown on a peer that never answers the close
UNAUTHORIZED_CLOSE = 4401  # the service closes the socket with this when the token is refused


@dataclass(frozen=True, slots=True)
class SleepWatch:
    """Tells when the machine slept (or its wall clock jumped ahead): every ``every`` seconds,
    whether the wall clock moved on ``tolerance`` seconds more than the monotonic one, which
    does not count a suspend (Linux, macOS). A clock set by hand gives one needless
    reconnect, nothing worse."""

    every: float = 5.0
    tolerance: float = 10.0
    wall: Callable[[], float] = field(default=time.time)
    monotonic: Callable[[], float] = field(default=time.monotonic)

    async def slept(self) -> None:
        """Returns once a sleep is seen; runs until cancelled otherwise."""
        wall, mono = self.wall(), self.monotonic()
        while True:
            await asyncio.sleep(self.every)
            now_wall, now_mono = self.wall(), self.monotonic()
            if (now_wall - wall) - (now_mono - mono) > self.tolerance:
                return
            wall, mono = now_wall, now_mono


class ConnectionState(StrEnum):
    OFFLINE = "offline"
    CONNECTING = "connecting"
    SYNCING = "syncing"
    ONLINE = "online"


@dataclass(frozen=True, slots=True)
class Backoff:
    base: float = 0.25
    # The app is back within 2 s of the network (DESIGN.md 6): at most 1 s waiting for the
    # next attempt leaves the other second to the catch-up (2 s left 2.5 s after 30 s away).
    cap: float = 1.0
    reset_after: float = 10.0  # seconds ONLINE after which the next failure starts over

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: many clients losing the same server do not come back in step."""
        return rng.uniform(0, min(self.cap, self.base * 2 ** min(attempt, 32)))


def parse_frame(raw: str | bytes) -> Frame:
    """One WebSocket frame; ValueError (pydantic's ValidationError is one) when malformed."""
    try:
        return parse_event(raw)
    except ValueError as not_event:
        # resync_required is rare: try it only when the frame is not an event.
        try:
            return ResyncRequired.model_validate_json(raw)
        except ValueError:
            raise not_event from None


class _Closed(Exception):
    """The socket closed; carries the close code the service sent (None if none)."""

    def __init__(self, code: int | None) -> None:
        super().__init__(code)
        self.code = code


class Realtime:
    def __init__(
        self,
        api: ApiClient,
        *,
        cursor: Callable[[], int],
        catch_up: Callable[[], Awaitable[None]],
        on_frame: Callable[[Frame], None],
        on_state: Callable[[ConnectionState], None],
        backoff: Backoff = Backoff(),  # frozen: one shared default is safe
        ping_interval: float = 20.0,
        ping_timeout: float = 20.0,
        open_timeout: float = 10.0,
        rng: random.Random | None = None,
        sleep_watch: SleepWatch = SleepWatch(),  # frozen: one shared default is safe
    ) -> None:
        self._api = api
        self._cursor = cursor
        self._catch_up = catch_up
        self._on_frame = on_frame
        self._on_state = on_state
        self._backoff = backoff
        self._ping_interval = ping_interval
        self._ping_timeout = ping_timeout
        self._open_timeout = open_timeout
        self._sleep_watch = sleep_watch
        self._rng = rng or random.Random()
        self._state = ConnectionState.OFFLINE
        self._malformed = 0
        self._nudged = asyncio.Event()
        self._running = False
        self._online_since: float | None = None
        self._last_error: Exception | None = None

    @property
    def last_error(self) -> Exception | None:
        """Why the last attempt failed (e.g. CertificateError, for the window to say so);
        None once online."""
        return self._last_error

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def malformed_frames(self) -> int:
        return self._malformed

    def mark_syncing(self) -> None:
        """The service answered the catch-up: the window may say "syncing" now."""
        if self._state is ConnectionState.CONNECTING:
            self._set_state(ConnectionState.SYNCING)

    def nudge(self) -> None:
        """Reconnect now instead of after the backoff (call on the loop's thread)."""
        self._nudged.set()

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self._state:
            self._state = state
            self._on_state(state)

    async def run(self) -> None:
        """Until cancelled; raises LoginRequired (after going OFFLINE) when the token is
        refused. Transient failures reconnect; anything else is a bug and propagates."""
        if self._running:
            raise RuntimeError("Realtime.run() is already running")
        self._running = True
        loop = asyncio.get_running_loop()
        attempt = 0
        try:
            while True:
                self._set_state(ConnectionState.CONNECTING)
                self._online_since = None
                wait_at_least = 0.0
                try:
                    await self._session(loop)
                    log.info("event stream closed; reconnecting")
                except LoginRequired:
                    raise
                except RateLimited as exc:
                    self._last_error = exc
                    wait_at_least = exc.retry_after or 0.0
                    log.info("event catch-up rate limited; retrying")
                except (NetError, WebSocketException, OSError) as exc:
                    # OSError covers refused connections and TimeoutError (open_timeout).
                    self._last_error = exc
                    log.info("event stream unavailable (%s); retrying", type(exc).__name__)
                stayed = loop.time() - self._online_since if self._online_since is not None else 0.0
                if stayed >= self._backoff.reset_after:
                    attempt = 0
                self._set_state(ConnectionState.CONNECTING)
                delay = max(self._backoff.delay(attempt, self._rng), wait_at_least)
                attempt += 1
                if await self._pause(delay):
                    attempt = 0
        finally:
            self._set_state(ConnectionState.OFFLINE)
            self._running = False

    async def _pause(self, delay: float) -> bool:
        """Sleep ``delay`` unless nudged (before or during); True when nudged."""
        if not self._nudged.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._nudged.wait()
        nudged = self._nudged.is_set()
        self._nudged.clear()
        return nudged

    async def _session(self, loop: asyncio.AbstractEventLoop) -> None:
        """One connection: catch up, open the socket, deliver frames until it closes."""
        # CONNECTING until the service answers: the catch-up says so with mark_syncing()
        # (a catch-up that never does is taken as having answered once it returns).
        await self._catch_up()
        self.mark_syncing()
        token = self._api.token
        if not token:
            raise LoginRequired(401, ErrorCode.UNAUTHENTICATED.value, "not signed in")
        options: dict[str, Any] = {}
        if (context := self._api.ws_ssl) is not None:
            options["ssl"] = context
        try:
            async with connect(
                self._api.ws_url(self._cursor()),
                additional_headers={"Authorization": f"Bearer {token}"},
                user_agent_header=self._api.user_agent,
                ping_interval=self._ping_interval,
                ping_timeout=self._ping_timeout,
                open_timeout=self._open_timeout,
                close_timeout=CLOSE_TIMEOUT,
                max_size=MAX_FRAME,
                **options,
            ) as ws:
                self._online_since = loop.time()
                self._nudged.clear()  # a nudge from before this connection is spent
                self._set_state(ConnectionState.ONLINE)
                self._last_error = None
                receiving = asyncio.ensure_future(self._receive(ws))
                sleeping = asyncio.ensure_future(self._sleep_watch.slept())
                try:
                    done, _ = await asyncio.wait(
                        {receiving, sleeping}, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    for task in (receiving, sleeping):
                        task.cancel()
                    await asyncio.gather(receiving, sleeping, return_exceptions=True)
                if receiving in done:
                    receiving.result()  # how the socket ended (_Closed ...)
                else:
                    # The machine slept: the socket is most likely dead without knowing it.
                    # Drop it and come back at once (the catch-up fills the gap).
                    log.info("the machine slept; reconnecting the event stream now")
                    self._nudged.set()
        except InvalidStatus as exc:
            status = exc.response.status_code
            # Only 401 means the token: the service refuses one with 4401 after the
            # handshake, and a 403 here is a proxy that will not pass websockets (the REST
            # catch-up has just accepted the token). That is retried, and shown as a problem.
            if status == 401:
                raise LoginRequired(
                    401, ErrorCode.UNAUTHENTICATED.value, "the event stream refused the token"
                ) from exc
            raise
        except _Closed as closed:
            if closed.code == UNAUTHORIZED_CLOSE:
                raise LoginRequired(
                    401, ErrorCode.UNAUTHENTICATED.value, "the event stream refused the token"
                ) from None
            log.debug("event stream closed with code %s", closed.code)

    async def _receive(self, ws: ClientConnection) -> None:
        while True:
            try:
                raw = await ws.recv()
            except ConnectionClosed as exc:
                raise _Closed(exc.rcvd.code if exc.rcvd else None) from None
            self._deliver(raw)

    def _deliver(self, raw: str | bytes) -> None:
        try:
            frame = parse_frame(raw)
        except ValueError:
            self._malformed += 1
            # Never the content: it may hold message text.
            log.warning("skipped a malformed event frame (%d bytes)", len(raw))
            return
        self._on_frame(frame)
