"""Run as a script by test_bench_window.py, each run a fresh process. It prints lines
``mark NAME T`` where T is ``time.perf_counter()`` (CLOCK_MONOTONIC, the same clock as the
parent's: the parent subtracts the moment it spawned this process), and a last line
``result {json}``.

    window_app.py bare          a bare PySide6 window: QApplication, an empty QMainWindow
                                (1280x800) shown; mark "window" once its first paint is done
    window_app.py start ROOT    the app's composition root (DesktopApp, as ``app.run``
                                builds it on a qasync loop) resuming the session prepared
                                under ROOT (window_account.py), the service unreachable;
                                marks "window" (the main window's first paint), "lists"
                                (the current tab's list painted with its rows), "loaded"
                                (every list read, the sync started), then quits cleanly
    window_app.py soak ROOT     the same start, then an hour of an attendant's traffic
                                compressed in time (window_soak.py); the result holds RSS
                                samples along the way
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any import, for the record only

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # tests/benchmarks (helpers), tests (keyring)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from window_refcounts import pin  # noqa: E402

PINNED = pin()  # PySide6 6.12.0 drops references to True and None: see window_refcounts.py


def mark(name: str, at: float | None = None) -> None:
    print(f"mark {name} {time.perf_counter() if at is None else at:.6f}", flush=True)


def result(data: dict[str, Any]) -> None:
    print(f"result {json.dumps(data)}", flush=True)


def bare() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                # The zero timer fires once this paint has been handled.
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        mark("window")
        app.quit()

    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    code = app.exec()
    from memory_probe import memory

    result({"code": code, "rss": memory()["VmRSS"]})
    return code


def start(root: Path, *, soak: bool) -> int:
    import asyncio

    from PySide6.QtCore import QEvent, QObject, QTimer

    from tiflux_desktop.app import DesktopApp, create_qt
    from tiflux_desktop.services import Session
    from tiflux_desktop.ui.chats_screen import ChatsScreen
    from tiflux_desktop.ui.event_loop import event_loop
    from window_account import Account

    marks: dict[str, float] = {}
    reached: dict[str, asyncio.Event] = {}
    mark("imported")
    account = Account.at(root)
    qt = create_qt(sys.argv[:1])
    facts: dict[str, Any] = {}

    def once(name: str) -> None:
        if name not in marks:
            marks[name] = time.perf_counter()
            mark(name, marks[name])
            if name in reached:
                reached[name].set()

    class Paints(QObject):
        """The first paint of the main window, then of the current list with rows in it."""

        def __init__(self, app: DesktopApp) -> None:
            super().__init__()
            self.app = app

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            screen = self.app.screen
            if watched is self.app.window and "window" not in marks:
                QTimer.singleShot(0, lambda: once("window"))
            elif screen is not None and "lists" not in marks:
                view = screen.conversations.current_view()
                if watched is view.viewport() and view.model().rowCount() > 0:
                    facts["rows_at_first_paint"] = view.model().rowCount()
                    facts["entries_at_first_paint"] = screen.conversations.model.rowCount()
                    QTimer.singleShot(0, lambda: once("lists"))
            return False

    class Probe(DesktopApp):
        """The real composition root, watched: its window's and lists' paints."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.paints = Paints(self)
            self.window.installEventFilter(self.paints)
            shown = self.window.show_screen

            def show_screen(screen: ChatsScreen) -> None:
                shown(screen)
                for view in screen.conversations.views.values():
                    view.viewport().installEventFilter(self.paints)

            self.window.show_screen = show_screen  # type: ignore[method-assign]

        async def attach(self, session: Session) -> None:
            mark("resumed")
            await super().attach(session)  # the lists from the cache, then the sync starts
            once("loaded")
            screen = self.screen
            assert screen is not None
            facts["entries"] = screen.conversations.model.rowCount()
            counts = screen.conversations.counts
            facts["counts"] = [counts.inbox, counts.mine, counts.in_attendance, counts.archived]
            facts["title"] = self.window.windowTitle()
            facts["screen_shown"] = self.window.centralWidget() is screen
            if soak:
                from window_soak import soak_hour

                facts["soak"] = await soak_hour(self, account)
            if "lists" not in marks:  # the list's paint is due on the next turns
                await reached.setdefault("lists", asyncio.Event()).wait()
            self.quit(0)

    async def main() -> int:
        app = Probe(qt, account.env())
        return await app.run()

    with asyncio.Runner(loop_factory=lambda: event_loop(qt)) as runner:
        code = runner.run(main())
    facts["marker_left"] = account.files.open_marker.exists()
    from window_refcounts import counts

    result({"code": code, "started": STARTED, "refs_start": PINNED, "refs_end": counts(), **facts})
    return code


def main(argv: list[str]) -> int:
    mode = argv[1]
    if mode == "bare":
        return bare()
    return start(Path(argv[2]), soak=mode == "soak")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
