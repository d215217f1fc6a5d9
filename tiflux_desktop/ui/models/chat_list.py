"""The chats the attendant can see, as one list model that the four tabs filter.

An exact adapter: an id -> row map, batched inserts, removals and role-precise dataChanged
from each ChangeSet, never a reset for an increment. Roles are constants; data() reads
from the entry alone.

Beside the entries it keeps each searchable name folded once (accents and case removed), so
a keystroke in the search field compares plain strings instead of folding 100k names again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from tiflux_desktop.domain import SearchBy, fold
from tiflux_desktop.store import ChatEntry

Index = QModelIndex | QPersistentModelIndex


class ChatRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1  # the ChatEntry itself (proxies and delegates)
    CHAT_ID = Qt.ItemDataRole.UserRole + 2
    REQUESTER = Qt.ItemDataRole.UserRole + 3
    CLIENT = Qt.ItemDataRole.UserRole + 4
    CREATED_AT = Qt.ItemDataRole.UserRole + 5
    ORIGIN = Qt.ItemDataRole.UserRole + 6
    STATUS = Qt.ItemDataRole.UserRole + 7
    UNREAD = Qt.ItemDataRole.UserRole + 8
    IS_NEW = Qt.ItemDataRole.UserRole + 9  # not yet opened here (the red dot in Entrada)
    TICKET = Qt.ItemDataRole.UserRole + 10
    WAITING_SINCE = Qt.ItemDataRole.UserRole + 11
    RESPONSIBLE = Qt.ItemDataRole.UserRole + 12
    DEPARTMENT = Qt.ItemDataRole.UserRole + 13
    RATING = Qt.ItemDataRole.UserRole + 14
    PREVIEW = Qt.ItemDataRole.UserRole + 15


def _name(ref: Any) -> str | None:
    return ref.name if ref is not None else None


# One reader per role: data() is a dict lookup and a call, and a changed entry emits
# dataChanged with exactly the roles whose value moved.
_READERS: dict[int, Callable[[ChatEntry], Any]] = {
    Qt.ItemDataRole.DisplayRole: lambda e: _name(e.chat.requestor) or "",
    ChatRole.ENTRY: lambda e: e,
    ChatRole.CHAT_ID: lambda e: e.chat.id,
    ChatRole.REQUESTER: lambda e: _name(e.chat.requestor),
    ChatRole.CLIENT: lambda e: _name(e.chat.client),
    ChatRole.CREATED_AT: lambda e: e.chat.created_at,
    ChatRole.ORIGIN: lambda e: e.chat.origin,
    ChatRole.STATUS: lambda e: e.chat.status,
    ChatRole.UNREAD: lambda e: e.unread,
    ChatRole.IS_NEW: lambda e: not e.seen,
    ChatRole.TICKET: lambda e: e.chat.ticket,
    ChatRole.WAITING_SINCE: lambda e: e.chat.waiting_since,
    ChatRole.RESPONSIBLE: lambda e: _name(e.chat.responsible),
    ChatRole.DEPARTMENT: lambda e: _name(e.chat.department),
    ChatRole.RATING: lambda e: e.chat.assessment,
    ChatRole.PREVIEW: lambda e: e.chat.last_message_preview,
}


# The names a search mode reads (the attendant group mode reads the department id instead).
NAMED_MODES: dict[SearchBy, Callable[[ChatEntry], str | None]] = {
    SearchBy.REQUESTOR: lambda e: _name(e.chat.requestor),
    SearchBy.CLIENT: lambda e: _name(e.chat.client),
    SearchBy.DEPARTMENT: lambda e: _name(e.chat.department),
    SearchBy.RESPONSIBLE: lambda e: _name(e.chat.responsible),
}


class _Folder:
    """fold() with a memory: clients, departments and attendants repeat across thousands of
    chats, and an ASCII name needs no Unicode decomposition."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        folded = self._memo.get(text)
        if folded is None:
            folded = " ".join(text.lower().split()) if text.isascii() else fold(text)
            if len(self._memo) < 50_000:  # requester names rarely repeat: do not hoard them
                self._memo[text] = folded
        return folded


class ChatListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[ChatEntry] = []
        self._rows: dict[int, int] = {}  # chat id -> row
        self._fold = _Folder()
        # search mode -> chat id -> the folded name that mode searches
        self._folded: dict[SearchBy, dict[int, str]] = {mode: {} for mode in NAMED_MODES}

    # --- the core's side ----------------------------------------------------------------

    def reset(self, entries: Iterable[ChatEntry]) -> None:
        """A whole new list (first load, resync): the only reset."""
        self.beginResetModel()
        self._entries = list({e.id: e for e in entries}.values())
        self._rows = {e.id: row for row, e in enumerate(self._entries)}
        fold_ = self._fold
        self._folded = {
            mode: {e.id: fold_(read(e)) for e in self._entries}
            for mode, read in NAMED_MODES.items()
        }
        self.endResetModel()

    def apply(self, upserted: Iterable[ChatEntry], removed: Iterable[int] = ()) -> None:
        """Apply one ChangeSet's chats: removals, then updates in place, then one batched
        insert of the new ones at the end (the proxies sort)."""
        for row in sorted((self._rows[i] for i in set(removed) if i in self._rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            gone = self._entries.pop(row)
            del self._rows[gone.id]
            for names in self._folded.values():
                names.pop(gone.id, None)
            self.endRemoveRows()
            for moved in self._entries[row:]:
                self._rows[moved.id] -= 1
        fresh: dict[int, ChatEntry] = {}
        for entry in upserted:
            row = self._rows.get(entry.id)
            if row is None:
                fresh[entry.id] = entry
                continue
            old = self._entries[row]
            if old == entry:
                continue
            self._entries[row] = entry
            self._fold_names(entry)
            roles = [role for role, read in _READERS.items() if read(old) != read(entry)]
            roles.append(ChatRole.ENTRY)
            index = self.index(row)
            self.dataChanged.emit(index, index, sorted(set(roles)))
        if fresh:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for entry in fresh.values():
                self._rows[entry.id] = len(self._entries)
                self._entries.append(entry)
                self._fold_names(entry)
            self.endInsertRows()

    def _fold_names(self, entry: ChatEntry) -> None:
        for mode, read in NAMED_MODES.items():
            self._folded[mode][entry.id] = self._fold(read(entry))

    def row_of(self, chat_id: int) -> int | None:
        return self._rows.get(chat_id)

    def entry(self, chat_id: int) -> ChatEntry | None:
        row = self._rows.get(chat_id)
        return self._entries[row] if row is not None else None

    def entry_at(self, row: int) -> ChatEntry:
        return self._entries[row]

    def entries(self) -> list[ChatEntry]:
        """Every entry, in model order (a copy the caller may keep)."""
        return list(self._entries)

    def folded(self, mode: SearchBy) -> dict[int, str]:
        """Chat id -> the folded name ``mode`` searches (not for ATTENDANT_GROUP). The
        model's own dict, read-only for the caller: filters read it in bulk."""
        return self._folded[mode]

    # --- Qt overrides -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        read = _READERS.get(role)
        return read(self._entries[index.row()]) if read is not None else None
