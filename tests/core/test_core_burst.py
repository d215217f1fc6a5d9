"""The event stream drops in the middle of a burst: when it settles, the cache holds exactly
the service's messages, and the window was told of each new message once."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence

import httpx
import pytest

from core_support import (
    RestartableService,
    Running,
    Sessions,
    cached_messages,
    eventually,
    service_messages,
)
from support import ADMIN, ANA, Customer
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.protocol import Event
from tiflux_desktop.store import Cache
from tiflux_desktop.sync import Applied, engine
from tiflux_desktop.sync.apply import apply_events


def _write(customer: Customer, texts: list[str], stop: threading.Event) -> int:
    """The customer types fast; while the service is away they try again (what they wrote
    may then arrive twice, which the service's list shows too)."""
    written = 0
    for text in texts:
        while not stop.is_set():
            try:
                customer.say(text)
                written += 1
                break
            except (httpx.TransportError, AssertionError):
                time.sleep(0.05)
    return written


async def _settled(ana: Running, admin_http: httpx.Client, chat_id: int) -> None:
    """The cache holds exactly the service's messages of the chat, and every one of them
    reached the window once."""

    async def same() -> bool:
        cached = [m[0] for m in await cached_messages(ana.session.store, chat_id)]
        listed = [m["id"] for m in await asyncio.to_thread(service_messages, admin_http, chat_id)]
        return cached == listed

    await eventually(same, timeout=20, interval=0.2, what="the cache caught up")
    cached = await cached_messages(ana.session.store, chat_id)
    appended = [m.id for c in ana.changes for m in c.messages_appended if m.chat_id == chat_id]
    assert len(appended) == len(set(appended)), "a message was announced twice"
    assert sorted(appended) == [m[0] for m in cached], "a message never reached the window"
    entry = await ana.session.chats.chat(chat_id)
    assert entry is not None
    assert entry.chat.last_message_preview  # the chat itself followed too


async def test_reconnects_during_a_burst_miss_and_double_nothing(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    customer = live.customer(name="Cliente Rajada")
    chat_id = customer.open_chat("1")  # before the burst: Ana sees it from its first message

    stop = threading.Event()
    texts = [f"mensagem {n:03d}" for n in range(300)]
    writer = asyncio.ensure_future(asyncio.to_thread(_write, customer, texts, stop))
    try:
        reconnects = 0
        while not writer.done():
            await asyncio.sleep(0.2)
            ana.session.sync.reconnect()  # the socket drops; catch-up and replay follow
            reconnects += 1
        assert await writer == len(texts)
    finally:
        stop.set()
        await asyncio.gather(writer, return_exceptions=True)
    assert reconnects >= 3
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await _settled(ana, live.attendant(ADMIN), chat_id)


async def test_a_service_restart_during_a_burst_misses_and_doubles_nothing(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    customer = live.customer(name="Cliente Reinício")
    chat_id = customer.open_chat("1")

    stop = threading.Event()
    texts = [f"antes e depois {n:03d}" for n in range(100)]
    writer = asyncio.ensure_future(asyncio.to_thread(_write, customer, texts, stop))
    try:
        await asyncio.sleep(0.4)
        await service.astop()
        assert not writer.done()
        await service.astart()
        assert await writer == len(texts)
    finally:
        stop.set()
        await asyncio.gather(writer, return_exceptions=True)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await _settled(ana, live.attendant(ADMIN), chat_id)


async def test_a_drop_while_catching_up_still_tells_the_window(
    service: RestartableService, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket drops while the catch-up's transaction is being written: it commits anyway
    (it runs on the store's thread), so what it changed must still reach the window."""
    live = service.live
    customer = live.customer(name="Cliente Retomada")
    chat_id = customer.open_chat("1")
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await sessions.close(ana)  # the app is closed while the customer writes
    said = [customer.say(f"enquanto fechado {n}")["message_id"] for n in range(3)]

    entered, release = threading.Event(), threading.Event()

    def slow_catch_up(
        cache: Cache, events: Sequence[Event], last_seq: int | None = None
    ) -> Applied:
        if last_seq is not None and not entered.is_set():  # the first catch-up only
            entered.set()
            release.wait(10)
        return apply_events(cache, events, last_seq)

    monkeypatch.setattr(engine, "apply_events", slow_catch_up)
    again = await sessions.resume(ana.machine)
    await eventually(entered.is_set, what="the catch-up is being written")
    again.session.sync.reconnect()  # the connection drops right then
    release.set()
    await eventually(lambda: again.session.connection is ConnectionState.ONLINE)
    await eventually(
        lambda: set(said) <= set(again.appended_ids()),
        timeout=3,
        what="the messages caught up reached the window",
    )
    cached = [m[0] for m in await cached_messages(again.session.store, chat_id)]
    assert set(said) <= set(cached)
    appended = again.appended_ids()
    assert len(appended) == len(set(appended))


async def test_a_long_absence_is_caught_up_page_by_page(
    service: RestartableService, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More events than one page while the app was closed, many of them out of Ana's sight:
    the catch-up pages through all of it and misses nothing she may see."""
    live = service.live
    live.customer(name="Primeiro Cliente").say("Oi")  # a log to follow (cursor 0: refresh)
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    assert ana.session.sync.cursor > 0
    await sessions.close(ana)
    suporte, vendas = live.customer(name="Cliente Suporte"), live.customer(name="Cliente Vendas")
    suporte_chat, vendas_chat = suporte.open_chat("1"), vendas.open_chat("2")
    for n in range(15):
        suporte.say(f"suporte {n}")
        vendas.say(f"vendas {n}")

    monkeypatch.setattr(engine, "EVENTS_PAGE", 4)
    again = await sessions.resume(ana.machine)
    await eventually(lambda: again.session.connection is ConnectionState.ONLINE)
    admin_http = live.attendant(ADMIN)
    cached = [m[0] for m in await cached_messages(again.session.store, suporte_chat)]
    assert cached == [m["id"] for m in service_messages(admin_http, suporte_chat)]
    appended = [
        m.id for c in again.changes for m in c.messages_appended if m.chat_id == suporte_chat
    ]
    assert sorted(appended) == cached
    assert again.session.sync.refreshes == 0  # caught up, not rebuilt
    # Vendas' chat was seen in triage, then left Ana's sight with all it had.
    assert await again.session.chats.chat(vendas_chat) is None
    assert await cached_messages(again.session.store, vendas_chat) == []
