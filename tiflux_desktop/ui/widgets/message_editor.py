"""The text box where the attendant writes: multi-line, Enter sends and Shift+Enter breaks
the line, plain text only, and files or images pasted or dropped become attachments.

Dumb widget: it only says what was asked (send, open the Modelos de respostas, these files,
this image); the composer pane decides what happens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a clipboard or drag carries (web links are not files)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class MessageEditor(QPlainTextEdit):
    send_requested = Signal()
    templates_requested = Signal()  # "/" typed at the start of an empty editor
    files_added = Signal(object)  # list[Path]: pasted or dropped
    image_pasted = Signal(QImage)
    escape_pressed = Signal()

    MIN_LINES = 2
    MAX_LINES = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageEditor")
        self.setTabChangesFocus(True)  # Tab moves on to the buttons, as in any form
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        """Grow with the text from MIN_LINES up to MAX_LINES, then scroll."""
        wanted = round(self.document().size().height())
        lines = max(self.MIN_LINES, min(self.MAX_LINES, wanted))
        # A scroll bar only once the text is taller than the editor may grow.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wanted > self.MAX_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        margins = self.contentsMargins()
        document_margin = self.document().documentMargin()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + round(2 * document_margin)
            + margins.top()
            + margins.bottom()
            + 2  # the cursor's line is drawn a pixel beyond the line spacing
        )
        if height != self.height():
            self.setFixedHeight(height)

    # --- Qt overrides -----------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        modifiers = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if e.key() in _ENTER_KEYS:
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                if not self.isReadOnly():
                    # A real new paragraph ("\n"), not the U+2028 Qt inserts for Shift+Enter.
                    self.textCursor().insertText("\n")
                    self.ensureCursorVisible()
                e.accept()
                return
            if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier):
                e.accept()
                self.send_requested.emit()
                return
        if (
            e.text() == "/"
            and not self.isReadOnly()
            and not self.document().toPlainText()
            and not modifiers
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            e.accept()
            self.templates_requested.emit()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        super().keyPressEvent(e)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(local_files(source)) or source.hasImage() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files and images become attachments; anything else arrives as plain text (a
        QPlainTextEdit never takes rich text, so formatting from a web page is dropped)."""
        files = local_files(source)
        if files:
            self.files_added.emit(files)
            return
        if source.hasImage():
            image = QImage(source.imageData())
            if not image.isNull():
                self.image_pasted.emit(image)
                return
        if source.hasText() and not self.isReadOnly():
            self.textCursor().insertText(source.text())
            self.ensureCursorVisible()

    # Files dropped on the editor are attachments, not a path typed at the drop position.
    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if local_files(e.mimeData()):
            e.acceptProposedAction()
            return
        super().dragEnterEvent(e)

    def dragMoveEvent(self, e: QDragMoveEvent) -> None:
        if local_files(e.mimeData()):
            e.acceptProposedAction()
            return
        super().dragMoveEvent(e)

    def dropEvent(self, e: QDropEvent) -> None:
        files = local_files(e.mimeData())
        if files:
            e.acceptProposedAction()
            self.files_added.emit(files)
            return
        super().dropEvent(e)
