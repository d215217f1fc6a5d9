"""Unhandled exceptions: written to the log file with their traceback and said in one dialog
(on the GUI thread, whatever thread failed) while the app keeps running."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from machines import eventually
from tiflux_desktop.logs import setup_logging
from tiflux_desktop.ui.crash import CrashReporter
from window_support import OpenedUrls


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield setup_logging(tmp_path / "logs", console=False)
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


@pytest.fixture
async def reporter(qtbot, log_file: Path) -> AsyncIterator[CrashReporter]:
    window = QWidget()
    qtbot.addWidget(window)
    crash = CrashReporter(log_file, lambda: window)
    crash.install(asyncio.get_running_loop())
    try:
        yield crash
    finally:
        crash.uninstall()
        if crash.dialog is not None:
            crash.dialog.close()


def _logged(log_file: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return log_file.read_text(encoding="utf-8")


def _dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() + _children() if isinstance(w, QMessageBox)]


def _children() -> list[QWidget]:
    return [c for w in QApplication.topLevelWidgets() for c in w.findChildren(QMessageBox)]


def _visible_dialogs() -> set[QMessageBox]:
    return {d for d in _dialogs() if d.isVisible() and d.objectName() == "crashDialog"}


def _raise(text: str) -> None:
    raise RuntimeError(text)


async def test_an_exception_in_a_slot_is_logged_and_shown_in_one_dialog(
    reporter: CrashReporter, log_file: Path
) -> None:
    QTimer.singleShot(0, lambda: _raise("a slot failed"))
    dialog = await eventually(lambda: reporter.dialog, what="the dialog")
    assert dialog.isVisible()
    assert str(log_file) in dialog.text()
    assert "keeps running" in dialog.text()
    assert _visible_dialogs() == {dialog}
    logged = _logged(log_file)
    assert "unhandled exception" in logged
    assert "Traceback" in logged
    assert "RuntimeError: a slot failed" in logged


async def test_errors_while_the_dialog_is_open_only_count_up(
    reporter: CrashReporter, log_file: Path
) -> None:
    for n in range(3):
        QTimer.singleShot(0, lambda n=n: _raise(f"failure {n}"))
    await eventually(lambda: reporter.repeats == 2, what="three errors seen")
    dialog = reporter.dialog
    assert dialog is not None
    assert _visible_dialogs() == {dialog}
    assert "2 more time" in dialog.text()
    assert all(f"RuntimeError: failure {n}" in _logged(log_file) for n in range(3))
    # Closed, the next error shows a fresh dialog that counts from zero.
    dialog.close()
    await eventually(lambda: reporter.dialog is None, what="the dialog gone")
    QTimer.singleShot(0, lambda: _raise("later"))
    again = await eventually(lambda: reporter.dialog, what="a new dialog")
    assert "more time" not in again.text()


async def test_an_exception_in_a_thread_is_shown_on_the_gui_thread(
    reporter: CrashReporter, log_file: Path
) -> None:
    worker = threading.Thread(target=_raise, args=("a worker failed",), name="the-worker")
    worker.start()
    await asyncio.to_thread(worker.join)
    dialog = await eventually(lambda: reporter.dialog, what="the dialog")
    gui = QApplication.instance()
    assert gui is not None
    assert dialog.thread() is gui.thread()
    assert QThread.currentThread() is gui.thread()
    logged = _logged(log_file)
    assert "unhandled exception in thread the-worker" in logged
    assert "RuntimeError: a worker failed" in logged


async def test_a_failed_task_nobody_awaited_is_reported(
    reporter: CrashReporter, log_file: Path
) -> None:
    async def fails() -> None:
        raise ValueError("a forgotten task failed")

    task = asyncio.get_running_loop().create_task(fails())
    await asyncio.sleep(0.01)
    assert task.done()
    del task  # nobody ever asked for its exception: asyncio says so when it goes
    gc.collect()
    dialog = await eventually(lambda: reporter.dialog, what="the dialog")
    assert dialog.isVisible()
    logged = _logged(log_file)
    assert "Task exception was never retrieved" in logged  # asyncio's own line, kept
    assert "ValueError: a forgotten task failed" in logged


async def test_keyboard_interrupt_goes_to_the_previous_hook(log_file: Path) -> None:
    seen: list[type[BaseException]] = []

    def previous(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        seen.append(kind)

    saved = sys.excepthook
    sys.excepthook = previous
    crash = CrashReporter(log_file, lambda: None)
    try:
        crash.install(asyncio.get_running_loop())
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        assert seen == [KeyboardInterrupt]
        assert crash.dialog is None
        assert "KeyboardInterrupt" not in _logged(log_file)
    finally:
        crash.uninstall()
        sys.excepthook = saved


async def test_uninstall_puts_every_hook_back(log_file: Path) -> None:
    loop = asyncio.get_running_loop()
    before = (sys.excepthook, threading.excepthook)
    crash = CrashReporter(log_file, lambda: None)
    crash.install(loop)
    assert (sys.excepthook, threading.excepthook) != before
    crash.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    # (qasync's loop cannot say which handler it has: ask it to handle something.)
    loop.call_exception_handler({"message": "after uninstall", "exception": ValueError("x")})
    assert crash.dialog is None
    assert "after uninstall" in _logged(log_file)  # asyncio's default handler again


async def test_the_dialog_opens_the_log_folder(
    reporter: CrashReporter, log_file: Path, opened_files: OpenedUrls
) -> None:
    QTimer.singleShot(0, lambda: _raise("boom"))
    dialog = await eventually(lambda: reporter.dialog, what="the dialog")
    button = next(
        b
        for b in dialog.findChildren(QPushButton)
        if b.text().replace("&", "") == "Open log folder"
    )
    button.click()
    await eventually(lambda: opened_files.urls, what="the folder opened")
    assert opened_files.paths == [log_file.parent]
