"""Malformed and oversized WebSocket frames, both ways.

The service: on the attendants' event socket (/api/v2/events/ws) and the widget visitor's
(/api/v2/customer/ws), binary frames, invalid UTF-8, non-JSON, JSON of any shape, a frame over
the limit (sockets.MAX_CLIENT_FRAME), a flood, and connections that never finish the handshake.
The service ignores what it does not read or closes with a proper code (1007, 1009), never
crashes, logs no error, and other sockets keep receiving.

The app: its realtime client (net/realtime.py) against a small WebSocket server on loopback
that sends junk, oversized frames and bogus seqs between good events: it skips or reconnects
and keeps every good event, in order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from fuzz_events_support import chat_data, event
from fuzz_json import JUNK
from support import ADMIN, Live
from tiflux_desktop.net import ApiClient, Backoff, ConnectionState, Frame, Realtime
from tiflux_desktop.net.realtime import MAX_FRAME
from tiflux_desktop.protocol import ChatHidden, ChatUpserted
from tiflux_desktop.server.api.sockets import MAX_CLIENT_FRAME

# The deep profile (make chaos) runs thousands of examples: more than the suite's default
# per-test timeout allows.
pytestmark = pytest.mark.timeout(1800)

# Frames the service reads and ignores: up to the limit (what is over it is closed with 1009,
# tested on its own below).
FRAMES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    JUNK.map(json.dumps).filter(lambda frame: len(frame) <= MAX_CLIENT_FRAME),
    st.sampled_from(
        [
            json.dumps({"type": "resync_required", "last_seq": -1}),
            json.dumps(event(1, "chat.hidden", {"id": 1, "version": 1})),
            "x" * MAX_CLIENT_FRAME,  # at the limit: read and ignored
        ]
    ),
)


# --- the service ----------------------------------------------------------------------------


class Sockets:
    """Open sockets on the live service: an attendant's events and a visitor's updates. Each
    socket is closed at the end of the test if the test did not close it."""

    def __init__(self, live: Live, stack: ExitStack) -> None:
        self.live = live
        self.stack = stack
        self.token = live.token(ADMIN)
        self.customer = live.customer(name="Cliente Frames")
        self.customer_token = str(self.customer.http.headers["Authorization"])[7:]

    def events(self) -> ClientConnection:
        return self.stack.enter_context(
            connect(
                f"{self.live.ws}/events/ws?after=999999",
                additional_headers={"Authorization": f"Bearer {self.token}"},
                max_size=None,
                open_timeout=15,
            )
        )

    def visitor(self) -> ClientConnection:
        ws = self.stack.enter_context(
            connect(
                f"{self.live.ws}/customer/ws?token={self.customer_token}",
                max_size=None,
                open_timeout=15,
            )
        )
        first = json.loads(ws.recv(timeout=15))  # the state at once, always
        assert first["type"] == "update"
        return ws

    def both(self) -> list[ClientConnection]:
        return [self.events(), self.visitor()]


def still_open(ws: ClientConnection) -> bool:
    """A ping answered: the server is reading this socket and has not closed it."""
    try:
        return ws.ping().wait(timeout=15)
    except ConnectionClosed:
        return False


def closed_with(ws: ClientConnection) -> int | None:
    """Wait for the server's close; its code."""
    try:
        while True:
            ws.recv(timeout=15)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def observers_hear_a_new_message(sockets: Sockets, observers: list[ClientConnection]) -> None:
    """The customer writes: the attendant's socket gets the event, the visitor's the update."""
    text = f"ainda aqui {id(observers)}"
    sockets.customer.say(text)
    for ws in observers:
        while True:
            frame = json.loads(ws.recv(timeout=15))
            found = frame.get("data", {}).get("text") == text or any(
                m.get("text") == text for m in frame.get("messages", [])
            )
            if found:
                break


@pytest.fixture
def sockets(live: Live) -> Iterator[Sockets]:
    with ExitStack() as stack:
        yield Sockets(live, stack)


def service_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(("tiflux_desktop", "uvicorn"))
    ]


