"""The files waiting to go with the next message, each with its size and a button to take it
off again. Dumb widget: it shows the items it is given and asks for removals.

The chips flow onto more rows when they do not fit (at most a message's ten files), so every
file stays visible without a scroll bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ..icons import icon

NAME_WIDTH = 180


@dataclass(frozen=True, slots=True)
class TrayItem:
    name: str  # the file name the customer will see
    detail: str  # its size, already in words


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next row (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- Qt overrides -----------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and row_height > 0:
                x = rect.x()
                y += row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y()


class _Chip(QFrame):
    def __init__(self, item: TrayItem, index: int, tray: AttachmentTray) -> None:
        super().__init__(tray)
        self.setObjectName("attachmentChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        kind = QLabel()
        kind.setPixmap(icon("compose-file").pixmap(16, 16))
        name = QLabel()
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setText(
            QFontMetrics(name.font()).elidedText(
                item.name, Qt.TextElideMode.ElideMiddle, NAME_WIDTH
            )
        )
        name.setToolTip(item.name)
        detail = QLabel(item.detail)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setObjectName("attachmentSize")
        remove = QToolButton()
        remove.setObjectName("removeAttachment")
        remove.setIcon(icon("compose-remove"))
        remove.setIconSize(QSize(14, 14))
        remove.setAutoRaise(True)
        label = QCoreApplication.translate("AttachmentTray", "Remove %1").replace("%1", item.name)
        remove.setAccessibleName(label)
        remove.setToolTip(label)
        remove.clicked.connect(lambda: tray.remove_requested.emit(index))
        self.remove_button = remove
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        row.setSpacing(4)
        row.addWidget(kind)
        row.addWidget(name)
        row.addWidget(detail)
        row.addWidget(remove)


class AttachmentTray(QWidget):
    remove_requested = Signal(int)  # index in the items last given

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._flow = FlowLayout(self)
        self._chips: list[_Chip] = []
        self.setAccessibleName(self.tr("Attached files"))
        self.set_items(())

    @property
    def chips(self) -> list[_Chip]:
        return list(self._chips)

    def set_items(self, items: Sequence[TrayItem]) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = [_Chip(item, i, self) for i, item in enumerate(items)]
        for chip in self._chips:
            self._flow.addWidget(chip)
            chip.show()  # now, not on the next turn of the event loop
        self.setVisible(bool(items))
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the rows the chips need at this width. Fixed rather than
        height-for-width: the panes above do not pass height-for-width on."""
        height = self._flow.heightForWidth(max(1, self.width()))
        if height != self.height():
            self.setFixedHeight(height)

    # --- Qt overrides -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()
