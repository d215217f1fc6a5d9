"""Builds the Chats screen on a real session, as app.py does, for the window's scenarios."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtWidgets import QApplication, QWidget

from machines import Machine, eventually
from support import DEMO_PASSWORD, Live
from tiflux_desktop.app import DesktopApp
from tiflux_desktop.domain import Tab
from tiflux_desktop.services import Session
from tiflux_desktop.ui.chats_screen import ChatsScreen
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme


@dataclass
class Window:
    session: Session
    screen: ChatsScreen
    tasks: Tasks

    async def sees(self, tab: Tab, chat_id: int, timeout: float = 15) -> int:  # noqa: ASYNC109
        """Wait until ``chat_id`` is listed in ``tab``; its row there."""
        proxy = self.screen.conversations.proxies[tab]
        return (
            await eventually(
                lambda: (row := proxy.row_of(chat_id)) is not None and row + 1,
                timeout,
                what=f"chat {chat_id} in {tab}",
            )
            - 1
        )

    async def click_row(self, qtbot, tab: Tab, chat_id: int) -> None:
        """Open a chat as the attendant does: the tab, then a click on its row."""
        self.screen.conversations.set_tab(tab)
        row = await self.sees(tab, chat_id)
        view = self.screen.conversations.views[tab]
        rect = view.visualRect(self.screen.conversations.proxies[tab].index(row, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await eventually(
            lambda: self.screen.open_entry is not None and self.screen.open_entry.id == chat_id,
            what=f"chat {chat_id} open",
        )

    def dialog(self, kind: type[QWidget]) -> QWidget:
        found = [d for d in self.screen._dialogs if isinstance(d, kind)]
        assert found, f"no {kind.__name__} open"
        return found[-1]


async def open_window(qtbot, session: Session, *, theme: str = "light") -> Window:
    tasks = Tasks()
    screen = ChatsScreen(session, AppSignals(session.hub), Theme(theme), tasks)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    await screen.load()
    return Window(session, screen, tasks)


def centre(widget: QWidget) -> QPoint:
    return widget.rect().center()


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


class OpenedUrls(QObject):
    """Records what the app asks the desktop to open (a folder, a downloaded file)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)

    @property
    def paths(self) -> list[Path]:
        return [Path(url.toLocalFile()) for url in self.urls]


def qt_app() -> QApplication:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    return qt


async def quit_app(app: DesktopApp, running: asyncio.Future[int]) -> int:
    """Quit a running DesktopApp; its exit code."""
    app.quit()
    return await asyncio.wait_for(running, 20)
