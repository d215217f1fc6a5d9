"""The app's loop: a coroutine Qt resumes outside `run_forever` still finds its loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tiflux_desktop.ui.event_loop import QtEventLoop, event_loop


def _resumed_outside_the_run(factory: Callable[[QCoreApplication], Any]) -> list[str]:
    """A task woken just before the loop stops is resumed by Qt (qasync's last
    processEvents, a harness's) while asyncio's loop is not running."""
    app = QApplication.instance() or QApplication([])
    seen: list[str] = []
    kept: list[asyncio.Task[None]] = []

    async def waiter(woken: asyncio.Event) -> None:
        await woken.wait()
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            seen.append("no running loop")
        else:
            seen.append("running loop")

    async def main() -> None:
        woken = asyncio.Event()
        loop = asyncio.get_running_loop()
        kept.append(loop.create_task(waiter(woken)))
        await asyncio.sleep(0.01)  # the waiter waits
        loop.call_later(0.05, woken.set)  # fires after the run has ended

    with asyncio.Runner(loop_factory=lambda: factory(app)) as runner:
        runner.run(main())
        for _ in range(10):  # what a harness does between two runs
            time.sleep(0.02)
            app.processEvents()
    return seen


def test_a_callback_qt_runs_outside_the_loop_sees_its_loop() -> None:
    assert _resumed_outside_the_run(event_loop) == ["running loop"]


def test_plain_qasync_loses_the_loop_there() -> None:
    """What QtEventLoop is for: if this starts passing with "running loop", qasync fixed
    it and QtEventLoop can go."""
    assert _resumed_outside_the_run(qasync.QEventLoop) == ["no running loop"]


async def test_the_tests_run_on_the_apps_loop() -> None:
    assert isinstance(asyncio.get_running_loop(), QtEventLoop)
