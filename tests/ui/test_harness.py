"""The harness itself: async tests run on qasync, so Qt events and coroutines interleave as
they do in the app."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtCore import QTimer

from support import ADMIN
from tiflux_desktop.ui.tasks import Tasks


async def test_the_loop_is_qasync_and_runs_qt_timers() -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)
    fired = asyncio.Event()
    QTimer.singleShot(10, fired.set)
    await asyncio.wait_for(fired.wait(), 5)


async def test_a_session_signs_in_and_syncs(attendants) -> None:
    session = await attendants.sign_in(ADMIN)
    assert session.me.user.email == ADMIN
    counts = await session.chats.counts()
    assert counts.inbox >= 0


async def test_tasks_latest_wins_and_failures_reach_the_handler() -> None:
    errors: list[BaseException] = []
    tasks = Tasks(on_error=errors.append)
    first = tasks.spawn(asyncio.sleep(10), key="search")
    second = tasks.spawn(asyncio.sleep(0, result="done"), key="search")
    assert await second == "done"
    await asyncio.sleep(0)
    assert first.cancelled()

    async def boom() -> None:
        raise ValueError("boom")

    tasks.spawn(boom())
    for _ in range(5):
        await asyncio.sleep(0)
    assert [str(e) for e in errors] == ["boom"]
    tasks.spawn(asyncio.sleep(10))
    await tasks.drain()
    assert tasks.running == 0
