"""The list the open chat's bubbles scroll in.

It keeps to the bottom while the attendant is there (new messages, a thumbnail arriving),
keeps the message being read still when an older page goes in on top, asks for older pages
near the top, and offers every bubble's actions in a context menu (also from the keyboard:
the Menu key or Shift+F10; Ctrl+C copies the message). It only emits intents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from tiflux_desktop.domain import Message
from tiflux_desktop.store import OutboxItem

from ..delegates.message_actions import MessageAction, available
from ..icons import icon
from ..models.message_list import MessageRole

NEAR_TOP = 300  # pixels from the top where the next older page is asked for
AT_BOTTOM = 8

translate = QCoreApplication.translate


def action_label(action: MessageAction) -> str:
    return {
        MessageAction.COPY: translate("MessageView", "&Copy text"),
        MessageAction.REPLY: translate("MessageView", "&Reply (quote)"),
        MessageAction.RETRY: translate("MessageView", "Re&try"),
        MessageAction.DISCARD: translate("MessageView", "D&iscard"),
        MessageAction.DOWNLOAD: translate("MessageView", "&Download"),
        MessageAction.OPEN: translate("MessageView", "&Open attachment"),
        MessageAction.SHOW_QUOTED: translate("MessageView", "&Show quoted message"),
    }[action]


class MessageView(QListView):
    action_requested = Signal(object, object)  # (MessageAction, row key)
    older_wanted = Signal()  # the top of what is loaded is in sight

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)  # the hand cursor over painted buttons
        self.setFrameShape(QListView.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(24)
        self.setAccessibleName(self.tr("Messages"))
        self._stick = True  # follow the newest message
        self._holding = False  # an older page going in: the position is ours to set
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._value_changed)

        self._latest = QToolButton(self)
        self._latest.setIcon(icon("msg-latest"))
        self._latest.setAutoRaise(False)
        self._latest.setToolTip(self.tr("Jump to the latest message"))
        self._latest.setAccessibleName(self.tr("Jump to the latest message"))
        self._latest.clicked.connect(self.scroll_to_latest)
        self._latest.hide()

        self._loading = QLabel(self.tr("Loading older messages…"), self)
        self._loading.setTextFormat(Qt.TextFormat.PlainText)
        self._loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._loading.setAutoFillBackground(True)
        self._loading.setMargin(4)
        self._loading.hide()

    # --- our API ------------------------------------------------------------------------

    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - AT_BOTTOM

    def scroll_to_latest(self) -> None:
        self._stick = True
        self.executeDelayedItemsLayout()  # a layout still pending (none: nothing is done)
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        self._latest.hide()

    def keep_position(self, change: Callable[[], object]) -> None:
        """Run ``change`` (rows going in above) without moving what is on screen."""
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        self._holding = True
        try:
            change()
            self.executeDelayedItemsLayout()
            bar.setValue(bar.maximum() - from_bottom)
        finally:
            self._holding = False

    def scroll_to_key(self, key: object) -> bool:
        model = self.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(MessageRole.KEY) == key:
                self.setCurrentIndex(index)
                self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                return True
        return False

    def set_loading_older(self, loading: bool) -> None:
        self._loading.setVisible(loading)
        self._place_overlays()

    def actions_for(self, index: QModelIndex) -> Sequence[MessageAction]:
        item: Message | OutboxItem | None = index.data(MessageRole.ITEM)
        return available(item) if item is not None else ()

    def check_near_top(self) -> None:
        """Ask for older messages when the top is in sight (also when all fits)."""
        model = self.model()
        if self._holding or model is None or not model.rowCount():
            return
        if self.verticalScrollBar().value() <= NEAR_TOP:
            self.older_wanted.emit()

    # --- Qt overrides -------------------------------------------------------------------

    def reset(self) -> None:
        model = self.model()
        if (model is None or not model.rowCount()) and self.verticalScrollBar().isVisible():
            # Emptied while a chat is switched: the scroll bar keeps its room, so the next
            # chat's rows are laid out once, at the width they are painted at (not once
            # without the bar and again when it shows).
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        super().reset()

    def doItemsLayout(self) -> None:
        super().doItemsLayout()
        model = self.model()
        if (
            model is not None
            and model.rowCount()
            and self.verticalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        ):
            # The rows are in and laid out: the bar goes if they all fit after all.
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        super().dataChanged(topLeft, bottomRight, roles)
        # A progress figure does not change a row's size; anything else may (a failure
        # reason, a thumbnail): the rows are laid out again.
        if roles and set(roles) <= {MessageRole.TRANSFER, MessageRole.LOCAL_FILE}:
            return
        self.scheduleDelayedItemsLayout()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            index = self.currentIndex()
            pos = self.visualRect(index).center() if index.isValid() else QPoint(10, 10)
        else:
            pos = event.pos()
            index = self.indexAt(pos)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        menu = self.menu_for(index)
        if menu.isEmpty():
            return
        menu.popup(self.viewport().mapToGlobal(pos))

    def menu_for(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        key = index.data(MessageRole.KEY)
        for action in self.actions_for(index):
            entry = menu.addAction(action_label(action))
            if action is MessageAction.COPY:
                entry.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
            entry.triggered.connect(
                lambda _=False, a=action, k=key: self.action_requested.emit(a, k)
            )
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Copy) and index.isValid():
            if MessageAction.COPY in self.actions_for(index):
                self.action_requested.emit(MessageAction.COPY, index.data(MessageRole.KEY))
            return
        if (
            event.key() == Qt.Key.Key_F10
            and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
            and index.isValid()
        ):
            menu = self.menu_for(index)
            if not menu.isEmpty():
                menu.popup(self.viewport().mapToGlobal(self.visualRect(index).center()))
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            # Enter does the bubble's main thing: open its attachment, or retry.
            actions = self.actions_for(index)
            for action in (MessageAction.RETRY, MessageAction.OPEN):
                if action in actions:
                    self.action_requested.emit(action, index.data(MessageRole.KEY))
                    return
        super().keyPressEvent(event)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        # Item views pass only clicks to a delegate; moves too, so the hand cursor shows
        # over the painted buttons.
        index = self.indexAt(e.position().toPoint())
        delegate = self.itemDelegateForIndex(index) if index.isValid() else None
        if delegate is not None:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)  # type: ignore[attr-defined]
            delegate.editorEvent(e, self.model(), option, index)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(e)

    def resizeEvent(self, e: QResizeEvent) -> None:
        stick = self._stick
        super().resizeEvent(e)
        self._place_overlays()
        model = self.model()
        if e.oldSize().width() != e.size().width() and model is not None and model.rowCount():
            # The bubbles wrap anew at another width, and QListView lays its rows out again
            # only when the height changes. Scheduled, not done here: opening a chat resizes
            # the view (its header and details change) while the new rows are about to go
            # in, and the rows are then laid out once, at the new width.
            self.scheduleDelayedItemsLayout()
        if stick:
            # At the bottom now; _range_changed keeps it there once the layout is done.
            self._stick = True
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())
            self._latest.hide()

    # --- internals ----------------------------------------------------------------------

    def _place_overlays(self) -> None:
        size = self._latest.sizeHint()
        vp = self.viewport().geometry()
        self._latest.move(vp.right() - size.width() - 16, vp.bottom() - size.height() - 12)
        hint = self._loading.sizeHint()
        self._loading.setGeometry(
            vp.left() + (vp.width() - hint.width()) // 2, vp.top() + 6, hint.width(), hint.height()
        )

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._holding:
            return
        if self._stick:
            self.verticalScrollBar().setValue(maximum)
        self.check_near_top()

    def _value_changed(self, _value: int) -> None:
        if self._holding:
            return
        self._stick = self.at_bottom()
        self._latest.setVisible(not self._stick)
        if not self._stick:
            self._place_overlays()
            self._latest.raise_()
        self.check_near_top()
