"""The hub wakes only the followers a commit concerns, and keeps idle followers' cursors at the
head so none has a backlog of others' events to walk through when something for it comes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tiflux_desktop.protocol import EventType
from tiflux_desktop.server.events import EventHub, StoredEvent

AT = "2026-11-25T12:00:00+00:00"


def chat_event(seq: int, department_id: int) -> StoredEvent:
    return StoredEvent(
        seq=seq,
        type=EventType.CHAT_UPSERTED,
        at=AT,
        department_id=department_id,
        prev_department_id=None,
        internal=False,
        data={"id": seq},
        chat_event=True,
    )


def of(department_id: int) -> Callable[[StoredEvent], bool]:
    return lambda event: event.department_id == department_id


async def test_a_commit_wakes_only_the_followers_it_concerns() -> None:
    hub = EventHub()
    with hub.follow(of(1), 0) as suporte, hub.follow(of(2), 0) as vendas:
        await hub.publish([chat_event(1, 1), chat_event(2, 1)])
        assert suporte.wake.is_set()
        assert not vendas.wake.is_set()
        # Vendas had dealt with everything before: its cursor moves past what is not for it.
        assert vendas.cursor == 2
        assert suporte.cursor == 0  # Suporte's own reader moves it, once it has sent them

        # A follower still busy with earlier events (cursor behind) is left where it is:
        # it walks those itself, so nothing it wants in between is skipped.
        suporte.wake.clear()
        await hub.publish([chat_event(3, 2)])
        assert vendas.wake.is_set()
        assert not suporte.wake.is_set()
        assert suporte.cursor == 0
        assert hub.tail_after(0) == [chat_event(1, 1), chat_event(2, 1), chat_event(3, 2)]


async def test_a_follower_waits_until_woken_or_its_time_is_up_and_closing_wakes_all() -> None:
    hub = EventHub()
    with hub.follow(of(1), 0) as suporte, hub.follow(of(2), 0) as vendas:
        started = asyncio.get_running_loop().time()
        await suporte.wait(0.05)  # nothing came: back after the time, to look anyway
        assert asyncio.get_running_loop().time() - started >= 0.04
        waiting = asyncio.ensure_future(vendas.wait(30))
        await asyncio.sleep(0)
        await hub.publish([chat_event(1, 2)])
        await asyncio.wait_for(waiting, 1)
        again = [asyncio.ensure_future(f.wait(30)) for f in (suporte, vendas)]
        vendas.wake.clear()
        await hub.close()
        await asyncio.wait_for(asyncio.gather(*again), 1)
        assert hub.closed
    assert not hub._followers  # pyright: ignore[reportPrivateUsage] - the block ended