def test_fuzzed_frames_are_ignored_and_other_sockets_keep_receiving(
    sockets: Sockets, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    observers = sockets.both()

    @given(frames=st.lists(FRAMES, min_size=1, max_size=5), visitor=st.booleans())
    def send(frames: list[str | bytes], visitor: bool) -> None:
        ws = sockets.visitor() if visitor else sockets.events()
        with ws:
            for frame in frames:
                ws.send(frame)
            assert still_open(ws), f"closed: {ws.close_code} {ws.close_reason!r}"

    send()
    observers_hear_a_new_message(sockets, observers)
    for ws in observers:
        ws.close()
    assert service_errors(caplog) == []


@pytest.mark.parametrize("which", ["events", "visitor"])
def test_binary_bad_utf8_oversized_and_a_flood(
    sockets: Sockets, which: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    observers = sockets.both()
    open_socket = sockets.events if which == "events" else sockets.visitor

    # Binary frames were a KeyError in the service: the socket dropped without a close frame.
    with open_socket() as ws:
        ws.send(b"\x00\xff\xfe binary")
        ws.send(b"")
        assert still_open(ws)

    with open_socket() as ws:  # text that is not UTF-8: the WebSocket protocol's own close
        ws.send(b"\xff\xfe\xfd", text=True)
        assert closed_with(ws) == 1007
    # Logged as the client's fault, one line, no traceback (uvicorn's own was an ERROR).
    said = [r for r in caplog.records if "not UTF-8" in r.getMessage()]
    assert said, "the bad frame was not logged at all"
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in said)

    with open_socket() as ws:  # over the limit: "message too big", whatever server runs it
        ws.send("x" * (MAX_CLIENT_FRAME + 1))
        assert closed_with(ws) == 1009

    with open_socket() as ws:  # a flood of small frames: read and dropped, nothing builds up
        for number in range(3_000):
            ws.send(f'{{"n": {number}}}')
        assert still_open(ws)

    observers_hear_a_new_message(sockets, observers)
    for ws in observers:
        ws.close()
    assert service_errors(caplog) == []


@contextmanager
def raw_connection(live: Live) -> Iterator[socket.socket]:
    sock = socket.create_connection(("127.0.0.1", int(live.base_url.rsplit(":", 1)[1])), 15)
    try:
        yield sock
    finally:
        sock.close()


def test_half_open_handshakes_do_not_affect_other_sockets(
    sockets: Sockets, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    observers = sockets.both()
    upgrade = (
        b"GET /api/v2/events/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
    )
    with (
        raw_connection(sockets.live) as half,  # the headers never end
        raw_connection(sockets.live) as no_key,  # ends, but is no valid handshake
        raw_connection(sockets.live) as garbage,
        raw_connection(sockets.live),  # connects and says nothing
    ):
        half.sendall(upgrade)
        no_key.sendall(upgrade + b"\r\n")
        garbage.sendall(b"\x16\x03\x01\x02\x00" + bytes(range(256)))
        # The bad handshake is refused with an HTTP error, not left hanging.
        no_key.settimeout(15)
        assert no_key.recv(100).startswith(b"HTTP/1.1 4")
        observers_hear_a_new_message(sockets, observers)
        with sockets.events() as late:  # new sockets still open meanwhile
            assert still_open(late)
    for ws in observers:
        ws.close()
    assert service_errors(caplog) == []


# --- the app's realtime client --------------------------------------------------------------

FAST = Backoff(base=0.02, cap=0.1, reset_after=10.0)


def good(seq: int) -> str:
    return json.dumps(event(seq, "chat.hidden", {"id": seq, "version": 1}))


BAD_FRAMES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    JUNK.map(json.dumps),
    st.sampled_from(
        [
            json.dumps(event(1, "note.upserted", {})),  # a newer service's type
            json.dumps({**event(1, "chat.hidden", {"id": 1, "version": 1}), "seq": "um"}),
            json.dumps(event(1, "chat.upserted", {**chat_data(1, 1), "status": "snoozed"})),
            json.dumps({"type": "resync_required"}),
        ]
    ),
)


@asynccontextmanager
async def fake_socket(scripts: list[list[str | bytes]]) -> AsyncIterator[tuple[str, list[int]]]:
    """Connection n gets ``scripts[n]`` (the last one again after that), then stays open."""
    connections: list[int] = []

    async def handler(ws: ServerConnection) -> None:
        script = scripts[min(len(connections), len(scripts) - 1)]
        connections.append(1)
        for frame in script:
            await ws.send(frame)
        await ws.wait_closed()

    async with serve(handler, "127.0.0.1", 0, max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"http://127.0.0.1:{port}", connections


async def received_by_realtime(
    scripts: list[list[str | bytes]], expected: int
) -> tuple[list[Frame], Realtime, int]:
    frames: list[Frame] = []

    async def nothing() -> None:
        return None

    async with fake_socket(scripts) as (root, connections), ApiClient(root, token="t") as api:
        realtime = Realtime(
            api,
            cursor=lambda: 0,
            catch_up=nothing,
            on_frame=frames.append,
            on_state=lambda _s: None,
            backoff=FAST,
        )
        task = asyncio.create_task(realtime.run())
        try:
            async with asyncio.timeout(30):
                while len(frames) < expected:
                    assert not task.done(), "the realtime loop ended"
                    await asyncio.sleep(0.01)
            assert realtime.state is ConnectionState.ONLINE
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        return frames, realtime, len(connections)


@given(st.lists(st.one_of(BAD_FRAMES, st.integers(1, 10**6)), max_size=12))
def test_the_client_skips_junk_and_keeps_every_good_event(script: list[Any]) -> None:
    frames: list[str | bytes] = [good(x) if isinstance(x, int) else x for x in script]
    good_seqs = [x for x in script if isinstance(x, int)]
    frames.append(good(10**7))  # the last one: all before it were delivered or skipped
    received, realtime, connections = asyncio.run(
        received_by_realtime([frames], len(good_seqs) + 1)
    )
    assert connections == 1, "junk made the client reconnect"
    assert all(isinstance(f, ChatHidden) for f in received)
    assert [f.seq for f in received if isinstance(f, ChatHidden)] == [*good_seqs, 10**7]
    assert realtime.malformed_frames == len(script) - len(good_seqs)


async def test_an_oversized_frame_makes_the_client_reconnect_and_carry_on() -> None:
    """Over MAX_FRAME the client closes with 1009 and reconnects; the events it had and the
    ones sent on the new connection are all kept (a real service would replay from the cursor)."""
    huge = json.dumps(event(3, "chat.upserted", chat_data(3, 1, name="x" * (MAX_FRAME + 10))))
    first: list[str | bytes] = [good(1), good(2), huge, good(4)]
    second: list[str | bytes] = [good(4), good(5)]
    frames, realtime, connections = await received_by_realtime([first, second], 4)
    assert [f.seq for f in frames if isinstance(f, ChatHidden | ChatUpserted)] == [1, 2, 4, 5]
    assert connections == 2
    assert realtime.malformed_frames == 0
