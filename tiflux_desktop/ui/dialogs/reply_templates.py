"""Modelos de respostas: the organisation's canned replies, searchable, inserted into the
composer with their {{variables}} filled from the chat.

Keyboard first: the search field has the focus, the arrows move in the list from there,
Enter inserts the highlighted reply and Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import folded_contains
from tiflux_desktop.protocol import MessageTemplateOut
from tiflux_desktop.services import Composer

from ..tasks import Tasks
from ..wording import error_text

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


class ReplyTemplatesDialog(QDialog):
    chosen = Signal(str)  # the reply's text, filled from the chat

    def __init__(self, composer: Composer, chat_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._composer = composer
        # Its own task owner: closing the dialog cancels a load or fill still under way.
        self._tasks = Tasks(self, on_error=self._failed)
        self._chat_id = chat_id
        self.setObjectName("replyTemplatesDialog")
        self.setWindowTitle(self.tr("Reply templates"))
        self.resize(520, 440)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search reply templates"))
        self.search.setAccessibleName(self.tr("Search reply templates"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Reply templates"))
        self.list.currentItemChanged.connect(self._preview_current)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setMaximumHeight(110)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.insert_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.insert_button.setText(self.tr("&Insert"))
        self.insert_button.setEnabled(False)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.status.setText(self.tr("Loading…"))
        self._tasks.spawn(self._load(), key="load")

    async def _load(self) -> None:
        templates = await self._composer.replies()
        self.set_templates(templates)

    def set_templates(self, templates: list[MessageTemplateOut]) -> None:
        self.list.clear()
        for template in sorted(templates, key=lambda t: t.title.casefold()):
            item = QListWidgetItem(template.title)
            item.setData(TEMPLATE_ROLE, template)
            item.setToolTip(template.content)
            self.list.addItem(item)
        self.status.setText(
            "" if templates else self.tr("Your organisation has no reply templates yet.")
        )
        self._filter(self.search.text())

    def _filter(self, query: str) -> None:
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            template: MessageTemplateOut = item.data(TEMPLATE_ROLE)
            shown = not query.strip() or folded_contains(
                f"{template.title}\n{template.content}", query
            )
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            if first is None:
                self.list.setCurrentRow(-1)
            else:
                self.list.setCurrentItem(first)
        self._preview_current()

    def _preview_current(self, *_: object) -> None:
        item = self.list.currentItem()
        usable = item is not None and not item.isHidden()
        self.insert_button.setEnabled(usable)
        template: MessageTemplateOut | None = item.data(TEMPLATE_ROLE) if usable else None  # type: ignore[union-attr]
        self.preview.setPlainText(template.content if template else "")

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        template: MessageTemplateOut = item.data(TEMPLATE_ROLE)
        self.insert_button.setEnabled(False)
        self._tasks.spawn(self._fill(template), key="fill")

    async def _fill(self, template: MessageTemplateOut) -> None:
        text = await self._composer.fill_reply(self._chat_id, template)
        self.chosen.emit(text)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))
        self._preview_current()

    # --- Qt overrides -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down/PageUp/PageDown typed in the search field move in the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
            ):
                self.list.keyPressEvent(event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
        return super().eventFilter(watched, event)
