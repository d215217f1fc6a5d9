"""The window's tests: Qt offscreen (the xvfb-marked ones get a real server), async tests on
a qasync loop (Qt and asyncio on one thread, as in the app), and signed-in sessions on a
real service on 127.0.0.1."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from machines import Machine
from support import DEMO_PASSWORD, Live
from tiflux_desktop.services import Session
from tiflux_desktop.ui.event_loop import event_loop

# Every test's loop, kept until the end of the run. Without this, a few tests with running
# sessions in a row crashed the run (SIGSEGV in QTimerInfoList::activateTimers, a timer
# event for a deleted object): most likely a closed loop's timer QObject, collected while
# Qt still held a timer of it.
_LOOPS: list[Any] = []


def _qasync_loop() -> Any:
    app = QApplication.instance() or QApplication([])
    # A dialog closing must not end the loop (it would be the "last window" in a test).
    app.setQuitOnLastWindowClosed(False)  # pyright: ignore[reportAttributeAccessIssue]
    loop = event_loop(app)
    _LOOPS.append(loop)
    return loop


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    """Every async test under tests/ui runs on qasync's loop."""
    return {"qasync": _qasync_loop}


class Attendants:
    """Signs attendants in on the test's service, each on their own machine, and closes
    every session at the end."""

    def __init__(self, live: Live, tmp_path: Path) -> None:
        self.live = live
        self.tmp_path = tmp_path
        self.opened: list[Session] = []
        self._machines = 0

    def machine(self) -> Machine:
        self._machines += 1
        return Machine(self.tmp_path / f"machine-{self._machines}")

    async def sign_in(
        self, email: str, machine: Machine | None = None, *, start: bool = True
    ) -> Session:
        machine = machine or self.machine()
        session = await Session.sign_in(machine.env(), self.live.base_url, email, DEMO_PASSWORD)
        self.opened.append(session)
        if start:
            await session.start()
        return session

    async def close(self, session: Session) -> None:
        if session in self.opened:
            self.opened.remove(session)
            await session.close()

    async def close_all(self) -> None:
        while self.opened:
            await self.opened.pop().close()


@pytest.fixture
async def attendants(live: Live, tmp_path: Path) -> AsyncIterator[Attendants]:
    signed = Attendants(live, tmp_path)
    try:
        yield signed
    finally:
        await signed.close_all()
