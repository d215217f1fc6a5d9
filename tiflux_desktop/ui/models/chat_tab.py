"""One tab of the conversation list: a filter + sort proxy over the ChatListModel.

Which chats a tab lists and in which order are domain rules (``tabs_for``, ``sort_key``);
the proxy only asks them. Search is accent- and case-insensitive (``folded_contains``) on
the chosen name. A chat can be *held* (under the pointer, or open): it keeps the place it
had when held, so a list re-sorting under the attendant never moves what they are reading.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from tiflux_desktop.domain import (
    ChatFilters,
    SearchBy,
    Tab,
    folded_contains,
    sort_key,
    tabs_for,
)
from tiflux_desktop.store import ChatEntry

from .chat_list import ChatListModel, ChatRole

Index = QModelIndex | QPersistentModelIndex


class ChatTabProxy(QSortFilterProxyModel):
    def __init__(self, tab: Tab, attendant_id: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._tab = tab
        self._attendant_id = attendant_id
        self._filters = ChatFilters()
        self._group_departments: dict[str, frozenset[int]] = {}  # group name -> departments
        self._held: dict[int, tuple[float, int]] = {}
        self.setDynamicSortFilter(True)
        self.sort(0)

    @property
    def tab(self) -> Tab:
        return self._tab

    def set_filters(self, filters: ChatFilters) -> None:
        if filters != self._filters:
            self.beginFilterChange()
            self._filters = filters
            self.endFilterChange()

    def set_attendant(self, attendant_id: int) -> None:
        self._attendant_id = attendant_id
        self.invalidate()

    def set_groups(self, groups: dict[str, frozenset[int]]) -> None:
        """Attendant groups by name, for the "grupo de atendentes" search mode."""
        self.beginFilterChange()
        self._group_departments = dict(groups)
        self.endFilterChange()

    def hold(self, chat_id: int | None) -> None:
        """Keep ``chat_id`` where it is now (None: let every row find its place again)."""
        if chat_id is None:
            if self._held:
                self._held.clear()
                self.invalidate()
            return
        entry = self._entry_by_id(chat_id)
        self._held = {chat_id: sort_key(entry.chat, self._tab)} if entry is not None else {}

    # --- Qt overrides -------------------------------------------------------------------

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        entry: ChatEntry | None = model.data(
            model.index(source_row, 0, source_parent), ChatRole.ENTRY
        )
        return entry is not None and self.accepts(entry)

    def lessThan(self, left: Index, right: Index) -> bool:
        a: ChatEntry = left.data(ChatRole.ENTRY)
        b: ChatEntry = right.data(ChatRole.ENTRY)
        return self._key(a) < self._key(b)

    # --- the rules, asked -----------------------------------------------------------------

    def _key(self, entry: ChatEntry) -> tuple[float, int]:
        held = self._held.get(entry.id)
        return held if held is not None else sort_key(entry.chat, self._tab)

    def accepts(self, entry: ChatEntry) -> bool:
        chat = entry.chat
        if self._tab not in tabs_for(chat, self._attendant_id):
            return False
        f = self._filters
        if f.origins and chat.origin not in f.origins:
            return False
        if f.statuses and self._tab is Tab.IN_ATTENDANCE and chat.status not in f.statuses:
            return False
        if f.department_id is not None and chat.department_id != f.department_id:
            return False
        if f.user_id is not None and chat.responsible_id != f.user_id:
            return False
        if f.canceled is not None and self._tab is Tab.ARCHIVED and chat.canceled != f.canceled:
            return False
        if not f.searching:
            return True
        return self._matches(entry, f.q or "", f.search_by)

    def _matches(self, entry: ChatEntry, q: str, by: SearchBy) -> bool:
        chat = entry.chat
        if by is SearchBy.ATTENDANT_GROUP:
            return any(
                chat.department_id in departments
                for name, departments in self._group_departments.items()
                if folded_contains(name, q)
            )
        ref = {
            SearchBy.REQUESTOR: chat.requestor,
            SearchBy.CLIENT: chat.client,
            SearchBy.DEPARTMENT: chat.department,
            SearchBy.RESPONSIBLE: chat.responsible,
        }[by]
        return folded_contains(ref.name if ref else None, q)

    def _entry_by_id(self, chat_id: int) -> ChatEntry | None:
        model = self.sourceModel()
        return model.entry(chat_id) if isinstance(model, ChatListModel) else None
