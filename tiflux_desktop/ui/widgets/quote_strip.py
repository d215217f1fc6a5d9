"""The message being replied to, above the editor, with a button to stop replying to it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..icons import icon

PREVIEW_CHARS = 160


class QuoteStrip(QFrame):
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quoteStrip")
        self._mark = QLabel()
        self._mark.setPixmap(icon("compose-quote").pixmap(16, 16))
        self._author = QLabel()
        self._author.setObjectName("quoteAuthor")
        self._author.setTextFormat(Qt.TextFormat.PlainText)
        font = self._author.font()
        font.setBold(True)
        self._author.setFont(font)
        self._text = QLabel()
        self._text.setObjectName("quoteText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)  # the customer's words, never HTML
        self._text.setWordWrap(False)
        self.remove = QToolButton()
        self.remove.setIcon(icon("compose-remove"))
        self.remove.setIconSize(QSize(14, 14))
        self.remove.setAutoRaise(True)
        self.remove.setAccessibleName(self.tr("Stop replying to this message"))
        self.remove.setToolTip(self.tr("Stop replying to this message (Esc)"))
        self.remove.clicked.connect(self.dismissed)

        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self._author)
        words.addWidget(self._text)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self._mark, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        row.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    @property
    def text(self) -> str:
        return self._text.text()

    def show_quote(self, author: str | None, text: str | None) -> None:
        """``author`` None: the message is not in the cache (a draft from another day)."""
        if author:
            self._author.setText(self.tr("Replying to %1").replace("%1", author))
        else:
            self._author.setText(self.tr("Replying to a message"))
        flat = " ".join((text or "").split())
        if len(flat) > PREVIEW_CHARS:
            flat = flat[: PREVIEW_CHARS - 1] + "…"
        self._text.setText(flat)
        self._text.setVisible(bool(flat))
        self.setVisible(True)
