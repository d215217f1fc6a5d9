"""The app's loop: a coroutine Qt resumes outside `run_forever` still finds its loop."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, QTimer
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


# --- Python's cyclic garbage collection, on the Qt thread only --------------------------------


class _Cycle:
    """Garbage only the cyclic collector can free: a Qt object with a running timer."""

    def __init__(self, freed_in: list[str]) -> None:
        self.me = self
        self.timer = QTimer()
        self.timer.start(10_000)
        weakref.finalize(self, lambda: freed_in.append(threading.current_thread().name))


def _churn() -> None:
    """Allocations enough to pass every generation's threshold many times over."""
    for _ in range(20):
        junk: list[list[object]] = [[i] for i in range(50_000)]
        for item in junk:
            item.append(item)  # cycles, so the collector has work
        del junk


async def test_cycles_holding_qt_objects_are_freed_on_the_qt_thread_only() -> None:
    """A cycle holding a QTimer freed in another thread crashed the process (Qt cannot stop a
    timer from another thread, and later fires it on a deleted object): with the app's loop
    open, the collector never runs in another thread, and the Qt thread's timer collects."""
    assert not gc.isenabled()
    freed_in: list[str] = []
    _Cycle(freed_in)
    await asyncio.to_thread(_churn)  # automatic collection would have run here
    assert freed_in == []
    for _ in range(40):
        if freed_in:
            break
        await asyncio.sleep(0.05)  # the collector's timer, on this (the Qt) thread
    assert freed_in == [threading.main_thread().name]


def test_closing_the_loop_gives_back_automatic_collection() -> None:
    app = QApplication.instance() or QApplication([])
    with asyncio.Runner(loop_factory=lambda: event_loop(app)) as runner:
        assert runner.run(_enabled()) is False
    assert gc.isenabled()


async def _enabled() -> bool:
    return gc.isenabled()
