"""One ChangeSet per loop tick, merged: the last word on each chat, message and item wins."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tiflux_desktop.domain import Author, AuthorType, Chat, ChatStatus, Message, Origin, StartedBy
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import ChatEntry, Counts
from tiflux_desktop.sync import ChangeHub, ChangeSet

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def entry(chat_id: int, version: int = 1) -> ChatEntry:
    chat = Chat(
        id=chat_id,
        status=ChatStatus.WAITING_ATTENDANCE,
        origin=Origin.GUPSHUP,
        started_by=StartedBy.CLIENT,
        created_at=NOW,
        updated_at=NOW,
        waiting_since=NOW,
        version=version,
    )
    return ChatEntry(chat)


def message(message_id: int, text: str) -> Message:
    return Message(message_id, 1, Author(AuthorType.CLIENT, 1, "x"), NOW, text)


async def test_a_burst_in_one_tick_is_one_merged_changeset() -> None:
    hub = ChangeHub()
    seen: list[ChangeSet] = []
    hub.subscribe(seen.append)
    for n in range(1000):
        hub.chats([entry(n % 10, version=n)])
        hub.appended([message(n, "oi")])
    hub.counts(Counts(inbox=1))
    hub.counts(Counts(inbox=2))
    hub.connection(ConnectionState.ONLINE)
    await asyncio.sleep(0)
    assert len(seen) == 1
    change = seen[0]
    assert len(change.chats_upserted) == 10
    assert {e.chat.version for e in change.chats_upserted} == set(range(990, 1000))
    assert [m.id for m in change.messages_appended] == list(range(1000))
    assert change.counts == Counts(inbox=2)
    assert change.connection is ConnectionState.ONLINE


async def test_removal_and_update_cancel_out_in_the_right_order() -> None:
    hub = ChangeHub()
    seen: list[ChangeSet] = []
    hub.subscribe(seen.append)
    hub.chats([entry(1)])
    hub.removed([1])
    hub.removed([2])
    hub.chats([entry(2)])
    hub.appended([message(5, "a")])
    hub.updated([message(5, "b")])  # still new to the listener: stays appended
    await asyncio.sleep(0)
    change = seen[0]
    assert change.chats_removed == frozenset({1})
    assert [e.id for e in change.chats_upserted] == [2]
    assert [m.text for m in change.messages_appended] == ["b"]
    assert change.messages_updated == ()


async def test_nothing_reported_publishes_nothing_and_a_broken_listener_starves_no_one() -> None:
    hub = ChangeHub()
    seen: list[ChangeSet] = []

    def broken(_change: ChangeSet) -> None:
        raise RuntimeError("boom")

    hub.subscribe(broken)
    unsubscribe = hub.subscribe(seen.append)
    assert hub.flush() is None
    hub.resynced()
    await asyncio.sleep(0)
    assert len(seen) == 1
    assert seen[0].resynced
    unsubscribe()
    hub.resynced()
    await asyncio.sleep(0)
    assert len(seen) == 1
