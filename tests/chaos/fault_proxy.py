"""A TCP proxy on loopback that breaks connections on purpose.

The app's core talks to it instead of the service (REST and the event WebSocket alike); it
forwards bytes both ways and, when told, injects one of four faults a real network produces:

- drop: both sides are closed cleanly (FIN), as when a NAT or a load balancer gives up;
- reset: both sides get an RST (SO_LINGER 0, then close), as when a middlebox kills a flow;
- stall: nothing is forwarded for a while but the sockets stay open, as on a dead Wi-Fi: only
  the app's own timeouts and pings can notice;
- throttle: bytes trickle through at a few KB/s for a while, as on a congested link.

A fault hits every open connection (a stall or a throttle then also holds the connections
opened while it lasts), one drawn at random, or the WebSockets (the app's event stream).
``FaultPlan`` draws faults from a seeded ``random.Random``, so a run's schedule can be
replayed from its seed. Faults come one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import random
import socket
import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

CHUNK = 64 * 1024
THROTTLE_CHUNK = 512  # bytes per write while throttled, so the rate holds at any size


class FaultKind(enum.StrEnum):
    DROP = "drop"
    RESET = "reset"
    STALL = "stall"
    THROTTLE = "throttle"


class Target(enum.StrEnum):
    ALL = "all"  # every open connection (and, for a stall or throttle, those opened meanwhile)
    ONE = "one"  # one open connection drawn at random
    WEBSOCKET = "websocket"  # the WebSockets (connections whose first request asks to upgrade)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    seconds: float = 0.0  # how long a stall or a throttle lasts
    target: Target = Target.ALL
    rate: int = 4096  # bytes per second while throttled

    def __str__(self) -> str:
        what = f"{self.kind.value} of {self.target.value}"
        if self.kind is FaultKind.THROTTLE:
            return f"{what} at {self.rate} B/s for {self.seconds} s"
        return f"{what} for {self.seconds} s" if self.kind is FaultKind.STALL else what


@dataclass(slots=True)
class FaultPlan:
    """Faults drawn from a seeded generator: the same seed gives the same faults."""

    seed: int
    kinds: Sequence[FaultKind] = tuple(FaultKind)
    stall: tuple[float, float] = (1.0, 4.0)
    throttle: tuple[float, float] = (1.0, 4.0)
    rate: tuple[int, int] = (2048, 8192)
    # Every n-th fault (0: never) stalls the oldest connection for ``long_stall`` seconds:
    # longer than the app's ping interval and timeout, so only its pings can notice.
    long_stall_every: int = 0
    long_stall: float = 45.0
    rng: random.Random = field(init=False)
    drawn: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def next(self) -> Fault:
        self.drawn += 1
        if self.long_stall_every and self.drawn % self.long_stall_every == 0:
            return Fault(FaultKind.STALL, self.long_stall, Target.WEBSOCKET)
        kind = self.rng.choice(list(self.kinds))
        target = self.rng.choice((Target.ALL, Target.ONE, Target.WEBSOCKET))
        if kind is FaultKind.STALL:
            return Fault(kind, round(self.rng.uniform(*self.stall), 2), target)
        if kind is FaultKind.THROTTLE:
            seconds = round(self.rng.uniform(*self.throttle), 2)
            return Fault(kind, seconds, target, self.rng.randint(*self.rate))
        return Fault(kind, 0.0, target)


class _Link:
    """One client connection and its connection to the service."""

    def __init__(
        self,
        number: int,
        client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> None:
        self.number = number
        self.client = client
        self.upstream = upstream
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.rate: int | None = None  # bytes per second while throttled
        self.websocket = False  # its first request asked to upgrade to a WebSocket
        self.tasks: list[asyncio.Task[None]] = []
        self.closed = False

    def writers(self) -> tuple[asyncio.StreamWriter, asyncio.StreamWriter]:
        return self.client[1], self.upstream[1]


class FaultProxy:
    """Forwards 127.0.0.1:<port> to the service on ``upstream_port``; see the module doc."""

    def __init__(
        self, upstream_port: int, *, host: str = "127.0.0.1", rng: random.Random | None = None
    ) -> None:
        self.upstream_port = upstream_port
        self.host = host
        self._rng = rng or random.Random(0)
        self._server: asyncio.Server | None = None
        self._links: dict[int, _Link] = {}
        self._handlers: set[asyncio.Task[None]] = set()
        self._accepted = 0
        self._one_at_a_time = asyncio.Lock()
        self._linked = asyncio.Event()  # set while a connection is open
        self._websocket = asyncio.Event()  # set while a WebSocket is open
        # A stall or throttle of every connection in force now: new connections join it.
        self._lasting: Fault | None = None
        self.port = 0
        self.faults: Counter[FaultKind] = Counter()  # faults injected, by kind
        self.hits: Counter[FaultKind] = Counter()  # connections those faults hit
        self.refused = 0  # clients closed because the service was not there

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def connections(self) -> int:
        return len(self._links)

    @property
    def websockets(self) -> int:
        return sum(link.websocket for link in self._links.values())

    @property
    def accepted(self) -> int:
        return self._accepted

    async def connected(self, *, websocket: bool = False) -> None:
        """Return once a connection (a WebSocket) is open, at once if one is."""
        await (self._websocket if websocket else self._linked).wait()

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._accept, self.host, port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for link in list(self._links.values()):
            self._abort(link, reset=False)
        handlers = list(self._handlers)
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    # --- faults -------------------------------------------------------------------------

    async def inject(self, fault: Fault) -> int:
        """Apply ``fault`` and return once it is over (a stall or a throttle lasts
        ``fault.seconds``); returns how many open connections it hit. Faults come one at a
        time: another waits until this one is over."""
        async with self._one_at_a_time:
            self.faults[fault.kind] += 1
            links = [self._links[n] for n in sorted(self._links)]
            if fault.target is Target.ONE and links:
                links = [self._rng.choice(links)]
            elif fault.target is Target.WEBSOCKET:
                links = [link for link in links if link.websocket]
            self.hits[fault.kind] += len(links)
            if fault.kind in (FaultKind.DROP, FaultKind.RESET):
                for link in links:
                    self._abort(link, reset=fault.kind is FaultKind.RESET)
                return len(links)
            stall = fault.kind is FaultKind.STALL
            for link in links:
                if stall:
                    link.flowing.clear()
                else:
                    link.rate = fault.rate
            everyone = fault.target is Target.ALL
            if everyone:  # connections opened meanwhile are held too
                self._lasting = fault
            try:
                await asyncio.sleep(fault.seconds)
            finally:
                self._lasting = None
                held = list(self._links.values()) if everyone else links
                for link in held:
                    link.flowing.set()
                    link.rate = None
            return len(links)

    def _abort(self, link: _Link, *, reset: bool) -> None:
        if link.closed:
            return
        link.closed = True
        self._links.pop(link.number, None)
        if not self._links:
            self._linked.clear()
        if not self.websockets:
            self._websocket.clear()
        for writer in link.writers():
            if reset:
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                writer.transport.abort()  # closes at once: with linger 0 the peer gets an RST
            else:
                writer.close()
        for task in link.tasks:
            if task is not asyncio.current_task():
                task.cancel()

    # --- forwarding ---------------------------------------------------------------------

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.create_task(self._serve(reader, writer))
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._accepted += 1
        number = self._accepted
        try:
            upstream = await asyncio.open_connection(self.host, self.upstream_port)
        except OSError:
            # The service is down: the client sees its connection closed at once, as a
            # client of a restarting service behind a proxy does.
            self.refused += 1
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return
        link = _Link(number, (reader, writer), upstream)
        if (lasting := self._lasting) is not None:
            if lasting.kind is FaultKind.STALL:
                link.flowing.clear()
            else:
                link.rate = lasting.rate
        self._links[number] = link
        self._linked.set()
        link.tasks = [
            asyncio.create_task(self._pump(link, reader, upstream[1], requests=True)),
            asyncio.create_task(self._pump(link, upstream[0], writer)),
        ]
        try:
            await asyncio.gather(*link.tasks, return_exceptions=True)
        finally:
            if not link.closed:
                self._abort(link, reset=False)

    async def _pump(
        self,
        link: _Link,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        requests: bool = False,
    ) -> None:
        """One direction; ends on EOF (passed on as a half-close) or any socket error
        (which closes the whole link). On the ``requests`` side, the first bytes tell
        whether the connection is a WebSocket."""
        first = requests
        try:
            while True:
                await link.flowing.wait()
                data = await reader.read(THROTTLE_CHUNK if link.rate else CHUNK)
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                if first:
                    first = False
                    link.websocket = b"upgrade: websocket" in data[:4096].lower()
                    if link.websocket and not link.closed:
                        self._websocket.set()
                offset = 0
                while offset < len(data):
                    await link.flowing.wait()  # a stall that began meanwhile holds the bytes
                    rate = link.rate
                    piece = data[offset : offset + THROTTLE_CHUNK] if rate else data[offset:]
                    writer.write(piece)
                    await writer.drain()
                    offset += len(piece)
                    if rate:
                        await asyncio.sleep(len(piece) / rate)
        except (OSError, RuntimeError):  # reset, broken pipe, or writing after a close
            self._abort(link, reset=False)
