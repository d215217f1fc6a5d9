"""Why the composer cannot send to the customer right now, and the way out (Assume, or an
approved WhatsApp template), shown above the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ComposerNotice(QFrame):
    action_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerNotice")
        self.label = QLabel()
        self.label.setObjectName("composerNoticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("composerNoticeAction")
        self.button.clicked.connect(self.action_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def show_notice(
        self, text: str, action: str | None = None, action_icon: QIcon | None = None
    ) -> None:
        self.label.setText(text)
        self.button.setVisible(action is not None)
        self.button.setText(action or "")
        self.button.setIcon(action_icon or QIcon())
        self.setVisible(True)

    def clear(self) -> None:
        self.setVisible(False)
        self.button.setVisible(False)
