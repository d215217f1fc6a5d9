"""The realtime loop against the real service (states, live frames, reconnect after a restart
without gaps or doubles, refused tokens) and against tiny local WebSocket servers (malformed
frames, close code 4401, cancellation)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from net_servers import closed_port, until
from support import ADMIN, DEMO_PASSWORD, Live, ServerThread
from tiflux_desktop.net import (
    ApiClient,
    Backoff,
    ConnectionState,
    Frame,
    LoginRequired,
    Realtime,
    RetryPolicy,
    SleepWatch,
)
from tiflux_desktop.protocol import MessageUpserted, ResyncRequired
from tiflux_desktop.server.config import ServiceConfig

FAST = Backoff(base=0.05, cap=0.2, reset_after=10.0)
S = ConnectionState


@dataclass
class Sink:
    """What a sync engine would do, minimally: apply events once, in order, from a cursor."""

    api: ApiClient
    cursor: int = 0
    applied: list[int] = field(default_factory=list[int])
    frames: list[Frame] = field(default_factory=list[Frame])
    doubles: list[int] = field(default_factory=list[int])
    states: list[ConnectionState] = field(default_factory=list[ConnectionState])
    catch_ups: int = 0

    async def catch_up(self) -> None:
        self.catch_ups += 1
        while True:
            page = await self.api.events(self.cursor)
            for event in page.events:
                self.apply(event.seq)
            self.cursor = page.last_seq
            if page.last_seq >= page.head_seq:
                return

    def on_frame(self, frame: Frame) -> None:
        self.frames.append(frame)
        if not isinstance(frame, ResyncRequired):
            self.apply(frame.seq)

    def apply(self, seq: int) -> None:
        if seq <= self.cursor:
            self.doubles.append(seq)
            return
        self.applied.append(seq)
        self.cursor = seq

    def realtime(self, **options: object) -> Realtime:
        return Realtime(
            self.api,
            cursor=lambda: self.cursor,
            catch_up=self.catch_up,
            on_frame=self.on_frame,
            on_state=self.states.append,
            rng=random.Random(3),
            **options,  # pyright: ignore[reportArgumentType]
        )

    def texts(self) -> list[str | None]:
        return [f.data.text for f in self.frames if isinstance(f, MessageUpserted)]


@asynccontextmanager
async def running(realtime: Realtime) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(realtime.run())
    try:
        yield task
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert realtime.state is S.OFFLINE


async def all_seqs(api: ApiClient) -> list[int]:
    seqs: list[int] = []
    after = 0
    while True:
        page = await api.events(after)
        seqs += [e.seq for e in page.events]
        after = page.last_seq
        if after >= page.head_seq:
            return seqs


async def test_states_and_live_frames_for_a_customer_message(live: Live) -> None:
    async with ApiClient(live.base_url) as api:
        await api.login(ADMIN, DEMO_PASSWORD)
        sink = Sink(api)
        realtime = sink.realtime(backoff=FAST)
        async with running(realtime):
            await until(lambda: realtime.state is S.ONLINE, what="ONLINE")
            assert sink.states == [S.CONNECTING, S.SYNCING, S.ONLINE]
            customer = await asyncio.to_thread(live.customer, name="Ao Vivo")
            await asyncio.to_thread(customer.say, "Olá, tem alguém aí?")
            await until(lambda: "Olá, tem alguém aí?" in sink.texts(), what="the message frame")
            # What follows the message (the chat's update) may still be committing.
            everything = await all_seqs(api)
            await until(
                lambda: bool(sink.applied) and sink.applied[-1] >= everything[-1],
                what="every event of the log",
            )
        assert sink.states[-1] is S.OFFLINE
        assert sink.doubles == []
        assert sink.applied == everything
        assert realtime.malformed_frames == 0


async def test_reconnects_after_a_restart_and_resumes_from_the_cursor(
    service_config: ServiceConfig,
) -> None:
    first = ServerThread(service_config)
    await asyncio.to_thread(first.start)
    port = first.port
    handle = Live(first.base_url, service_config)
    second: ServerThread | None = None
    try:
        async with ApiClient(first.base_url, retry=RetryPolicy(attempts=1)) as api:
            await api.login(ADMIN, DEMO_PASSWORD)
            sink = Sink(api)
            realtime = sink.realtime(backoff=FAST)
            async with running(realtime):
                await until(lambda: realtime.state is S.ONLINE)
                customer = await asyncio.to_thread(handle.customer, name="Antes da queda")
                await asyncio.to_thread(customer.say, "antes")
                await until(lambda: "antes" in sink.texts())

                await asyncio.to_thread(first.stop)
                await until(lambda: realtime.state is not S.ONLINE, what="the loss noticed")
                second = ServerThread(service_config, port)
                await asyncio.to_thread(second.start)
                # Changes right after the restart: caught up by REST or replayed by the socket,
                # whichever the reconnect meets first; never both, never neither.
                await asyncio.to_thread(customer.say, "depois")
                await asyncio.to_thread(customer.say, "1")
                await until(lambda: realtime.state is S.ONLINE, what="back ONLINE")
                await asyncio.to_thread(customer.say, "ao vivo de novo")
                await until(lambda: "ao vivo de novo" in sink.texts(), what="live again")
                # The service may still be committing what follows that message (the
                # chat's update): the socket must bring every event of the log.
                everything = await all_seqs(api)
                await until(
                    lambda: bool(sink.applied) and sink.applied[-1] >= everything[-1],
                    what="every event of the log",
                )
        assert sink.doubles == []
        assert sink.applied == everything
        assert sink.catch_ups >= 2
        back = len(sink.states) - 1 - sink.states[::-1].index(S.CONNECTING)
        assert sink.states[back:] == [S.CONNECTING, S.SYNCING, S.ONLINE, S.OFFLINE]
    finally:
        handle.close()
        if second is not None:
            await asyncio.to_thread(second.stop)
        elif first.thread.is_alive():
            await asyncio.to_thread(first.stop)


async def test_a_refused_token_on_the_socket_ends_run_with_login_required(live: Live) -> None:
    states: list[ConnectionState] = []

    async with ApiClient(live.base_url, token="bogus") as api:
        realtime = bare(api, states=states)
        with pytest.raises(LoginRequired):
            await asyncio.wait_for(realtime.run(), 5)
    # The service accepts the socket, then closes it with 4401: online for an instant.
    assert states == [S.CONNECTING, S.SYNCING, S.ONLINE, S.OFFLINE]


async def test_a_refused_token_in_the_catch_up_ends_run_with_login_required(live: Live) -> None:
    async with ApiClient(live.base_url, token="bogus") as api:
        sink = Sink(api)
        with pytest.raises(LoginRequired):
            await asyncio.wait_for(sink.realtime(backoff=FAST).run(), 5)
    assert sink.states == [S.CONNECTING, S.OFFLINE]  # the service never answered the catch-up


Handler = Callable[[ServerConnection], Awaitable[None]]


@asynccontextmanager
async def ws_server(handler: Handler) -> AsyncIterator[str]:
    """A tiny WebSocket server on 127.0.0.1; yields the http:// root for an ApiClient."""
    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"http://127.0.0.1:{port}"


