"""Events that arrive twice, out of order, or older than what the cache holds leave the cache
exactly as applying the log once, in order, does."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import pytest

from core_support import RestartableService
from support import ADMIN, ANA, DEMO_PASSWORD, VENDAS, Live, make_config
from tiflux_desktop.net import ApiClient
from tiflux_desktop.protocol import (
    AttendantUpserted,
    ChatHidden,
    ChatUpserted,
    Event,
    MessageUpserted,
)
from tiflux_desktop.store import Cache, Store
from tiflux_desktop.sync.apply import apply_events

ANA_ID = 2
TABLES = ("chats", "messages", "contacts", "attendants", "meta")


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Event]]:
    """A real history, as Ana's app receives it (ApiClient.events, as the catch-up reads it):
    chats started, taken, answered, read, finished, moved out of her sight; her status
    flipping; a chat that leaves triage for Vendas. One service for the module: the tests
    only read the log."""
    service = RestartableService(make_config(tmp_path_factory.mktemp("apply")))
    service.start()
    try:
        yield _history(service.live)
    finally:
        service.close()


def _history(live: Live) -> list[Event]:
    ana_http, admin_http = live.attendant(ANA), live.attendant(ADMIN)
    answered = live.customer(name="Cliente Atendido")
    first = answered.open_chat("1")
    assert ana_http.put(f"/chats/{first}/assume").status_code == 200
    body = {"text": "Pode me mandar um print?", "client_message_id": str(uuid.uuid4())}
    assert ana_http.post(f"/chats/{first}/messages", json=body).status_code == 201
    answered.inbox()  # delivered
    answered.say("Mando sim")  # read, and the chat back in attendance
    moved = live.customer(name="Cliente Transferido").open_chat("1")
    assert admin_http.put(f"/chats/{moved}", json={"department_id": VENDAS}).status_code == 200
    live.customer(name="Cliente Triagem").say("Oi")
    live.customer(name="Cliente Vendas").open_chat("2")  # Ana sees it only in triage
    assert ana_http.put("/me/status", json={"online": False}).status_code == 200
    assert ana_http.put(f"/chats/{first}/archive").status_code == 202

    return asyncio.run(_events_of(live, ANA))


async def _events_of(live: Live, email: str) -> list[Event]:
    """The whole log as the app's ApiClient reads it for ``email``."""
    async with ApiClient(live.base_url) as api:
        await api.login(email, DEMO_PASSWORD)
        page = await api.events(0)
    assert page.last_seq == page.head_seq
    return list(page.events)


@pytest.fixture
async def stores() -> AsyncIterator[list[Store]]:
    opened: list[Store] = []
    try:
        yield opened
    finally:
        for store in opened:
            await store.close()


async def _fresh(stores: list[Store]) -> Store:
    store = await Store.open(None, ANA_ID)
    stores.append(store)
    return store


def _dump(cache: Cache) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(r) for r in cache.db.conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        for table in TABLES
    }


async def _in_order(stores: list[Store], events: Sequence[Event]) -> dict[str, Any]:
    store = await _fresh(stores)
    for event in sorted(events, key=lambda e: e.seq):
        await store.transaction(apply_events, [event])
    return await store.call(_dump)


def test_the_log_has_every_kind_of_event(log: list[Event]) -> None:
    kinds = {type(e) for e in log}
    assert kinds == {ChatUpserted, ChatHidden, MessageUpserted, AttendantUpserted}
    versions = [e.data.version for e in log if isinstance(e, MessageUpserted)]
    assert max(versions) > 1  # a delivery status moved on


