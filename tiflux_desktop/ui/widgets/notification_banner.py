"""The in-app notification, where the desktop shows none: a bar across the top of the screen
with what arrived and a button that opens the chat. It stays until it is opened or closed,
or replaced by the next one (a missed notice is worse than one left on screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..theme import Theme


class NotificationBanner(QWidget):
    open_requested = Signal(int, object)  # (chat id, Tab)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._target: tuple[int, object] | None = None
        self.setObjectName("notificationBanner")
        # A plain QWidget paints a style sheet's background only when told to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName(self.tr("Notification"))
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.PlainText)  # the customer's words are text
        self.body.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open chat"))
        self.open_button.clicked.connect(self._open)
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName(self.tr("Close the notification"))
        close.clicked.connect(self.hide)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.body)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addLayout(words, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        theme.changed.connect(self._paint)
        self._paint()
        self.hide()

    def show_notice(self, title: str, body: str, chat_id: int, tab: object) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self._target = (chat_id, tab)
        self.show()

    def _open(self) -> None:
        self.hide()
        if self._target is not None:
            self.open_requested.emit(*self._target)

    def _paint(self, *_: object) -> None:
        colors = self._theme.colors
        self.setStyleSheet(
            f"#notificationBanner {{ background: {colors.accent.name()}; }}"
            f"#notificationBanner QLabel {{ color: {colors.accent_text.name()}; }}"
            f"#notificationBanner QToolButton {{ color: {colors.accent_text.name()};"
            " background: transparent; border: none; font-size: 16px; padding: 0 6px; }"
        )
