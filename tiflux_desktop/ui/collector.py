"""Python's cyclic garbage collector, run on the Qt thread only.

The collector runs in whichever thread happens to allocate when a generation fills up: the
store's thread, qasync's executor threads. When it frees a reference cycle holding a Qt object
with a running timer there, Qt cannot stop the timer from that thread ("QObject::~QObject:
Timers cannot be stopped from another thread"), the timer stays registered for an object that
no longer exists, and the next time it fires the process dies in
QCoreApplication::notifyInternal2 (a segmentation fault: it happened in the window benchmark,
to a window that had been closed a moment before).

So while the app runs, automatic collection is off and a timer on the Qt thread collects each
generation when its count passes the threshold automatic collection would use. Reference
counting still frees everything that is not in a cycle at once, in any thread, as always.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Back to automatic collection (after one last pass, here)."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> int:
        """What automatic collection would have done by now: the youngest generation when it
        is over its threshold, and each older one whose own count is over its threshold."""
        counts = gc.get_count()
        generation = -1
        for index, (count, threshold) in enumerate(zip(counts, self._thresholds, strict=False)):
            if threshold <= 0 or count <= threshold:
                break
            generation = index
        return gc.collect(generation) if generation >= 0 else 0
