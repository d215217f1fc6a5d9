"""Unhandled exceptions: written to the log with their traceback, then said once to the
attendant, who keeps working.

Three doors lead here: ``sys.excepthook`` (an exception escaping a Qt slot or virtual, which
PySide hands to it), ``threading.excepthook`` (a worker thread; the dialog is shown on the
GUI thread through a queued signal) and the asyncio loop's exception handler (a task that
failed with nobody awaiting it, a failing callback; asyncio's own log line is kept). One
dialog at a time: further errors while it is open only count up in its text.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]
ThreadHook = Callable[[threading.ExceptHookArgs], Any]
LoopHandler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]


class CrashReporter(QObject):
    # An error seen (and logged) on another thread, to be shown on the GUI thread.
    _failed_elsewhere = Signal()

    def __init__(self, log_file: Path, parent_window: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._log_file = log_file
        self._parent_window = parent_window
        self._box: QMessageBox | None = None
        self._more = 0  # errors since the dialog appeared
        self._installed = False
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: ThreadHook | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous_loop_handler: LoopHandler | None = None
        self._failed_elsewhere.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # --- API ------------------------------------------------------------------------------

    @property
    def dialog(self) -> QMessageBox | None:
        """The dialog on screen, if any."""
        return self._box

    @property
    def repeats(self) -> int:
        """How many more errors came while the dialog was open."""
        return self._more

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Catch what nothing else caught: ``sys``'s and ``threading``'s hooks, and the
        exception handler of ``loop`` (the running loop when not given, if any)."""
        if self._installed:
            return
        self._installed = True
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = self._thread_excepthook
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        if loop is not None:
            self._loop = loop
            self._previous_loop_handler = loop.get_exception_handler()
            loop.set_exception_handler(self._loop_exception)

    def uninstall(self) -> None:
        """Put back the hooks found at ``install``."""
        if not self._installed:
            return
        self._installed = False
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook or sys.__excepthook__
        if threading.excepthook == self._thread_excepthook:
            threading.excepthook = self._previous_thread_hook or threading.__excepthook__
        if self._loop is not None and not self._loop.is_closed():
            self._loop.set_exception_handler(self._previous_loop_handler)
        self._loop = None
        self._previous_hook = self._previous_thread_hook = self._previous_loop_handler = None

    # --- the hooks ------------------------------------------------------------------------

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(kind, Exception):  # KeyboardInterrupt, SystemExit: not ours
            (self._previous_hook or sys.__excepthook__)(kind, exc, tb)
            return
        log.error("unhandled exception", exc_info=(kind, exc, tb))
        self._notify()

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, Exception):
            (self._previous_thread_hook or threading.__excepthook__)(args)
            return
        name = args.thread.name if args.thread is not None else "?"
        if args.exc_value is None:  # (the hook's arguments allow it; nothing to trace)
            log.error("unhandled %s in thread %s", args.exc_type.__name__, name)
        else:
            exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
            log.error("unhandled exception in thread %s", name, exc_info=exc_info)
        self._notify()

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # asyncio's own line ("Task exception was never retrieved" ... with the traceback)
        # is the log entry; a handler set before ours gets it instead, as it did.
        try:
            if self._previous_loop_handler is not None:
                self._previous_loop_handler(loop, context)
            else:
                loop.default_exception_handler(context)
        except Exception:
            log.exception("the event loop's previous exception handler failed")
        exc = context.get("exception")
        if isinstance(exc, Exception):
            self._notify()

    # --- the dialog -----------------------------------------------------------------------

    def _notify(self) -> None:
        # Called from any thread; never raises (it runs inside the hooks).
        try:
            if QThread.currentThread() is self.thread():
                self._show()
            else:
                self._failed_elsewhere.emit()
        except Exception:
            log.exception("could not show the error dialog")

    def _show(self) -> None:
        try:
            if self._box is not None:
                self._more += 1
                self._box.setText(self._text())
                return
            self._more = 0
            box = QMessageBox(self._parent_window())
            box.setObjectName("crashDialog")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Something went wrong"))
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setText(self._text())
            folder = box.addButton(self.tr("Open &log folder"), QMessageBox.ButtonRole.ActionRole)
            folder.clicked.connect(self._open_folder)
            close = box.addButton(QMessageBox.StandardButton.Close)
            box.setDefaultButton(close)
            box.setEscapeButton(close)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(self._closed)
            box.destroyed.connect(self._closed)
            self._box = box
            box.open()
        except Exception:
            log.exception("could not show the error dialog")

    def _text(self) -> str:
        text = self.tr(
            "Something unexpected went wrong. Tiflux Chats keeps running, but if something "
            "looks wrong, close it and open it again.\n\nThe details are in the log file:\n%1"
        ).replace("%1", str(self._log_file))
        if self._more:
            text += "\n\n" + self.tr("It happened %n more time(s) since.", "", self._more)
        return text

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_file.parent)))

    def _closed(self, *_: object) -> None:
        self._box = None
        self._more = 0
