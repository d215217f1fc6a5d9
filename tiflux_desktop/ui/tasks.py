"""Owners for the window's coroutines.

Every coroutine the window starts belongs to a ``Tasks``: it keeps a strong reference until
the task ends, logs failures nobody handled, can make a key "latest wins" (a new search
cancels the previous one), and cancels everything when its owner goes away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]


class Tasks(QObject):
    def __init__(self, parent: QObject | None = None, *, on_error: ErrorHandler | None = None):
        super().__init__(parent)
        self._running: set[asyncio.Task[Any]] = set()
        self._latest: dict[str, asyncio.Task[Any]] = {}
        self._on_error = on_error
        self.destroyed.connect(lambda *_: self.cancel_all())

    def spawn(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        key: str | None = None,
        on_error: ErrorHandler | None = None,
    ) -> asyncio.Task[T]:
        """Run ``coro`` in the background. With ``key``, a running task under the same key
        is cancelled first (latest wins). A failure goes to ``on_error``, else to the
        owner's handler, else to the log; a cancellation is not a failure."""
        if key is not None:
            previous = self._latest.pop(key, None)
            if previous is not None:
                previous.cancel()
        task = asyncio.get_running_loop().create_task(coro)
        self._running.add(task)
        if key is not None:
            self._latest[key] = task

        def done(t: asyncio.Task[Any]) -> None:
            self._running.discard(t)
            if key is not None and self._latest.get(key) is t:
                del self._latest[key]
            if t.cancelled():
                return
            exc = t.exception()
            if exc is None:
                return
            handler = on_error or self._on_error
            if handler is None:
                log.error("background task failed", exc_info=exc)
                return
            try:
                handler(exc)
            except Exception:
                log.exception("the error handler of a background task failed")

        task.add_done_callback(done)
        return task

    def cancel(self, key: str) -> None:
        task = self._latest.pop(key, None)
        if task is not None:
            task.cancel()

    def busy(self, key: str) -> bool:
        return key in self._latest

    async def finish(self, prefix: str) -> None:
        """Wait for the running tasks whose key starts with ``prefix`` (a draft being saved
        at quit), without cancelling them."""
        waiting = [t for k, t in self._latest.items() if k.startswith(prefix)]
        if waiting:
            await asyncio.gather(*waiting, return_exceptions=True)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()
        self._latest.clear()

    async def drain(self) -> None:
        """Cancel everything and wait until it has stopped (at quit)."""
        tasks = list(self._running)
        self.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def running(self) -> int:
        return len(self._running)
