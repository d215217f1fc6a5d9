"""One tab of the conversation list: the chats of one tab, filtered and in the tab's order.

Which chats a tab lists and in which order are domain rules (``tabs_for``, ``sort_key``);
the proxy only asks them. Search is accent- and case-insensitive on the chosen name (the
source model keeps every name folded once). A chat can be *held* (under the pointer, or
open): it keeps the row it had when held, whatever happens to the others (a chat floating
to the top above it, one leaving the tab), so a list re-sorting under the attendant never
moves what they are reading or pointing at. Released, it goes where the order puts it.

Why not a QSortFilterProxyModel: it asks a Python ``filterAcceptsRow`` once per row and a
Python ``lessThan`` n log n times, which at 10k chats takes 0.2 s per keystroke and over a
second to show the list again when the search is cleared (measured). This proxy keeps the
tab's chats as a sorted list of keys, filters that list in bulk with one comprehension, and
maps by chat id, so a keystroke costs a pass over plain strings and one layout change that
carries the selection and every persistent index along. Increments (a chat arriving,
changing, leaving) are exact: one insert, move, dataChanged or remove per chat.

A proxy can be put to sleep (``set_active(False)``: its tab is not shown): it then only
remembers a filter change and applies it when it wakes, so a keystroke filters one tab.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from tiflux_desktop.domain import ChatFilters, SearchBy, Tab, fold, sort_key, tabs_for
from tiflux_desktop.store import ChatEntry

from .chat_list import _READERS, ChatListModel

Index = QModelIndex | QPersistentModelIndex
# The domain's sort key, a tie-breaker (0.0; a held row placed between two others gets a
# fraction), then the chat id.
Key = tuple[float, int, float, int]

# A batch of new chats larger than this is merged with one layout change rather than one
# insert each (a first load, a catch-up after a night offline).
_BATCH = 64


def _chat_id(key: Key) -> int:
    return key[3]


class ChatTabProxy(QAbstractProxyModel):
    def __init__(self, tab: Tab, attendant_id: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._tab = tab
        self._attendant_id = attendant_id
        self._filters = ChatFilters()
        self._group_departments: dict[str, frozenset[int]] = {}  # group name -> departments
        self._held: dict[int, Key] = {}  # chat id -> the key it keeps while held
        self._pinned: dict[int, int] = {}  # held chat id -> the row it keeps
        self._keys: dict[int, Key] = {}  # every chat of the tab -> the key it is placed by
        self._members: list[Key] = []  # the tab's chats, sorted, before any filter
        self._visible: list[Key] = []  # what the view shows: members that pass the filters
        self._active = True
        self._stale = False  # asleep with a filter change not applied yet
        self._shown_filters = ChatFilters()  # the filters _visible was computed with
        self._connections: list[Any] = []

    # --- our API ------------------------------------------------------------------------

    @property
    def tab(self) -> Tab:
        return self._tab

    @property
    def filters(self) -> ChatFilters:
        return self._filters

    def source(self) -> ChatListModel | None:
        model = self.sourceModel()
        return model if isinstance(model, ChatListModel) else None

    def set_filters(self, filters: ChatFilters) -> None:
        if filters == self._filters:
            return
        self._filters = filters
        if not self._active:
            self._stale = True
            return
        self._refilter()

    def set_active(self, active: bool) -> None:
        """An inactive proxy (a hidden tab) defers filtering until it is shown again."""
        self._active = active
        if active and self._stale:
            self._refilter()

    def set_attendant(self, attendant_id: int) -> None:
        if attendant_id != self._attendant_id:
            self._attendant_id = attendant_id
            self._rebuild()

    def set_groups(self, groups: dict[str, frozenset[int]]) -> None:
        """Attendant groups by name, for the "grupo de atendentes" search mode."""
        if groups == self._group_departments:
            return
        self._group_departments = dict(groups)
        if self._filters.searching and self._filters.search_by is SearchBy.ATTENDANT_GROUP:
            self._shown_filters = ChatFilters()  # force a full pass: the groups changed
            self._refilter()

    def hold(self, chat_id: int | None) -> None:
        """Keep ``chat_id`` where it is now (None: let every row find its place again)."""
        self.set_held(() if chat_id is None else (chat_id,))

    def set_held(self, chat_ids: Iterable[int]) -> None:
        """Hold exactly these chats (the one under the pointer, the open one); the others
        are released and move to where the tab's order puts them."""
        wanted = {i for i in chat_ids if i in self._keys}
        released = [i for i in self._held if i not in wanted]
        for chat_id in wanted:
            if chat_id not in self._held:
                self._held[chat_id] = self._keys[chat_id]
                row = self.row_of(chat_id)
                if row is not None:
                    self._pinned[chat_id] = row
        for chat_id in released:
            del self._held[chat_id]
            self._pinned.pop(chat_id, None)
            source = self.source()
            entry = source.entry(chat_id) if source is not None else None
            if entry is not None:
                self._update(entry, [])

    def held(self) -> frozenset[int]:
        return frozenset(self._held)

    def row_of(self, chat_id: int) -> int | None:
        key = self._keys.get(chat_id)
        if key is None:
            return None
        row = bisect_left(self._visible, key)
        if row < len(self._visible) and self._visible[row] == key:
            return row
        return None

    def chat_id_at(self, row: int) -> int | None:
        return _chat_id(self._visible[row]) if 0 <= row < len(self._visible) else None

    def entry_at(self, row: int) -> ChatEntry | None:
        source = self.source()
        chat_id = self.chat_id_at(row)
        return source.entry(chat_id) if source is not None and chat_id is not None else None

    def visible_ids(self) -> list[int]:
        return [_chat_id(k) for k in self._visible]

    def accepts(self, entry: ChatEntry) -> bool:
        """Listed in this tab and passing every filter (the rule for one chat)."""
        return self._member(entry) and self._passes(entry)

    # --- Qt overrides -------------------------------------------------------------------

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal, slot in self._connections:
                signal.disconnect(slot)
        self._connections = []
        self.beginResetModel()
        super().setSourceModel(source)
        self._fill()
        self.endResetModel()
        self._connections = [
            (source.modelAboutToBeReset, self.beginResetModel),
            (source.modelReset, self._source_reset),
            (source.rowsInserted, self._source_inserted),
            (source.rowsAboutToBeRemoved, self._source_removing),
            (source.dataChanged, self._source_changed),
            (source.layoutChanged, self._source_layout_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or column != 0 or not 0 <= row < len(self._visible):
            return QModelIndex()
        return self.createIndex(row, 0)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, idx: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Read the entry by id directly: the base class would go through mapToSource and
        # the source's data(), two more Python calls per painted role.
        if not index.isValid():
            return None
        read = _READERS.get(role)
        entry = self.entry_at(index.row())
        return read(entry) if read is not None and entry is not None else None

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        source = self.source()
        chat_id = self.chat_id_at(proxy_index.row()) if proxy_index.isValid() else None
        if source is None or chat_id is None:
            return QModelIndex()
        row = source.row_of(chat_id)
        return source.index(row, 0) if row is not None else QModelIndex()

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        source = self.source()
        if source is None or not source_index.isValid():
            return QModelIndex()
        row = self.row_of(source.entry_at(source_index.row()).id)
        return self.createIndex(row, 0) if row is not None else QModelIndex()

    # --- the rules, asked -----------------------------------------------------------------

    def _member(self, entry: ChatEntry) -> bool:
        return self._tab in tabs_for(entry.chat, self._attendant_id)

    def _key(self, entry: ChatEntry) -> Key:
        held = self._held.get(entry.id)
        if held is not None:
            return held
        first, second = sort_key(entry.chat, self._tab)
        return (first, second, 0.0, entry.id)

    def _plain_test(self) -> Callable[[ChatEntry], bool] | None:
        """The filters other than the search, as one test (None: nothing to test)."""
        f = self._filters
        tab = self._tab
        origins = frozenset(f.origins)
        statuses = frozenset(f.statuses) if tab is Tab.IN_ATTENDANCE else frozenset()
        canceled = f.canceled if tab is Tab.ARCHIVED else None
        if not (origins or statuses or canceled is not None) and (
            f.department_id is None and f.user_id is None
        ):
            return None

        def test(entry: ChatEntry) -> bool:
            chat = entry.chat
            return (
                (not origins or chat.origin in origins)
                and (not statuses or chat.status in statuses)
                and (f.department_id is None or chat.department_id == f.department_id)
                and (f.user_id is None or chat.responsible_id == f.user_id)
                and (canceled is None or chat.canceled == canceled)
            )

        return test

    def _search_test(self) -> Callable[[int, ChatEntry], bool] | None:
        """The search, as one test on (chat id, entry) (None: not searching)."""
        f = self._filters
        words = fold(f.q or "").split()
        source = self.source()
        if not words or source is None:
            return None
        if f.search_by is SearchBy.ATTENDANT_GROUP:
            departments = frozenset(
                d
                for name, ids in self._group_departments.items()
                if all(w in fold(name) for w in words)
                for d in ids
            )
            return lambda _id, entry: entry.chat.department_id in departments
        names = source.folded(f.search_by)
        if len(words) == 1:
            word = words[0]
            return lambda chat_id, _entry: word in names.get(chat_id, "")
        return lambda chat_id, _entry: all(w in names.get(chat_id, "") for w in words)

    def _passes(self, entry: ChatEntry) -> bool:
        plain = self._plain_test()
        if plain is not None and not plain(entry):
            return False
        search = self._search_test()
        return search is None or search(entry.id, entry)

    # --- building the lists -----------------------------------------------------------------

    def _fill(self) -> None:
        """Members and visible rows from scratch (inside a reset or a layout change)."""
        source = self.source()
        self._keys = {}
        if source is not None:
            for entry in source.entries():
                if self._member(entry):
                    self._keys[entry.id] = self._key(entry)
        self._held = {i: k for i, k in self._held.items() if i in self._keys}
        self._pinned = {i: r for i, r in self._pinned.items() if i in self._held}
        self._members = sorted(self._keys.values())
        self._visible = self._filtered(self._members)
        self._shown_filters = self._filters
        self._stale = False

    def _filtered(self, keys: list[Key]) -> list[Key]:
        source = self.source()
        if source is None:
            return []
        plain = self._plain_test()
        search = self._search_test()
        if plain is None and search is None:
            return list(keys)
        by_id = source.entry
        if plain is not None:
            keys = [k for k in keys if plain(by_id(k[3]))]  # type: ignore[arg-type]
        if search is None:
            return keys
        if self._filters.search_by is not SearchBy.ATTENDANT_GROUP:
            # The hot path of a keystroke: plain substring tests on folded names.
            names = source.folded(self._filters.search_by)
            words = fold(self._filters.q or "").split()
            if len(words) == 1:
                word = words[0]
                return [k for k in keys if word in names[k[3]]]
            return [k for k in keys if all(w in names[k[3]] for w in words)]
        return [k for k in keys if search(k[3], by_id(k[3]))]  # type: ignore[arg-type]

    def _narrows(self, before: ChatFilters, after: ChatFilters) -> bool:
        """True when ``after`` can only hide rows ``before`` showed (typing on): then the
        shown rows are enough to filter, not every member."""
        if not before.searching or not after.searching or before.search_by != after.search_by:
            return False
        if after.search_by is SearchBy.ATTENDANT_GROUP:
            return False
        same_rest = (
            before.origins == after.origins
            and before.statuses == after.statuses
            and before.department_id == after.department_id
            and before.user_id == after.user_id
            and before.canceled == after.canceled
        )
        old_words, new_words = fold(before.q or "").split(), fold(after.q or "").split()
        return same_rest and all(any(o in n for n in new_words) for o in old_words)

    def _refilter(self) -> None:
        narrows = not self._stale and self._narrows(self._shown_filters, self._filters)
        base = self._visible if narrows else None
        visible = self._filtered(base if base is not None else self._members)
        self._shown_filters = self._filters
        self._stale = False
        self._relayout(lambda: setattr(self, "_visible", visible))

    def _rebuild(self) -> None:
        self._relayout(self._fill)

    def _relayout(self, change: Callable[[], None]) -> None:
        """Change the visible rows in one layout change, carrying every persistent index
        (the selection, the current row, the view's hover) to its chat's new row."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.chat_id_at(i.row()) if i.isValid() else None for i in before]
        change()
        after: list[QModelIndex] = []
        for chat_id in ids:
            row = self.row_of(chat_id) if chat_id is not None else None
            after.append(self.createIndex(row, 0) if row is not None else QModelIndex())
        self.changePersistentIndexList(before, after)
        # A new search or filter legitimately moves everything: held rows keep the row they
        # have now from here on.
        for chat_id in list(self._pinned):
            row = self.row_of(chat_id)
            if row is None:
                del self._pinned[chat_id]
            else:
                self._pinned[chat_id] = row
        self.layoutChanged.emit()

    # --- following the source -------------------------------------------------------------

    def _source_reset(self) -> None:
        self._fill()
        self.endResetModel()

    def _source_layout_changed(self, *_: Any) -> None:
        # Source rows moved, but this proxy maps by chat id: nothing it shows changed.
        return

    def _source_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        source = self.source()
        if source is None or parent.isValid():
            return
        fresh = [source.entry_at(row) for row in range(first, last + 1)]
        fresh = [e for e in fresh if self._member(e) and e.id not in self._keys]
        if not fresh:
            return
        if len(fresh) > _BATCH:
            self._rebuild()
            return
        for entry in fresh:
            self._add(entry)
        self._pin()

    def _source_removing(self, parent: QModelIndex, first: int, last: int) -> None:
        source = self.source()
        if source is None or parent.isValid():
            return
        for row in range(first, last + 1):
            self._drop(source.entry_at(row).id)
        self._pin()

    def _source_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any) -> None:
        source = self.source()
        if source is None:
            return
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._update(source.entry_at(row), list(roles or []))
        self._pin()

    def _add(self, entry: ChatEntry) -> None:
        key = self._key(entry)
        self._keys[entry.id] = key
        insort(self._members, key)
        if self._stale or not self._passes(entry):
            return
        row = bisect_left(self._visible, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._visible.insert(row, key)
        self.endInsertRows()

    def _drop(self, chat_id: int) -> None:
        key = self._keys.pop(chat_id, None)
        if key is None:
            return
        self._held.pop(chat_id, None)
        self._pinned.pop(chat_id, None)
        self._members.pop(bisect_left(self._members, key))
        row = bisect_left(self._visible, key)
        if row < len(self._visible) and self._visible[row] == key:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._visible[row]
            self.endRemoveRows()

    def _update(self, entry: ChatEntry, roles: list[int]) -> None:
        """A chat changed: it may join or leave the tab, be filtered in or out, move to
        its new place, or just repaint."""
        if not self._member(entry):
            self._drop(entry.id)
            return
        old = self._keys.get(entry.id)
        if old is None:
            self._add(entry)
            return
        row = self.row_of(entry.id)
        new = self._key(entry)
        if new != old:
            self._members.pop(bisect_left(self._members, old))
            insort(self._members, new)
            self._keys[entry.id] = new
        # Asleep, a row keeps its visibility until the tab wakes and filters again, but
        # still moves, so the rows stay sorted and findable by key.
        shown = (row is not None) if self._stale else self._passes(entry)
        if row is None:
            if shown:
                at = bisect_left(self._visible, new)
                self.beginInsertRows(QModelIndex(), at, at)
                self._visible.insert(at, new)
                self.endInsertRows()
            return
        if not shown:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._visible[row]
            self.endRemoveRows()
            return
        if new != old:
            del self._visible[row]
            at = bisect_left(self._visible, new)
            if at == row:
                self._visible.insert(row, new)
            else:
                # beginMoveRows counts the destination in the rows before the move.
                self._visible.insert(row, old)
                destination = at + 1 if at > row else at
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
                del self._visible[row]
                self._visible.insert(at, new)
                self.endMoveRows()
                row = at
        index = self.createIndex(row, 0)
        self.dataChanged.emit(index, index, roles)

    # --- held rows keep their row -----------------------------------------------------------

    def _pin(self) -> None:
        """Put every held row back on the row it keeps, after the others moved around it:
        it gets a key between its new neighbours, so the order stays consistent."""
        for _ in range(len(self._pinned) + 1):  # moving one held row can shift another
            moved = False
            for chat_id, target in list(self._pinned.items()):
                row = self.row_of(chat_id)
                if row is None or self._stale or not self._visible:
                    continue
                target = min(target, len(self._visible) - 1)
                if row != target:
                    self._move_held(chat_id, row, target)
                    moved = True
            if not moved:
                return

    def _move_held(self, chat_id: int, row: int, target: int) -> None:
        visible = self._visible

        def other(i: int) -> Key | None:  # the visible rows without the held one
            j = i if i < row else i + 1
            return visible[j] if i >= 0 and j < len(visible) else None

        before, after = other(target - 1), other(target)
        if before is not None and after is not None and before[:2] == after[:2]:
            key: Key = (before[0], before[1], (before[2] + after[2]) / 2, chat_id)
        elif before is not None:
            key = (before[0], before[1], before[2] + 0.5, chat_id)
        elif after is not None:
            key = (after[0], after[1], after[2] - 0.5, chat_id)
        else:
            return
        old = self._keys[chat_id]
        self.beginMoveRows(
            QModelIndex(), row, row, QModelIndex(), target + 1 if target > row else target
        )
        del visible[row]
        visible.insert(target, key)
        self.endMoveRows()
        self._members.pop(bisect_left(self._members, old))
        insort(self._members, key)
        self._keys[chat_id] = key
        self._held[chat_id] = key
