"""The composition root: builds the settings, the session (store, API client, sync,
services) and the window, and runs Qt and asyncio on one thread with qasync.

Start-up opens straight from the cache when a previous session can be resumed (the lists
paint before the network answers) and asks for a sign-in otherwise, or when the service
refuses the saved token.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tiflux_desktop import __version__
from tiflux_desktop.net import LoginRequired, NetError
from tiflux_desktop.services import Environment, NotSignedIn, Session

from .ui.chats_screen import ChatsScreen
from .ui.dialogs.sign_in import SignInDialog
from .ui.event_loop import event_loop
from .ui.i18n import Translations, choose_language
from .ui.icons import icon
from .ui.main_window import MainWindow
from .ui.signals import AppSignals
from .ui.tasks import Tasks
from .ui.theme import Theme
from .ui.wording import error_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AutoSignIn:
    """Demo mode: sign in to this service with these credentials, no dialog."""

    server_url: str
    email: str
    password: str
    go_online: bool = True  # a newcomer can assume chats at once


class DesktopApp:
    def __init__(
        self, qt: QApplication, env: Environment, *, auto_sign_in: AutoSignIn | None = None
    ) -> None:
        self.qt = qt
        self.env = env
        self.auto_sign_in = auto_sign_in
        self.settings = env.settings.load()
        self.translations = Translations(qt)
        self.translations.use(choose_language(self.settings.language))
        self.theme = Theme(self.settings.theme)
        self.theme.apply(qt)
        self.tasks = Tasks(on_error=self._background_failure)
        self.window = MainWindow()
        self.window.closing.connect(self.quit)
        self.window.sign_out_requested.connect(lambda: self.tasks.spawn(self.sign_out()))
        self.session: Session | None = None
        self.screen: ChatsScreen | None = None
        self.signals: AppSignals | None = None
        self._reauthenticating = False
        self._quit = asyncio.get_running_loop().create_future()

    # --- running ------------------------------------------------------------------------

    async def run(self) -> int:
        self.window.show()
        if self.auto_sign_in is not None:
            await self._auto_sign_in(self.auto_sign_in)
        else:
            await self._resume_or_sign_in()
        code = await self._quit
        await self._shutdown()
        return code

    def quit(self, code: int = 0) -> None:
        if not self._quit.done():
            self._quit.set_result(code)

    async def _resume_or_sign_in(self) -> None:
        try:
            session = await Session.resume(self.env)
        except NotSignedIn:
            self.ask_sign_in()
            return
        except LoginRequired:
            self.ask_sign_in(
                QCoreApplication.translate("MainWindow", "Your session has expired: sign in again.")
            )
            return
        except NetError as exc:  # the cache was lost and the service cannot say who we are
            self.ask_sign_in(error_text(exc))
            return
        await self.attach(session)

    async def _auto_sign_in(self, login: AutoSignIn) -> None:
        try:
            session = await Session.sign_in(self.env, login.server_url, login.email, login.password)
        except Exception as exc:
            log.error("demo sign-in failed: %s", exc)
            self.ask_sign_in(error_text(exc))
            return
        await self.attach(session)
        if login.go_online and self.screen is not None:
            self.screen.set_online(True)

    def ask_sign_in(self, reason: str | None = None) -> None:
        self.settings = self.env.settings.load()
        dialog = SignInDialog(
            self.env,
            self.tasks,
            server_url=self.settings.server_url,
            email=self.settings.email,
            reason=reason,
            parent=self.window,
        )
        dialog.signed_in.connect(lambda session: self.tasks.spawn(self.attach(session)))
        dialog.rejected.connect(lambda: self.session is None and self.quit(0))
        dialog.open()
        self.sign_in_dialog = dialog

    async def attach(self, session: Session) -> None:
        """Show ``session`` in the window: lists from the cache first, then sync."""
        if self.session is not None:
            await self._close_session()
        self.session = session
        self.signals = AppSignals(session.hub)
        # The screen's coroutines belong to the screen: dropped at sign-out, they stop.
        screen_tasks = Tasks(on_error=self._background_failure)
        self.screen = ChatsScreen(session, self.signals, self.theme, screen_tasks)
        screen_tasks.setParent(self.screen)
        self.screen.sign_in_needed.connect(self._token_refused)
        self.window.show_screen(self.screen)
        self.window.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Tiflux Chats — %1").replace(
                "%1", session.me.user.name
            )
        )
        await self.screen.load()
        await session.start()

    def _token_refused(self) -> None:
        if self._reauthenticating:  # every sync task reports it: one dialog is enough
            return
        self._reauthenticating = True

        async def again() -> None:
            await self._close_session()
            self._reauthenticating = False
            self.ask_sign_in(
                QCoreApplication.translate("MainWindow", "Your session has expired: sign in again.")
            )

        self.tasks.spawn(again())

    async def sign_out(self) -> None:
        session = self.session
        if session is None:
            return
        if self.screen is not None:
            await self.screen.before_close()
        self.session = None
        self._drop_screen()
        await session.sign_out()
        self.ask_sign_in()

    async def _close_session(self) -> None:
        if self.screen is not None:
            await self.screen.before_close()
        session, self.session = self.session, None
        self._drop_screen()
        if session is not None:
            await session.close()

    def _drop_screen(self) -> None:
        if self.screen is not None:
            self.window.drop_screen()
            self.screen.deleteLater()
            self.screen = None
        if self.signals is not None:
            self.signals.deleteLater()
            self.signals = None

    async def _shutdown(self) -> None:
        await self._close_session()
        await self.tasks.drain()

    def _background_failure(self, exc: BaseException) -> None:
        log.error("background task failed", exc_info=exc)
        if self.screen is not None:
            self.screen.show_error(exc)


def create_qt(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    qt = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    QCoreApplication.setOrganizationName("Tiflux")
    QCoreApplication.setApplicationName("Tiflux Chats")
    QCoreApplication.setApplicationVersion(__version__)
    qt.setWindowIcon(icon("app"))
    qt.setQuitOnLastWindowClosed(False)  # the app quits after closing its session
    return qt


def run(
    env: Environment | None = None,
    *,
    auto_sign_in: AutoSignIn | None = None,
    argv: Sequence[str] | None = None,
) -> int:
    """Run the desktop app until its window closes; returns the exit code."""
    qt = create_qt(argv if argv is not None else sys.argv)
    environment = env or Environment()

    async def main() -> int:
        app = DesktopApp(qt, environment, auto_sign_in=auto_sign_in)
        return await app.run()

    with asyncio.Runner(loop_factory=lambda: event_loop(qt)) as runner:
        return runner.run(main())