async def nothing() -> None:
    return None


def bare(
    api: ApiClient,
    *,
    cursor: int = 0,
    catch_up: Callable[[], Awaitable[None]] = nothing,
    frames: list[Frame] | None = None,
    states: list[ConnectionState] | None = None,
) -> Realtime:
    """A Realtime whose catch-up and frames are the test's (or nothing), backing off fast."""
    return Realtime(
        api,
        cursor=lambda: cursor,
        catch_up=catch_up,
        on_frame=frames.append if frames is not None else lambda _f: None,
        on_state=states.append if states is not None else lambda _s: None,
        backoff=FAST,
    )


HIDDEN = '{"seq": %d, "type": "chat.hidden", "at": "2024-05-01T12:00:00Z", "data": {"id": 7, "version": 2}}'


async def test_malformed_frames_are_counted_and_skipped() -> None:
    closed = asyncio.Event()
    paths: list[str] = []

    async def handler(ws: ServerConnection) -> None:
        assert ws.request is not None
        paths.append(ws.request.path)
        assert ws.request.headers["Authorization"] == "Bearer secret"
        await ws.send(HIDDEN % 11)
        await ws.send("not json at all")
        await ws.send('{"seq": "twelve", "type": "chat.hidden"}')
        await ws.send('{"type": "something.else", "seq": 12}')
        await ws.send(b"\xff\xfe")
        await ws.send(json.dumps({"type": "resync_required", "last_seq": 40}))
        await ws.wait_closed()
        closed.set()

    received: list[Frame] = []
    async with ws_server(handler) as root, ApiClient(root, token="secret") as api:
        realtime = bare(api, cursor=10, frames=received)
        async with running(realtime):
            await until(lambda: len(received) == 2)
            assert realtime.state is S.ONLINE
            assert realtime.malformed_frames == 4
        await asyncio.wait_for(closed.wait(), 5)  # cancelling closed the socket
    assert paths == ["/api/v2/events/ws?after=10"]
    assert [type(f).__name__ for f in received] == ["ChatHidden", "ResyncRequired"]


async def test_close_code_4401_ends_run_with_login_required() -> None:
    async def handler(ws: ServerConnection) -> None:
        await ws.close(4401, "sign in again")

    states: list[ConnectionState] = []
    async with ws_server(handler) as root, ApiClient(root, token="old") as api:
        realtime = bare(api, states=states)
        with pytest.raises(LoginRequired):
            await asyncio.wait_for(realtime.run(), 5)
    assert states == [S.CONNECTING, S.SYNCING, S.ONLINE, S.OFFLINE]


