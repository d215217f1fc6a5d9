"""The composition root: builds the settings, the session (store, API client, sync,
services) and the window, and runs Qt and asyncio on one thread with qasync.

Start-up opens straight from the cache when a previous session can be resumed (the lists
paint before the network answers) and asks for a sign-in otherwise, or when the service
refuses the saved token.

The app lives in the system tray where there is one: closing the window hides it, and the
tray, the notifications and the taskbar badge say what is waiting. Where there is no tray,
closing the window asks before quitting and notifications show as an in-app banner.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tiflux_desktop import __version__
from tiflux_desktop.domain import Tab
from tiflux_desktop.logs import LOG_FILE_NAME, log_dir
from tiflux_desktop.net import LoginRequired, NetError
from tiflux_desktop.services import Environment, NotSignedIn, Session, Settings
from tiflux_desktop.services.autostart import Autostart, AutostartError, app_command

from .ui.chats_screen import ChatsScreen
from .ui.crash import CrashReporter
from .ui.dialogs.settings import EDITED, SettingsDialog
from .ui.dialogs.sign_in import SignInDialog
from .ui.event_loop import event_loop
from .ui.i18n import Translations, choose_language
from .ui.icons import icon
from .ui.main_window import MainWindow
from .ui.notifier import Notifier
from .ui.signals import AppSignals
from .ui.sound import SoundPlayer
from .ui.tasks import Tasks
from .ui.theme import Theme
from .ui.tray import Tray
from .ui.wording import error_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AutoSignIn:
    """Demo mode: sign in to this service with these credentials, no dialog."""

    server_url: str
    email: str
    password: str
    go_online: bool = True  # a newcomer can assume chats at once


# What the settings dialog edits, less the service address: that one changes through a new
# sign-in. The rest of the file (e-mail, attendant) belongs to the session.
PREFERENCES = tuple(name for name in EDITED if name != "server_url")

REBUILD = "rebuild-screen"  # the task that builds the screen again in a new language


class DesktopApp:
    def __init__(
        self,
        qt: QApplication,
        env: Environment,
        *,
        auto_sign_in: AutoSignIn | None = None,
        tray: Tray | None = None,
        sound: SoundPlayer | None = None,
        log_file: Path | None = None,
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
        self.log_file = log_file or log_dir() / LOG_FILE_NAME
        self.window = MainWindow()
        self.window.close_requested.connect(self._close_requested)
        self.window.quit_requested.connect(self.quit)
        self.window.sign_out_requested.connect(
            lambda clear: self.tasks.spawn(self.sign_out(clear_cache=clear))
        )
        self.window.settings_requested.connect(self.open_settings)
        self.sound = sound or SoundPlayer()
        self.tray = tray or Tray()
        self.tray.set_muted(self.settings.muted)
        self.tray.show_requested.connect(self.window.bring_forward)
        self.tray.online_toggled.connect(self._set_online)
        self.tray.mute_toggled.connect(self._set_muted)
        self.tray.quit_requested.connect(self.quit)
        self.notifier = Notifier(
            self.tray,
            self.sound,
            settings=lambda: self.settings,
            window=lambda: self.window,
            open_chat=lambda: (
                self.screen.open_entry.id
                if self.screen is not None and self.screen.open_entry is not None
                else None
            ),
        )
        self.notifier.chat_requested.connect(self._show_chat)
        self.notifier.banner_requested.connect(self._banner)
        self._told_about_tray = False
        self.session: Session | None = None
        self.screen: ChatsScreen | None = None
        self.signals: AppSignals | None = None
        self._reauthenticating = False
        self._quit = asyncio.get_running_loop().create_future()

    # --- running ------------------------------------------------------------------------

    async def run(self) -> int:
        if not self.settings.start_minimised:
            self.window.show()
        elif not self.tray.available:
            self.window.showMinimized()  # no tray to live in: at least on the taskbar
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
        self.window.bring_forward()  # started minimised or in the tray: a sign-in is needed
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
        await self._show_session(session)
        if self.session is not session:
            return  # signed out or quit while the lists loaded
        self.tray.set_online(session.me.user.online)
        self.notifier.set_waiting((await session.chats.counts()).inbox)
        self.notifier.watch(session.attention)
        await session.start()

    async def _show_session(self, session: Session) -> ChatsScreen | None:
        """A Chats screen for the session, its lists loaded from the cache; None when it was
        dropped while they loaded (sign-out, quit, a new language)."""
        self.signals = AppSignals(session.hub)
        # The screen's coroutines belong to the screen: dropped at sign-out, they stop.
        screen_tasks = Tasks(on_error=self._background_failure)
        screen = self.screen = ChatsScreen(session, self.signals, self.theme, screen_tasks)
        screen_tasks.setParent(screen)
        screen.sign_in_needed.connect(self._token_refused)
        screen.online_changed.connect(self.tray.set_online)
        self.signals.counts_changed.connect(lambda counts: self.notifier.set_waiting(counts.inbox))
        self.window.show_screen(screen)
        self.window.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Tiflux Chats — %1").replace(
                "%1", session.me.user.name
            )
        )
        loading = screen_tasks.spawn(screen.load(), key="load")
        try:
            await loading
        except asyncio.CancelledError:
            if loading.cancelled() and self.screen is not screen:
                return None
            raise
        return screen

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

    async def sign_out(self, *, clear_cache: bool = False, server_url: str | None = None) -> None:
        """Sign out (the token is forgotten; the cache too on request) and ask for a sign-in,
        at ``server_url`` when the attendant changed the service's address."""
        session = self.session
        if session is None:
            return
        self.tasks.cancel(REBUILD)
        if self.screen is not None:
            await self.screen.before_close()
        self.session = None
        self._drop_screen()
        await session.sign_out(clear_cache=clear_cache)
        self.ask_sign_in()
        if server_url is not None:
            self.sign_in_dialog.address.setText(server_url)

    async def _close_session(self) -> None:
        self.tasks.cancel(REBUILD)  # a screen being rebuilt for a new language: not any more
        if self.screen is not None:
            await self.screen.before_close()
        session, self.session = self.session, None
        self._drop_screen()
        if session is not None:
            await session.close()

    def _drop_screen(self) -> None:
        self.notifier.watch(None)
        self.tray.set_online(None)
        if self.screen is not None:
            self.screen.stop()  # its coroutines end now, not when Qt deletes it
            self.window.drop_screen()
            self.screen.deleteLater()
            self.screen = None
        if self.signals is not None:
            self.signals.deleteLater()
            self.signals = None

    async def _shutdown(self) -> None:
        self.window.save_geometry()
        await self._close_session()
        await self.tasks.drain()
        self.tray.hide()

    # --- the desktop: tray, notifications, settings -------------------------------------

    def _close_requested(self) -> None:
        if not self.tray.available:
            self.window.ask_quit()
            return
        self.window.hide()
        if not self._told_about_tray:  # once a run: where did the window go?
            self._told_about_tray = True
            self.tray.show_message(
                QCoreApplication.translate("MainWindow", "Tiflux Chats is still running"),
                QCoreApplication.translate(
                    "MainWindow",
                    "New chats and messages will be announced here. Click the icon to open "
                    "the window; Quit is in its menu.",
                ),
            )

    def _show_chat(self, chat_id: int, tab: Tab) -> None:
        self.window.bring_forward()
        if self.screen is not None:
            self.screen.show_chat(chat_id, tab)

    def _banner(self, title: str, body: str, chat_id: int, tab: Tab) -> None:
        if self.screen is not None:
            self.screen.banner.show_notice(title, body, chat_id, tab)

    async def _retranslate(self, language: str) -> None:
        """The new language at once: the menus and the tray are relabelled and the screen is
        built again (the open chat, drafts and lists are kept: they live in the cache)."""
        self.translations.use(choose_language(language))
        self.window.retranslate()
        self.tray.retranslate()
        session, screen = self.session, self.screen
        if session is None:
            return
        open_id, tab = None, Tab.INBOX
        if screen is not None:
            open_id = screen.open_entry.id if screen.open_entry is not None else None
            tab = screen.conversations.current_tab()
            await screen.before_close()
            self._drop_screen()
        self.notifier.watch(session.attention)
        self.tray.set_online(session.me.user.online)
        screen = await self._show_session(session)
        if screen is None:
            return
        screen.conversations.set_tab(tab)
        if open_id is not None:
            screen.open_chat(open_id)

    def _autostart(self, enabled: bool) -> None:
        try:
            Autostart(app_command()).set(enabled)
        except AutostartError as exc:
            log.warning("start with the system: %s", exc)
            self.settings.start_with_system = not enabled  # as it really is
            self.env.settings.save(self.settings)
            if self.screen is not None:
                self.screen.notice.show_message(
                    QCoreApplication.translate(
                        "MainWindow", "Tiflux Chats could not be set to start with the system: %1"
                    ).replace("%1", str(exc))
                )

    def _set_online(self, online: bool) -> None:
        if self.screen is not None:
            self.screen.set_online(online)

    def _set_muted(self, muted: bool) -> None:
        self.apply_settings(self.settings.model_copy(update={"muted": muted}))

    def open_settings(self) -> None:
        shown = self.env.settings.load()
        try:  # what is really there: the entry may have been removed by hand
            shown.start_with_system = Autostart(app_command()).enabled()
        except AutostartError as exc:
            log.warning("start with the system: %s", exc)
        dialog = SettingsDialog(
            shown,
            play_sound=self.sound.play,
            log_folder=self.log_file.parent,
            parent=self.window,
        )
        dialog.saved.connect(self.apply_settings)
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, new: Settings) -> None:
        """Save the preferences and apply them at once: theme, language, sound, re-alert,
        start with the system; a new service address signs out to sign in there."""
        old = self.settings
        stored = self.env.settings.load()  # the session's own fields come from the file
        update = {name: getattr(new, name) for name in PREFERENCES}
        self.settings = stored.model_copy(update=update)
        self.env.settings.save(self.settings)
        self.tray.set_muted(self.settings.muted)
        if new.theme != old.theme:
            self.theme.set_preference(new.theme)
            self.theme.apply(self.qt)
        if self.session is not None:
            minutes = self.settings.realert_minutes
            self.session.attention.realert = timedelta(minutes=minutes) if minutes else None
        if new.start_with_system != old.start_with_system:
            self._autostart(new.start_with_system)
        if new.language != old.language:
            # Latest wins: a second change while the screen is rebuilt starts over.
            self.tasks.spawn(self._retranslate(new.language), key=REBUILD)
        if new.server_url and new.server_url != (stored.server_url or new.server_url):
            self.tasks.spawn(self.sign_out(server_url=new.server_url))

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
    # The installed .desktop entry: Wayland and the taskbars match the window to its icon.
    QGuiApplication.setDesktopFileName("tiflux-chats")
    qt.setWindowIcon(icon("app"))
    qt.setQuitOnLastWindowClosed(False)  # the app quits after closing its session
    return qt


def run(
    env: Environment | None = None,
    *,
    auto_sign_in: AutoSignIn | None = None,
    argv: Sequence[str] | None = None,
    log_file: Path | None = None,
) -> int:
    """Run the desktop app until its window closes; returns the exit code."""
    qt = create_qt(argv if argv is not None else sys.argv)
    environment = env or Environment()

    async def main() -> int:
        app = DesktopApp(qt, environment, auto_sign_in=auto_sign_in, log_file=log_file)
        # An unhandled error is logged and shown, and the app keeps running.
        crashes = CrashReporter(app.log_file, lambda: app.window)
        crashes.install(asyncio.get_running_loop())
        try:
            return await app.run()
        finally:
            crashes.uninstall()

    with asyncio.Runner(loop_factory=lambda: event_loop(qt)) as runner:
        return runner.run(main())
