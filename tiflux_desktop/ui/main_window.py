"""The main window: the Chats screen, a small menu, and its place on the desktop (kept in
QSettings between starts).

Closing the window is a request: the app decides whether it goes to the tray or quits
(`close_requested`); Quit in the menu always quits."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QLabel, QMainWindow, QMessageBox, QWidget

from tiflux_desktop import __version__

from .chats_screen import ChatsScreen
from .icons import icon


class MainWindow(QMainWindow):
    sign_out_requested = Signal(bool)  # clear the local cache too
    settings_requested = Signal()
    close_requested = Signal()  # the window's close button: to the tray, or quit
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tiflux Chats"))
        self.setWindowIcon(icon("app"))
        self.screen_: ChatsScreen | None = None
        self._placeholder = QLabel(self.tr("Opening…"))
        self.setCentralWidget(self._placeholder)
        self._build_menu()
        self.resize(1280, 800)
        self._restore()

    def _build_menu(self) -> None:
        app_menu = self.menuBar().addMenu(self.tr("Tiflu&x Chats"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.settings_requested)
        app_menu.addAction(self.settings_action)
        self.sign_out_action = QAction(self.tr("Sign &out…"), self)
        self.sign_out_action.triggered.connect(self.ask_sign_out)
        app_menu.addAction(self.sign_out_action)
        app_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit_requested)
        app_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.triggered.connect(
            lambda: self.screen_ is not None and self.screen_.show_shortcuts()
        )
        help_menu.addAction(self.shortcuts_action)
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def retranslate(self) -> None:
        """The language changed: the menus again, in it."""
        self.menuBar().clear()
        self._build_menu()
        if self.screen_ is None:
            self.setWindowTitle(self.tr("Tiflux Chats"))

    def show_screen(self, screen: ChatsScreen) -> None:
        self.screen_ = screen
        self.setCentralWidget(screen)

    def drop_screen(self) -> None:
        """Signed out: an empty window with the app's name until the next sign-in."""
        self.screen_ = None
        self.takeCentralWidget()  # the app deletes the screen; setCentralWidget would too
        self.setCentralWidget(QLabel())
        self.setWindowTitle(self.tr("Tiflux Chats"))

    def ask_sign_out(self) -> QMessageBox:
        """Sign out, after a question that also offers to clear this computer's cache."""
        box = self._question(
            self.tr("Sign out"),
            self.tr("Sign out of Tiflux Chats? Messages not sent yet stay queued here."),
            yes=self.tr("Sign out"),
            no=self.tr("Cancel"),
        )
        clear = QCheckBox(
            self.tr("Also delete the chats kept on this computer (and unsent messages)")
        )
        box.setCheckBox(clear)
        box.accepted.connect(lambda: self.sign_out_requested.emit(clear.isChecked()))
        box.open()
        return box

    def ask_quit(self) -> QMessageBox:
        """Closing the window where there is no tray ends the app: asked first, so no one
        loses the window (and the chats it announces) by a stray click."""
        box = self._question(
            self.tr("Quit Tiflux Chats"),
            self.tr(
                "Quit Tiflux Chats? You will not be told of new chats and messages until you "
                "open it again."
            ),
            yes=self.tr("Quit"),
            no=self.tr("Keep open"),
        )
        box.accepted.connect(self.quit_requested)
        box.open()
        return box

    def _question(self, title: str, text: str, *, yes: str, no: str) -> QMessageBox:
        """A yes/no question whose safe answer (no) is the default."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
        box.button(QMessageBox.StandardButton.No).setText(no)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return box

    def bring_forward(self) -> None:
        """From the tray or a notification: shown, restored and in front."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def save_geometry(self) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())

    def _about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Tiflux Chats"),
            self.tr("Tiflux Chats desktop %1").replace("%1", __version__),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()

    def _restore(self) -> None:
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # --- Qt overrides -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        event.ignore()  # the app hides the window or quits
        self.close_requested.emit()
