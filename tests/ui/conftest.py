"""The window's tests: Qt offscreen (the xvfb-marked ones get a real server), async tests on
a qasync loop (Qt and asyncio on one thread, as in the app), and signed-in sessions on a
real service on 127.0.0.1."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from support import Live
from tiflux_desktop.ui.event_loop import event_loop
from window_support import Attendants, OpenedUrls

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


@pytest.fixture
async def attendants(live: Live, tmp_path: Path) -> AsyncIterator[Attendants]:
    signed = Attendants(live, tmp_path)
    try:
        yield signed
    finally:
        await signed.close_all()


@pytest.fixture
def opened_files() -> Iterator[OpenedUrls]:
    """file:// URLs the app opens are recorded here instead of reaching the desktop."""
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")  # pyright: ignore[reportArgumentType]
    try:
        yield opened
    finally:
        QDesktopServices.unsetUrlHandler("file")
