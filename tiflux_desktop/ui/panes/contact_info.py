""" "+ Informações": the client and the requester of the open chat, and the requester's
earlier chats (from the cache at once, then refreshed from the service)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import Contact
from tiflux_desktop.services import ChatService
from tiflux_desktop.store import ChatEntry

from ..icons import origin_icon
from ..tasks import Tasks
from ..wording import error_text, status_label
from .chat_header import local_datetime


def _value() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class ContactInfoPanel(QWidget):
    chat_opened = Signal(int)  # one of the earlier chats

    def __init__(self, chats: ChatService, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chats = chats
        self._tasks = tasks
        self._entry: ChatEntry | None = None
        self.setObjectName("contactInfo")
        self.setMinimumWidth(240)

        self._client = _value()
        self._requester = _value()
        self._email = _value()
        self._phone = _value()
        self._extra = _value()
        form = QFormLayout()
        form.addRow(self.tr("Client"), self._client)
        form.addRow(self.tr("Requester"), self._requester)
        form.addRow(self.tr("E-mail"), self._email)
        form.addRow(self.tr("Phone"), self._phone)
        form.addRow(self._extra)

        self._history_title = QLabel(self.tr("Earlier chats"))
        font = self._history_title.font()
        font.setBold(True)
        self._history_title.setFont(font)
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Earlier chats"))
        self.history.itemActivated.connect(self._activated)
        self.history.itemClicked.connect(self._activated)
        self._status = _value()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        title = QLabel(self.tr("Information"))
        bold = title.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        title.setFont(bold)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self._history_title)
        layout.addWidget(self.history, 1)
        layout.addWidget(self._status)

    def show_chat(self, entry: ChatEntry | None) -> None:
        previous = self._entry.id if self._entry else None
        self._entry = entry
        if entry is None:
            for label in (self._client, self._requester, self._email, self._phone, self._extra):
                label.clear()
            self.history.clear()
            return
        chat = entry.chat
        self._client.setText(chat.client.name if chat.client else "—")
        self._requester.setText(chat.requestor.name if chat.requestor else "—")
        if previous != entry.id and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Load the requester's details and earlier chats (latest wins)."""
        if self._entry is not None:
            self._tasks.spawn(self._load(self._entry), key="contact-info")

    async def _load(self, entry: ChatEntry) -> None:
        chat = entry.chat
        contact = await self._chats.contact(chat.requestor.id) if chat.requestor else None
        self._show_contact(contact)
        self._status.setText(self.tr("Loading…"))
        self._fill(await self._chats.contact_chats(entry.id, refresh=False))
        try:
            self._fill(await self._chats.contact_chats(entry.id))
            self._status.clear()
        except Exception as exc:  # the cached list stays; say why it may be incomplete
            self._status.setText(error_text(exc))

    def _show_contact(self, contact: Contact | None) -> None:
        self._email.setText(contact.email or "—" if contact else "—")
        self._phone.setText(contact.telephone or "—" if contact else "—")
        extra = contact.extra if contact else {}
        self._extra.setText("\n".join(f"{k}: {v}" for k, v in extra.items()))

    def _fill(self, entries: list[ChatEntry]) -> None:
        self.history.clear()
        for other in entries:
            chat = other.chat
            line = f"#{chat.id}  {local_datetime(chat.created_at)}  ·  {status_label(chat.status)}"
            if chat.department:
                line += f"  ·  {chat.department.name}"
            item = QListWidgetItem(origin_icon(chat.origin), line)
            item.setData(Qt.ItemDataRole.UserRole, chat.id)
            self.history.addItem(item)
        if not entries:
            empty = QListWidgetItem(self.tr("No earlier chats"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.history.addItem(empty)

    def _activated(self, item: QListWidgetItem) -> None:
        chat_id = item.data(Qt.ItemDataRole.UserRole)
        if chat_id is not None:
            self.chat_opened.emit(int(chat_id))

    # --- Qt overrides -------------------------------------------------------------------

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.refresh()