async def test_a_shuffled_and_doubled_batch_gives_the_same_cache(
    log: list[Event], stores: list[Store]
) -> None:
    expected = await _in_order(stores, log)
    assert expected["chats"]  # something to compare
    rng = random.Random(7)
    for _ in range(5):
        mixed = log + rng.sample(log, len(log) // 2)
        rng.shuffle(mixed)
        store = await _fresh(stores)
        applied = await store.transaction(apply_events, mixed)
        assert applied.skipped == len(mixed) - len(log)
        assert await store.call(_dump) == expected


async def test_overlapping_replays_give_the_same_cache(
    log: list[Event], stores: list[Store]
) -> None:
    """A reconnect replays from the cursor the app had, which may be behind what it applied:
    each batch starts before the previous one ended, and arrives in any order."""
    expected = await _in_order(stores, log)
    ordered = sorted(log, key=lambda e: e.seq)
    rng = random.Random(11)
    for _ in range(5):
        store = await _fresh(stores)
        end = 0
        while end < len(ordered):
            start = max(0, end - rng.randint(0, 6))
            end = min(len(ordered), end + rng.randint(1, 8))
            batch = ordered[start:end] + rng.sample(ordered[:end], min(end, 3))
            rng.shuffle(batch)
            await store.transaction(apply_events, batch)
        assert await store.call(_dump) == expected
        again = await store.transaction(apply_events, ordered)
        assert again.skipped == len(ordered)
        assert (again.appended, again.updated, again.chat_ids, again.removed) == (
            [],
            [],
            set(),
            set(),
        )


async def test_stale_versions_never_overwrite_newer_ones(
    log: list[Event], stores: list[Store]
) -> None:
    """What an action's answer stored (the newest version) stays when the older versions'
    events arrive after it."""
    expected = await _in_order(stores, log)
    newest: dict[tuple[str, int], Event] = {}
    for event in sorted(log, key=lambda e: e.seq):
        newest[(event.type.split(".")[0], event.data.id)] = event
    store = await _fresh(stores)
    # Chats first, as an action's answer stores the chat before any message shows in it.
    for event in sorted(newest.values(), key=lambda e: not isinstance(e, ChatUpserted)):
        await store.call(Cache.set_cursor, 0)  # as if from answers, not from the log
        await store.transaction(apply_events, [event])
    await store.call(Cache.set_cursor, 0)
    shuffled = list(log)
    random.Random(3).shuffle(shuffled)
    await store.transaction(apply_events, shuffled)
    assert await store.call(_dump) == expected


async def test_an_old_version_with_a_new_seq_changes_nothing(
    log: list[Event], stores: list[Store]
) -> None:
    store = await _fresh(stores)
    await store.transaction(apply_events, log)
    before = await store.call(_dump)
    head = max(e.seq for e in log)
    chats = [e for e in log if isinstance(e, ChatUpserted)]
    messages = [e for e in log if isinstance(e, MessageUpserted)]
    kept = await store.call(Cache.chat_ids)
    oldest_chat = min((e for e in chats if e.data.id in kept), key=lambda e: e.data.version)
    oldest_message = min(messages, key=lambda e: (e.data.version, e.seq))
    newer_message = max(
        (e for e in messages if e.data.id == oldest_message.data.id), key=lambda e: e.seq
    )
    hidden = ChatHidden.model_validate(
        {
            "seq": head + 3,
            "type": "chat.hidden",
            "at": oldest_chat.at,
            "data": {"id": oldest_chat.data.id, "version": 1},
        }
    )
    stale: list[Event] = [
        oldest_chat.model_copy(update={"seq": head + 1}),
        oldest_message.model_copy(update={"seq": head + 2}),
        hidden,
    ]
    applied = await store.transaction(apply_events, stale)
    assert (applied.appended, applied.updated, applied.chat_ids, applied.removed) == (
        [],
        [],
        set(),
        set(),
    )
    after = await store.call(_dump)
    assert {t: after[t] for t in TABLES if t != "meta"} == {
        t: before[t] for t in TABLES if t != "meta"
    }
    assert await store.call(lambda cache: cache.cursor) == head + 3
    if newer_message.data.version > oldest_message.data.version:
        cached = await store.call(Cache.message, oldest_message.data.id)
        assert cached is not None
        assert cached.status == newer_message.data.status
