"""The open chat's messages: the service's messages in id order, then the attendant's
messages still in the outbox (queued, sending or failed), in sending order.

An exact adapter like the chat list: older pages are inserted at the top in one batch,
new messages at their place, outbox items leave when their echo arrives.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from tiflux_desktop.domain import Author, AuthorType, Message, QuotedMessage
from tiflux_desktop.store import OutboxItem

Index = QModelIndex | QPersistentModelIndex
Row = Message | OutboxItem


class RowKind(StrEnum):
    MESSAGE = "message"
    PENDING = "pending"  # in the outbox: not yet confirmed by the service


class MessageRole(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # the Message or OutboxItem
    KIND = Qt.ItemDataRole.UserRole + 2
    KEY = Qt.ItemDataRole.UserRole + 3  # message id, or client_message_id when pending
    DAY = Qt.ItemDataRole.UserRole + 4  # local calendar day, for the day separators
    INTERNAL = Qt.ItemDataRole.UserRole + 5
    STATE = Qt.ItemDataRole.UserRole + 6  # DeliveryStatus, or OutboxState when pending
    REASON = Qt.ItemDataRole.UserRole + 7  # why it failed
    QUOTE = Qt.ItemDataRole.UserRole + 8  # the QuotedMessage (resolved for pending items)
    # The window's own state of a row, set by the pane (not from the core):
    THUMBNAIL = Qt.ItemDataRole.UserRole + 9  # QImage, scaled, once the image is here
    TRANSFER = Qt.ItemDataRole.UserRole + 10  # Transfer: a download or upload under way
    LOCAL_FILE = Qt.ItemDataRole.UserRole + 11  # str path of the downloaded attachment
    # True once the attachment, said to be an image, turned out not to be one (its bytes):
    # shown as a file card, never as a picture.
    NOT_AN_IMAGE = Qt.ItemDataRole.UserRole + 12


# The roles the pane sets; a row keeps them until another chat is loaded.
EXTRA_ROLES = frozenset(
    {
        MessageRole.THUMBNAIL,
        MessageRole.TRANSFER,
        MessageRole.LOCAL_FILE,
        MessageRole.NOT_AN_IMAGE,
    }
)


@dataclass(frozen=True, slots=True)
class Transfer:
    """Bytes moved so far of an attachment going up or down (total 0: unknown)."""

    done: int
    total: int

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total > 0 else None


def _day(row: Row) -> date:
    return row.created_at.astimezone().date()


_READERS: dict[int, Any] = {
    Qt.ItemDataRole.DisplayRole: lambda r: r.text or "",
    MessageRole.ITEM: lambda r: r,
    MessageRole.KIND: lambda r: RowKind.MESSAGE if isinstance(r, Message) else RowKind.PENDING,
    MessageRole.KEY: lambda r: r.id if isinstance(r, Message) else r.client_message_id,
    MessageRole.DAY: _day,
    MessageRole.INTERNAL: lambda r: r.internal,
    MessageRole.STATE: lambda r: r.status if isinstance(r, Message) else r.state,
    MessageRole.REASON: lambda r: r.status_reason if isinstance(r, Message) else r.error_message,
    # A pending item only knows the quoted id: data() resolves it among the loaded messages.
    MessageRole.QUOTE: lambda r: (
        r.quoted_message if isinstance(r, Message) else r.quoted_message_id
    ),
}


class MessageListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.chat_id: int | None = None
        self._messages: list[Message] = []
        self._ids: list[int] = []  # the messages' ids, sorted: bisect finds a place
        self._pending: list[OutboxItem] = []
        self._extras: dict[int | str, dict[int, Any]] = {}

    # --- the core's side ----------------------------------------------------------------

    def load(
        self, chat_id: int, messages: Sequence[Message], pending: Sequence[OutboxItem] = ()
    ) -> None:
        """Show another chat (or the same one afresh)."""
        self.beginResetModel()
        by_id = {m.id: m for m in messages if m.chat_id == chat_id}
        self._messages = [by_id[i] for i in sorted(by_id)]
        self._ids = sorted(by_id)
        self._pending = sorted(
            (p for p in pending if p.chat_id == chat_id), key=lambda p: p.position
        )
        if chat_id != self.chat_id:  # the same chat afresh keeps its thumbnails
            self._extras = {}
        self.chat_id = chat_id
        self.endResetModel()

    def clear(self) -> None:
        """No chat open."""
        self.beginResetModel()
        self.chat_id = None
        self._messages, self._ids, self._pending, self._extras = [], [], [], {}
        self.endResetModel()

    def prepend_older(self, messages: Iterable[Message]) -> None:
        """A page loaded above the first message: one batch at the top."""
        first = self._ids[0] if self._ids else None
        older = sorted(
            (m for m in messages if m.chat_id == self.chat_id and (first is None or m.id < first)),
            key=lambda m: m.id,
        )
        older = list({m.id: m for m in older}.values())
        if not older:
            return
        self.beginInsertRows(QModelIndex(), 0, len(older) - 1)
        self._messages[:0] = older
        self._ids[:0] = [m.id for m in older]
        self.endInsertRows()

    def apply(
        self,
        appended: Iterable[Message] = (),
        updated: Iterable[Message] = (),
        outbox: Iterable[OutboxItem] = (),
        outbox_removed: Iterable[str] = (),
    ) -> None:
        """One ChangeSet's part for this chat."""
        gone = set(outbox_removed)
        for row in reversed(range(len(self._pending))):
            if self._pending[row].client_message_id in gone:
                at = len(self._messages) + row
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._pending[row]
                self.endRemoveRows()
        for message in sorted(appended, key=lambda m: m.id):
            if message.chat_id != self.chat_id:
                continue
            place = bisect.bisect_left(self._ids, message.id)
            if place < len(self._ids) and self._ids[place] == message.id:
                self._replace(place, message)
                continue
            self.beginInsertRows(QModelIndex(), place, place)
            self._messages.insert(place, message)
            self._ids.insert(place, message.id)
            self.endInsertRows()
        for message in updated:
            if message.chat_id != self.chat_id:
                continue
            place = bisect.bisect_left(self._ids, message.id)
            if place < len(self._ids) and self._ids[place] == message.id:
                self._replace(place, message)
        for item in outbox:
            if item.chat_id != self.chat_id:
                continue
            keys = [p.client_message_id for p in self._pending]
            if item.client_message_id in keys:
                row = keys.index(item.client_message_id)
                old = self._pending[row]
                self._pending[row] = item
                self._changed(len(self._messages) + row, old, item)
            else:
                at = len(self._messages) + len(self._pending)
                self.beginInsertRows(QModelIndex(), at, at)
                self._pending.append(item)
                self.endInsertRows()

    def _replace(self, place: int, message: Message) -> None:
        old = self._messages[place]
        if old != message:
            self._messages[place] = message
            self._changed(place, old, message)

    def _changed(self, row: int, old: Row, new: Row) -> None:
        roles = [role for role, read in _READERS.items() if read(old) != read(new)]
        index = self.index(row)
        self.dataChanged.emit(index, index, sorted({*roles, MessageRole.ITEM}))

    def set_extra(self, key: int | str, role: MessageRole, value: Any) -> None:
        """The window's state of a row (thumbnail, transfer, downloaded file)."""
        assert role in EXTRA_ROLES
        extras = self._extras.setdefault(key, {})
        if extras.get(role) is value:
            return
        if value is None:
            extras.pop(role, None)
        else:
            extras[role] = value
        row = self.row_of(key)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [role])

    def extra(self, key: int | str, role: MessageRole) -> Any:
        return self._extras.get(key, {}).get(role)

    def row_of(self, key: int | str) -> int | None:
        """The row of a message id or of a pending item's client_message_id."""
        if isinstance(key, int):
            place = bisect.bisect_left(self._ids, key)
            return place if place < len(self._ids) and self._ids[place] == key else None
        for row, item in enumerate(self._pending):
            if item.client_message_id == key:
                return len(self._messages) + row
        return None

    def message(self, message_id: int) -> Message | None:
        row = self.row_of(message_id)
        return self._messages[row] if row is not None else None

    @property
    def last_message_id(self) -> int | None:
        return self._ids[-1] if self._ids else None

    @property
    def first_message_id(self) -> int | None:
        """Where "load older" continues from."""
        return self._ids[0] if self._ids else None

    # --- Qt overrides -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._messages) + len(self._pending)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < self.rowCount():
            return None
        item: Row = (
            self._messages[row]
            if row < len(self._messages)
            else self._pending[row - len(self._messages)]
        )
        if role in EXTRA_ROLES:
            key = item.id if isinstance(item, Message) else item.client_message_id
            return self._extras.get(key, {}).get(role)
        if role == MessageRole.QUOTE and isinstance(item, OutboxItem):
            return self._quoted(item.quoted_message_id)
        read = _READERS.get(role)
        if read is None:
            return None
        return read(item)

    def _quoted(self, message_id: int | None) -> QuotedMessage | None:
        if message_id is None:
            return None
        found = self.message(message_id)
        if found is None:  # not loaded here: the reply still says it quotes something
            return QuotedMessage(message_id, Author(AuthorType.SYSTEM, None, ""), None)
        return QuotedMessage(found.id, found.author, found.text)
