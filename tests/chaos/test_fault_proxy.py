"""The fault proxy itself: it forwards, and each fault does what it says (a few seconds)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from fault_proxy import Fault, FaultKind, FaultPlan, FaultProxy, Target


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@pytest.fixture
async def proxy() -> AsyncIterator[FaultProxy]:
    echo = await asyncio.start_server(_echo, "127.0.0.1", 0)
    running = FaultProxy(echo.sockets[0].getsockname()[1])
    await running.start()
    try:
        yield running
    finally:
        await running.close()
        echo.close()
        await echo.wait_closed()


async def _connect(proxy: FaultProxy) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    pair = await asyncio.open_connection("127.0.0.1", proxy.port)
    await _round_trip(pair, b"hello")  # the proxy has its upstream side by now
    return pair


async def _round_trip(
    pair: tuple[asyncio.StreamReader, asyncio.StreamWriter], data: bytes, within: float = 5
) -> None:
    reader, writer = pair
    writer.write(data)
    await writer.drain()
    async with asyncio.timeout(within):
        assert await reader.readexactly(len(data)) == data


async def test_bytes_go_both_ways_unchanged(proxy: FaultProxy) -> None:
    pair = await _connect(proxy)
    await _round_trip(pair, bytes(range(256)) * 1000)
    assert proxy.connections == 1
    pair[1].close()


async def test_a_drop_closes_both_sides_cleanly(proxy: FaultProxy) -> None:
    reader, writer = await _connect(proxy)
    assert await proxy.inject(Fault(FaultKind.DROP)) == 1
    async with asyncio.timeout(5):
        assert await reader.read() == b""  # end of stream (a FIN), not an error
    assert proxy.connections == 0
    writer.close()


async def test_a_reset_sends_an_rst(proxy: FaultProxy) -> None:
    reader, writer = await _connect(proxy)
    assert await proxy.inject(Fault(FaultKind.RESET)) == 1
    with pytest.raises(ConnectionResetError):
        async with asyncio.timeout(5):
            await reader.read(1)
    writer.close()


async def test_a_fault_for_one_connection_leaves_the_others(proxy: FaultProxy) -> None:
    pairs = [await _connect(proxy) for _ in range(3)]
    assert await proxy.inject(Fault(FaultKind.RESET, target=Target.ONE)) == 1
    await asyncio.sleep(0.1)
    assert proxy.connections == 2
    alive = 0
    for pair in pairs:
        try:
            await _round_trip(pair, b"still there?", within=1)
            alive += 1
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
    assert alive == 2
    assert proxy.faults == {FaultKind.RESET: 1}
    assert proxy.hits == {FaultKind.RESET: 1}
    for _, writer in pairs:
        writer.close()


async def test_a_stall_holds_the_bytes_and_keeps_the_connection(proxy: FaultProxy) -> None:
    pair = await _connect(proxy)
    stall = asyncio.create_task(proxy.inject(Fault(FaultKind.STALL, seconds=2.0)))
    await asyncio.sleep(0.05)
    late = await asyncio.open_connection("127.0.0.1", proxy.port)  # opened during the stall
    pair[1].write(b"ping")
    late[1].write(b"late")
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.5):
            await pair[0].readexactly(4)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.1):
            await late[0].readexactly(4)
    assert await stall == 1
    async with asyncio.timeout(5):
        assert await pair[0].readexactly(4) == b"ping"
        assert await late[0].readexactly(4) == b"late"
    await _round_trip(pair, b"after")
    assert proxy.faults == {FaultKind.STALL: 1}
    for _, writer in (pair, late):
        writer.close()


async def test_a_throttle_slows_the_bytes_to_its_rate_then_lets_go(proxy: FaultProxy) -> None:
    pair = await _connect(proxy)
    throttle = asyncio.create_task(
        proxy.inject(Fault(FaultKind.THROTTLE, seconds=3.0, rate=16_384))
    )
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await _round_trip(pair, b"x" * 16_384)  # 16 KB at 16 KB/s (both ways at once): a second
    slow = time.monotonic() - started
    assert slow >= 0.8
    await throttle
    started = time.monotonic()
    await _round_trip(pair, b"y" * 200_000)
    assert time.monotonic() - started < slow
    pair[1].close()


async def test_a_client_of_a_service_that_is_down_is_closed(proxy: FaultProxy) -> None:
    proxy.upstream_port = 1  # nothing listens there
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    async with asyncio.timeout(5):
        assert await reader.read() == b""
    assert proxy.refused == 1
    writer.close()


async def test_a_fault_of_the_websockets_hits_only_them(proxy: FaultProxy) -> None:
    plain = await _connect(proxy)
    upgrade = b"GET /api/v2/events/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"
    socket = await asyncio.open_connection("127.0.0.1", proxy.port)
    await _round_trip(socket, upgrade)
    assert proxy.websockets == 1
    stall = asyncio.create_task(
        proxy.inject(Fault(FaultKind.STALL, seconds=2.0, target=Target.WEBSOCKET))
    )
    await asyncio.sleep(0.05)
    await _round_trip(plain, b"flows", within=0.5)
    socket[1].write(b"held")
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.3):
            await socket[0].readexactly(4)
    assert await stall == 1
    async with asyncio.timeout(5):
        assert await socket[0].readexactly(4) == b"held"
    for _, writer in (plain, socket):
        writer.close()


def test_a_plan_is_the_same_for_the_same_seed() -> None:
    a, b = FaultPlan(42), FaultPlan(42)
    drawn = [a.next() for _ in range(200)]
    assert drawn == [b.next() for _ in range(200)]
    assert {f.kind for f in drawn} == set(FaultKind)
    assert all(1.0 <= f.seconds <= 4.0 for f in drawn if f.kind is FaultKind.STALL)
    assert {f.target for f in drawn} == set(Target)
    long = FaultPlan(1, long_stall_every=10, long_stall=45.0)
    every_tenth = [long.next() for _ in range(30)][9::10]
    assert every_tenth == [Fault(FaultKind.STALL, 45.0, Target.WEBSOCKET)] * 3
