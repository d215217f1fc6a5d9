"""The list of one tab's chats: shows a ChatTabProxy and says which chat the attendant
points at (the pane holds it in place), opens, or asks a context menu for."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from tiflux_desktop.ui.models.chat_list import ChatRole
from tiflux_desktop.ui.models.chat_tab import ChatTabProxy


class ConversationList(QAbstractItemView):
    """A list view of uniform rows that only ever touches the rows on screen.

    Why not QListView: it lays out every row again on each insert, move or layout change
    and asks the model for an index per row while doing so (two to three Python calls per
    row here: 0.6 s at 66k rows, 60 ms at 6k, on every live event). Rows here all have the
    delegate's height, so geometry is arithmetic and a change costs the visible rows.
    """

    chat_activated = Signal(int)  # clicked, or Enter on the current row
    hovered_changed = Signal(object)  # chat id under the pointer, or None
    context_requested = Signal(int, QPoint)  # chat id, global position for a menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QAbstractItemView.Shape.NoFrame)
        self.setAccessibleName(self.tr("Chats"))
        self._hovered: int | None = None
        self._row_height = 0
        self._empty_text = ""
        self._watched: list[tuple[Any, Any]] = []
        self.clicked.connect(self._clicked)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._track_pointer())

    # --- our API ------------------------------------------------------------------------

    def proxy(self) -> ChatTabProxy | None:
        model = self.model()
        return model if isinstance(model, ChatTabProxy) else None

    def set_proxy(self, proxy: ChatTabProxy) -> None:
        for signal, slot in self._watched:
            signal.disconnect(slot)
        self.setModel(proxy)
        self._watched = [
            (proxy.layoutChanged, self._changed),
            (proxy.rowsInserted, self._changed),
            (proxy.rowsRemoved, self._changed),
            (proxy.rowsMoved, self._changed),
            (proxy.modelReset, self._changed),
        ]
        for signal, slot in self._watched:
            signal.connect(slot)

    def set_empty_text(self, text: str) -> None:
        """What the list says when it has no rows (no chats, or none match the search)."""
        self._empty_text = text
        self.viewport().update()

    def row_height(self) -> int:
        if self._row_height <= 0:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            hint = self.itemDelegate().sizeHint(option, QModelIndex())
            self._row_height = max(1, hint.height())
        return self._row_height

    @property
    def hovered(self) -> int | None:
        return self._hovered

    def chat_at(self, index: QModelIndex) -> int | None:
        return index.data(ChatRole.CHAT_ID) if index.isValid() else None

    def current_chat(self) -> int | None:
        return self.chat_at(self.currentIndex())

    def show_open(self, chat_id: int | None) -> None:
        """Select the open chat (or nothing) without the attendant losing their place."""
        proxy = self.proxy()
        row = proxy.row_of(chat_id) if proxy is not None and chat_id is not None else None
        if row is None:
            self.selectionModel().clearSelection()
            return
        index = proxy.index(row, 0) if proxy is not None else QModelIndex()
        self.setCurrentIndex(index)

    # --- the pointer ----------------------------------------------------------------------

    def _track_pointer(self) -> None:
        inside = self.viewport().rect().contains(self.viewport().mapFromGlobal(QCursor.pos()))
        index = self.indexAt(self.viewport().mapFromGlobal(QCursor.pos())) if inside else None
        self._set_hovered(self.chat_at(index) if index is not None else None)

    def _set_hovered(self, chat_id: int | None) -> None:
        if chat_id != self._hovered:
            self._hovered = chat_id
            self.hovered_changed.emit(chat_id)
            self.viewport().update()

    def _clicked(self, index: QModelIndex) -> None:
        chat_id = self.chat_at(index)
        if chat_id is not None:
            self.chat_activated.emit(chat_id)

    def _changed(self, *_: Any) -> None:
        self.updateGeometries()
        self.viewport().update()

    def _rows(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0

    # --- Qt overrides: geometry ----------------------------------------------------------

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        if not index.isValid():
            return QRect()
        h = self.row_height()
        return QRect(0, index.row() * h - self.verticalOffset(), self.viewport().width(), h)

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        if model is None or point.y() < 0:
            return QModelIndex()
        row = (point.y() + self.verticalOffset()) // self.row_height()
        return model.index(row, 0) if 0 <= row < model.rowCount() else QModelIndex()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if not index.isValid():
            return
        h = self.row_height()
        top = index.row() * h
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        hints = QAbstractItemView.ScrollHint
        if hint == hints.PositionAtTop:
            bar.setValue(top)
        elif hint == hints.PositionAtBottom:
            bar.setValue(top + h - height)
        elif hint == hints.PositionAtCenter:
            bar.setValue(top + h // 2 - height // 2)
        elif top < bar.value():
            bar.setValue(top)
        elif top + h > bar.value() + height:
            bar.setValue(top + h - height)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return False

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        count = self._rows()
        if model is None or count == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() else -1
        page = max(1, self.viewport().height() // self.row_height())
        move = QAbstractItemView.CursorAction
        target = {
            move.MoveUp: row - 1,
            move.MovePrevious: row - 1,
            move.MoveDown: row + 1,
            move.MoveNext: row + 1,
            move.MovePageUp: row - page,
            move.MovePageDown: row + page,
            move.MoveHome: 0,
            move.MoveEnd: count - 1,
        }.get(cursorAction, row)
        if row < 0 and cursorAction in (move.MoveUp, move.MovePrevious):
            target = 0
        return model.index(max(0, min(count - 1, target)), 0)

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        index = self.indexAt(rect.topLeft())
        if index.isValid():
            self.selectionModel().select(index, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    def updateGeometries(self) -> None:
        h = self.row_height()
        height = self.viewport().height()
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, self._rows() * h - height))
        bar.setPageStep(height)
        bar.setSingleStep(max(1, h // 2))
        super().updateGeometries()

    # --- Qt overrides: painting and input -----------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        painter = QPainter(self.viewport())
        count = self._rows()
        if model is None or count == 0:
            if self._empty_text:
                painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(
                    self.viewport().rect().adjusted(16, 24, -16, 0),
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap,
                    self._empty_text,
                )
            return
        h = self.row_height()
        offset = self.verticalOffset()
        first = max(0, offset // h)
        last = min(count - 1, (offset + self.viewport().height()) // h)
        selection = self.selectionModel()
        current = self.currentIndex()
        hovered_row = -1
        proxy = self.proxy()
        if self._hovered is not None and proxy is not None:
            found = proxy.row_of(self._hovered)
            hovered_row = found if found is not None else -1
        delegate = self.itemDelegate()
        state = QStyle.StateFlag
        for row in range(first, last + 1):
            index = model.index(row, 0)
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)  # pyright: ignore[reportAttributeAccessIssue]
            flags = state.State_Enabled
            if selection is not None and selection.isSelected(index):
                flags |= state.State_Selected
            if row == hovered_row:
                flags |= state.State_MouseOver
            if index == current and self.hasFocus():
                flags |= state.State_HasFocus
            option.state = flags  # pyright: ignore[reportAttributeAccessIssue]
            delegate.paint(painter, option, index)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometries()

    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsInserted(parent, start, end)
        self._changed()

    def rowsAboutToBeRemoved(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsAboutToBeRemoved(parent, start, end)
        self.viewport().update()

    def doItemsLayout(self) -> None:
        self._row_height = 0  # the font or the delegate may have changed
        super().doItemsLayout()
        self._changed()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hovered(self.chat_at(self.indexAt(event.position().toPoint())))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: Any) -> None:
        self._set_hovered(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chat_id = self.current_chat()
            if chat_id is not None:
                self.chat_activated.emit(chat_id)
                event.accept()
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            at = self.visualRect(index).center()
        else:
            at = event.pos()
            index = self.indexAt(at)
        chat_id = self.chat_at(index)
        if chat_id is None:
            return
        self.setCurrentIndex(index)
        self.context_requested.emit(chat_id, self.viewport().mapToGlobal(at))
