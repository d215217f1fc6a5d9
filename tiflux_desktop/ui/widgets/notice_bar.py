"""A bar at the top of the screen for what the attendant must know but need not confirm:
an action refused, a chat that left their sight, a queued message that failed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ..theme import Theme


class NoticeBar(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setObjectName("noticeBar")
        # A plain QWidget paints a style sheet's background only when told to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName(self.tr("Close the notice"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, *, error: bool = True, seconds: int = 12) -> None:
        colors = self._theme.colors
        self.setStyleSheet(
            f"#noticeBar {{ background: {(colors.danger if error else colors.accent).name()}; }}"
            "#noticeBar QLabel { color: white; }"
            "#noticeBar QToolButton { color: white; background: transparent; border: none;"
            " font-size: 16px; padding: 0 6px; }"
        )
        self.label.setText(text)
        self.show()
        self._timer.start(seconds * 1000)