async def test_a_dropped_socket_reconnects_with_backoff() -> None:
    connections: list[str] = []

    async def handler(ws: ServerConnection) -> None:
        assert ws.request is not None
        connections.append(ws.request.path)
        if len(connections) < 3:
            await ws.close(1011, "oops")  # a server hiccup: reconnect
            return
        await ws.send(HIDDEN % 1)
        await ws.wait_closed()

    received: list[Frame] = []
    states: list[ConnectionState] = []
    catch_ups: list[int] = []

    async def catch_up() -> None:
        catch_ups.append(1)

    async with ws_server(handler) as root, ApiClient(root, token="t") as api:
        realtime = bare(api, catch_up=catch_up, frames=received, states=states)
        async with running(realtime):
            await until(lambda: len(received) == 1)
    assert len(connections) == 3
    assert len(catch_ups) == 3  # a catch-up before every connection
    assert states.count(S.ONLINE) == 3


async def test_nudge_cuts_the_backoff_short() -> None:
    port = closed_port()
    calls: list[float] = []
    async with ApiClient(
        f"http://127.0.0.1:{port}", token="t", retry=RetryPolicy(attempts=1)
    ) as api:

        async def catch_up() -> None:
            calls.append(asyncio.get_running_loop().time())
            await api.events(0)  # the service is down: Unreachable

        slow = Backoff(base=60.0, cap=60.0)
        rng = random.Random(1)
        assert slow.delay(0, random.Random(1)) > 5  # seed 1's first wait is long
        realtime = Realtime(
            api,
            cursor=lambda: 0,
            catch_up=catch_up,
            on_frame=lambda _f: None,
            on_state=lambda _s: None,
            backoff=slow,
            rng=rng,
        )
        async with running(realtime):
            await until(lambda: len(calls) == 1 and realtime.state is S.CONNECTING)
            await asyncio.sleep(0.05)  # well inside the long wait
            assert len(calls) == 1
            realtime.nudge()
            await until(lambda: len(calls) == 2, within=1.0, what="the nudged retry")
    assert calls[1] - calls[0] < 1.0


async def test_a_proxy_refusing_websockets_with_403_is_retried_not_a_sign_out() -> None:
    attempts: list[str] = []

    def refuse(connection: ServerConnection, request: Request) -> Response:
        attempts.append(request.path)
        return connection.respond(HTTPStatus.FORBIDDEN, "websockets are not allowed here\n")

    async def never(_ws: ServerConnection) -> None:
        return None

    async with serve(never, "127.0.0.1", 0, process_request=refuse) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with ApiClient(f"http://127.0.0.1:{port}", token="fine") as api:
            realtime = bare(api)
            async with running(realtime):
                await until(lambda: len(attempts) >= 2)  # tried again: not a sign-out
                assert realtime.state is not S.OFFLINE
                assert realtime.last_error is not None


async def test_after_the_machine_slept_the_socket_is_dropped_and_reconnected_at_once() -> None:
    """The service's socket stays open and silent (as a dead one looks from a laptop that
    slept); the wall clock jumps 2 minutes while the monotonic one does not (a suspend): the
    loop reconnects at once, catching up first, not after pings time out."""
    connections: list[float] = []

    async def handler(ws: ServerConnection) -> None:
        connections.append(asyncio.get_running_loop().time())
        await ws.wait_closed()

    catch_ups: list[int] = []

    async def catch_up() -> None:
        catch_ups.append(1)

    slept_for = [0.0]
    watch = SleepWatch(every=0.02, tolerance=10.0, wall=lambda: time.time() + slept_for[0])
    states: list[ConnectionState] = []
    async with ws_server(handler) as root, ApiClient(root, token="t") as api:
        realtime = Realtime(
            api,
            cursor=lambda: 0,
            catch_up=catch_up,
            on_frame=lambda _f: None,
            on_state=states.append,
            backoff=Backoff(base=60.0, cap=60.0),  # only a nudge could make it quick
            sleep_watch=watch,
        )
        async with running(realtime):
            await until(lambda: realtime.state is S.ONLINE)
            await asyncio.sleep(0.2)  # a few checks: awake, nothing happens
            assert len(connections) == 1
            slept_for[0] = 120.0  # the lid was closed for two minutes
            woke = asyncio.get_running_loop().time()
            await until(lambda: len(connections) == 2, within=3.0, what="the reconnection")
            await until(lambda: realtime.state is S.ONLINE)
    assert connections[1] - woke < 3.0  # not the 60 s backoff, nor 40 s of pings
    assert len(catch_ups) == 2  # the gap is filled over REST before the socket opens
    assert states.count(S.ONLINE) == 2


def test_the_sleep_watch_ignores_a_busy_loop_and_sees_a_suspend() -> None:
    wall, mono = [1000.0], [50.0]
    watch = SleepWatch(every=0.0, tolerance=10.0, wall=lambda: wall[0], monotonic=lambda: mono[0])

    async def scenario() -> bool:
        task = asyncio.ensure_future(watch.slept())
        for _ in range(5):  # both clocks move together, however far: no sleep
            wall[0] += 30.0
            mono[0] += 30.0
            await asyncio.sleep(0)
        slept_early = task.done()
        wall[0] += 11.0  # the wall clock alone: a suspend of 11 s
        await asyncio.wait_for(task, 1)
        return slept_early

    assert asyncio.run(scenario()) is False
