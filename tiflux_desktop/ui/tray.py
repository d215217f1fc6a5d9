"""The system tray icon: how many chats wait in Entrada at a glance, and a menu to show the
window, go Online or Offline, mute the sound and quit.

Qt's QSystemTrayIcon speaks StatusNotifierItem on Linux desktops that have it and the XEmbed
tray protocol elsewhere; `available` says whether any tray host is there. Where none is, the
app keeps its window (closing it asks before quitting) and the notifications fall back to an
in-app banner.
"""

from __future__ import annotations

import sys
import unicodedata

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from .icons import icon

ICON_SIZES = (16, 22, 24, 32, 48, 64)


def as_notification_text(text: str, platform: str = sys.platform) -> str:
    """Words (a customer's name, the start of their message) as they can safely go to the
    desktop's notification service.

    On Linux Qt hands them to org.freedesktop.Notifications as they are, and most servers
    read the body as markup (bold, links, images fetched from anywhere): there "<" and ">"
    become the look-alike angle quotes, so no tag can be formed. Everywhere, invisible
    formatting (an RTL override, zero-width characters) goes, so a name cannot turn the rest
    of the line around.
    """
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    if platform in ("win32", "darwin"):
        return kept
    return kept.replace("<", "\u2039").replace(">", "\u203a")


def badge_text(count: int) -> str:
    return str(count) if count < 100 else "99+"


def tray_pixmap(base: QIcon, size: int, count: int, *, offline: bool = False) -> QPixmap:
    """The app icon at ``size``, greyed out while Offline, with a red badge counting the chats
    waiting in Entrada."""
    pixmap = base.pixmap(size, size, QIcon.Mode.Disabled if offline else QIcon.Mode.Normal)
    if count <= 0:
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = max(9.0, size * 0.62)
    rect = QRectF(size - side, 0, side, side)
    text = badge_text(count)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d93025"))
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    scale = {1: 0.62, 2: 0.5}.get(len(text), 0.38)  # "99+" must fit the circle too
    font.setPixelSize(max(6, int(side * scale)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


class Tray(QObject):
    show_requested = Signal()
    online_toggled = Signal(bool)
    mute_toggled = Signal(bool)
    quit_requested = Signal()
    message_clicked = Signal()  # the last notification shown was clicked

    def __init__(self, parent: QObject | None = None, *, available: bool | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self._base = icon("app")
        self.waiting = 0
        self._offline = True
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.show_action = QAction(self)
        self.show_action.triggered.connect(self.show_requested)
        self.online_action = QAction(self)
        self.online_action.setCheckable(True)
        self.online_action.setEnabled(False)  # until signed in
        self.online_action.toggled.connect(self._online_toggled)
        self.mute_action = QAction(self)
        self.mute_action.setCheckable(True)
        self.mute_action.toggled.connect(self.mute_toggled)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.show_action)
        self.menu.addSeparator()
        self.menu.addAction(self.online_action)
        self.menu.addAction(self.mute_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.message_clicked)
        self.retranslate()
        if self.available:
            self.icon.show()

    def retranslate(self) -> None:
        self.show_action.setText(self.tr("Show Tiflux Chats"))
        self.online_action.setText(self.tr("Online"))
        self.mute_action.setText(self.tr("Mute sounds"))
        self.quit_action.setText(self.tr("Quit"))
        self._repaint()

    @property
    def supports_messages(self) -> bool:
        return self.available and QSystemTrayIcon.supportsMessages()

    def set_waiting(self, count: int) -> None:
        if count != self.waiting:
            self.waiting = count
            self._repaint()

    def set_online(self, online: bool | None) -> None:
        """The attendant's status; None when signed out (the switch is then disabled)."""
        self.online_action.setEnabled(online is not None)
        self.online_action.blockSignals(True)
        self.online_action.setChecked(bool(online))
        self.online_action.blockSignals(False)
        offline = not online
        if offline != self._offline:
            self._offline = offline
            self._repaint()

    def set_muted(self, muted: bool) -> None:
        self.mute_action.blockSignals(True)
        self.mute_action.setChecked(muted)
        self.mute_action.blockSignals(False)

    def show_message(self, title: str, body: str) -> bool:
        """A desktop notification through the tray; False when this desktop shows none."""
        if not self.supports_messages:
            return False
        self.icon.showMessage(
            as_notification_text(title), as_notification_text(body), self._base, 10_000
        )
        return True

    def tooltip(self) -> str:
        return self.icon.toolTip()

    def hide(self) -> None:
        self.icon.hide()

    # --- internals ----------------------------------------------------------------------

    def _repaint(self) -> None:
        themed = QIcon()
        for size in ICON_SIZES:
            themed.addPixmap(tray_pixmap(self._base, size, self.waiting, offline=self._offline))
        self.icon.setIcon(themed)
        if self.waiting:
            tip = self.tr("Tiflux Chats — %n chat(s) waiting in Entrada", "", self.waiting)
        else:
            tip = self.tr("Tiflux Chats — no chat waiting")
        if self._offline and self.online_action.isEnabled():
            tip += "\n" + self.tr("You are Offline")
        self.icon.setToolTip(tip)

    def _online_toggled(self, checked: bool) -> None:
        self.online_toggled.emit(checked)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()
