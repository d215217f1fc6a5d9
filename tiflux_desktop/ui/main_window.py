"""The main window: the Chats screen, a small menu, and its place on the desktop (kept in
QSettings between starts)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from tiflux_desktop import __version__

from .chats_screen import ChatsScreen
from .icons import icon


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    closing = Signal()

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
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        app_menu.addAction(self.sign_out_action)
        app_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        app_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.triggered.connect(
            lambda: self.screen_ is not None and self.screen_.show_shortcuts()
        )
        help_menu.addAction(self.shortcuts_action)
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def show_screen(self, screen: ChatsScreen) -> None:
        self.screen_ = screen
        self.setCentralWidget(screen)

    def drop_screen(self) -> None:
        """Signed out: an empty window with the app's name until the next sign-in."""
        self.screen_ = None
        self.takeCentralWidget()  # the app deletes the screen; setCentralWidget would too
        self.setCentralWidget(QLabel())
        self.setWindowTitle(self.tr("Tiflux Chats"))

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
        QSettings().setValue("window/geometry", self.saveGeometry())
        self.closing.emit()
        super().closeEvent(event)
