"""An hour of an attendant's traffic, compressed in time, on the running app (window_app.py
soak): run inside the app's process once its window shows the lists.

The hour goes by in slots of ``SWITCH_EVERY`` seconds. Each slot delivers its share of
``MINUTE_FRAMES`` a minute from event_factory (~70 % new messages in open chats, ~20 % newer
chat versions, duplicates and delivery statuses); every minute one new chat arrives in
Entrada with its first message, and every ``REPLY_EVERY`` seconds a message arrives in the
chat the attendant has open. At the end of each slot the attendant opens another chat
(ChatsScreen.open_chat, as a click does), going round 40 chats of Meus and the newest new
ones.
Frames reach the sync engine the way the WebSocket client hands them over
(``parse_frame`` then the engine's frame callback) and are applied and published by its
flush loop; the window follows through AppSignals.

RSS (VmRSS) is sampled after ``gc.collect()`` before the traffic and every
``SAMPLE_EVERY`` simulated seconds.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import TYPE_CHECKING, Any

from event_factory import EventSource
from memory_probe import memory
from report import scaled
from tiflux_desktop.domain import Tab
from tiflux_desktop.net import parse_frame
from window_refcounts import counts
from window_traffic import Traffic

if TYPE_CHECKING:
    from tiflux_desktop.app import DesktopApp
    from window_account import Account

HOUR = scaled(3600, 60)  # simulated seconds
MINUTE_FRAMES = 84  # ~5,000 frames an hour: ~3,500 new messages, about one a second
SWITCH_EVERY = 6  # seconds between two chats opened; the traffic is delivered per slot
REPLY_EVERY = 12  # a message in the open chat
SAMPLE_EVERY = 600


async def _until(predicate: Any, within: float = 10.0) -> None:
    deadline = time.perf_counter() + within
    while not predicate():
        if time.perf_counter() > deadline:
            raise AssertionError("the window did not settle in time")
        await asyncio.sleep(0.001)


def _sample(second: int) -> dict[str, float]:
    gc.collect()
    figures = memory()
    refs = counts()
    return {
        "second": second,
        "rss": figures["VmRSS"],
        "objects": len(gc.get_objects()),
        "true_refs": refs["True"],
        "none_refs": refs["None"],
    }


async def soak_hour(app: DesktopApp, account: Account) -> dict[str, Any]:
    session, screen = app.session, app.screen
    assert session is not None
    assert screen is not None
    sync = session.sync
    files = account.files
    source = EventSource(files.cache, cursor=sync.cursor, seed=23)
    traffic = Traffic(source)
    mine = [c["id"] for c in source.chats if c["responsible_id"] == 1][:40]
    assert mine, "no chat in Meus"
    screen.conversations.set_tab(Tab.MINE)
    opened: list[int] = []

    async def open_chat(chat_id: int) -> None:
        screen.open_chat(chat_id)
        messages = screen.messages
        await _until(
            lambda: (
                messages.model.chat_id == chat_id
                and not app.tasks.busy("open-chat")
                and not app.tasks.busy("messages.open")
            )
        )
        opened.append(chat_id)

    def deliver(frames: list[str]) -> None:
        for raw in frames:
            sync._on_frame(parse_frame(raw))  # pyright: ignore[reportPrivateUsage]

    async def drained() -> None:
        await _until(lambda: sync.cursor >= source.seq)
        await asyncio.sleep(0.005)  # the hub publishes on the next turn

    await open_chat(mine[0])
    await asyncio.sleep(0.5)  # the first paints, the thumbnails, the sync's first attempt
    samples = [_sample(0)]
    began = time.perf_counter()
    applied_before = sync.applied_events
    unique = 0
    slots = HOUR // SWITCH_EVERY
    for slot in range(slots):
        second = slot * SWITCH_EVERY
        # Frames are generated in the order they are delivered: seqs only go up.
        if second % 60 == 0:
            new = traffic.new_chat()
            unique += len(new)
            deliver(new)
        current = screen.messages.model.chat_id
        if second % REPLY_EVERY < SWITCH_EVERY and current is not None:
            deliver([traffic.message_in(current, client=slot % 2 == 0)])
            unique += 1
        share = MINUTE_FRAMES * (slot + 1) * SWITCH_EVERY // 60 - (
            MINUTE_FRAMES * slot * SWITCH_EVERY // 60
        )
        stream = source.stream(share)
        unique += stream.unique
        deliver(stream.frames)
        await drained()
        candidates = mine + traffic.new_chats[-10:]
        await open_chat(candidates[(slot + 1) % len(candidates)])
        if (second + SWITCH_EVERY) % SAMPLE_EVERY == 0:
            await drained()
            samples.append(_sample(second + SWITCH_EVERY))
    await drained()
    wall = time.perf_counter() - began
    # Nothing dropped: every event applied, the lists hold every chat at its last version,
    # the open chat holds every message sent to it while it was open.
    model = screen.conversations.model
    stale = [
        c["id"]
        for c in source.chats
        if (e := model.entry(c["id"])) is None or e.chat.version != c["version"]
    ]
    current = screen.messages.model.chat_id
    missing = [
        m
        for m in traffic.message_ids.get(current or -1, [])
        if screen.messages.model.row_of(m) is None
    ]
    return {
        "samples": samples,
        "wall": wall,
        "events": unique,
        "applied": sync.applied_events - applied_before,
        "opens": len(opened),
        "new_chats": len(traffic.new_chats),
        "stale_chats": stale[:10],
        "stale_count": len(stale),
        "open_chat_missing": missing,
        "entries": model.rowCount(),
    }
