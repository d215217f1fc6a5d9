"""The asyncio loop the app runs on: qasync's, which runs Qt and asyncio on one thread.

qasync runs a loop callback from a Qt timer event, so Qt runs it whenever it processes
events, including outside `run_forever` (qasync's own last `processEvents` at the end of
`run_until_complete`, a test harness between the phases of a test). asyncio does not see
the loop as running there: a coroutine resumed by such a callback that starts a task
(`asyncio.create_task`) or sleeps fails with "no running event loop" and leaks the
coroutine it was starting (qasync issue #121). `QtEventLoop` makes the loop the running
one for the length of each of its callbacks, which is what asyncio's own loops do.

While the loop is open, Python's cyclic garbage collector runs on the Qt thread only
(`collector.MainThreadCollector`): Qt objects must never be freed from another thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextvars import Context
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication

from .collector import MainThreadCollector


class QtEventLoop(qasync.QEventLoop):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._collector = MainThreadCollector(app)
        self._collector.start()

    def close(self) -> None:
        if not self.is_closed():
            self._collector.stop()
            self._collector.deleteLater()
        super().close()

    def set_exception_handler(self, handler: Any) -> None:
        # qasync keeps the handler to itself and answers None to get_exception_handler():
        # kept here too, so whoever installs a handler can put the previous one back.
        super().set_exception_handler(handler)
        self._handler = handler

    def get_exception_handler(self) -> Any:
        return getattr(self, "_handler", None)

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: Context | None = None,
    ) -> asyncio.TimerHandle:
        # call_soon, call_at, call_soon_threadsafe and the socket notifiers all come here.
        return super().call_later(delay, self._run_as_running, callback, *args, context=context)

    def _run_as_running(self, callback: Callable[..., object], *args: Any) -> None:
        outer = asyncio.events._get_running_loop()
        if outer is self:
            callback(*args)
            return
        asyncio.events._set_running_loop(self)
        try:
            callback(*args)
        finally:
            asyncio.events._set_running_loop(outer)


def event_loop(app: QCoreApplication) -> QtEventLoop:
    """A loop for `asyncio.Runner(loop_factory=...)` on the application's Qt event loop."""
    return QtEventLoop(app)
