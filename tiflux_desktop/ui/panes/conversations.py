"""The conversation list (left side of the Chats screen).

From the top: the "Novo chat" button and the filter tool, the search field with its mode,
the chips of the active filters, the tabs Entrada, Meus, Em atendimento and Encerrados with
their counts, and the chats of the current tab.

The lists come from the cache (ChatService.tab and counts), so they are browsable and
searchable offline; AppSignals keeps them current. One ChatListModel holds every chat; one
ChatTabProxy per tab filters and orders it. Only the shown tab's proxy filters on a
keystroke; the others catch up when shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import (
    SEARCH_MODES_BY_TAB,
    Attendant,
    ChatFilters,
    ChatStatus,
    Origin,
    SearchBy,
    Tab,
)
from tiflux_desktop.services import ChatService, LookupService
from tiflux_desktop.store import ChatEntry, Counts
from tiflux_desktop.ui.delegates.chat_row import ChatRowDelegate
from tiflux_desktop.ui.icons import icon
from tiflux_desktop.ui.models.chat_list import ChatListModel
from tiflux_desktop.ui.models.chat_tab import ChatTabProxy
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.widgets.conversation_list import ConversationList
from tiflux_desktop.ui.widgets.filter_chips import FilterButton, FilterChips
from tiflux_desktop.ui.widgets.search_box import SearchBox
from tiflux_desktop.ui.wording import tab_label

TABS: tuple[Tab, ...] = (Tab.INBOX, Tab.MINE, Tab.IN_ATTENDANCE, Tab.ARCHIVED)
FIRST_PAGE = 60  # rows per tab painted before the rest of the cache is read
REPAINT_MS = 30_000  # "Waiting 12 min" moves on by itself


class ConversationsPane(QWidget):
    chat_opened = Signal(int)  # the attendant opened a chat (click, Enter, keyboard)
    new_chat_requested = Signal(object)  # ChatEntry to prefill from (Encerrados) or None

    def __init__(
        self,
        chats: ChatService,
        lookups: LookupService,
        signals: AppSignals,
        theme: Theme,
        tasks: Tasks,
        attendant_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._chats = chats
        self._lookups = lookups
        self._signals = signals
        self._theme = theme
        self._tasks = tasks
        self._attendant_id = attendant_id
        self._open: int | None = None
        self._counts = Counts()
        self._mode = SearchBy.REQUESTOR
        self._origins: tuple[Origin, ...] = ()
        self._statuses: tuple[ChatStatus, ...] = ()
        self._menu: QMenu | None = None

        self.model = ChatListModel(self)
        self.proxies: dict[Tab, ChatTabProxy] = {}
        self.views: dict[Tab, ConversationList] = {}
        self.delegate = ChatRowDelegate(theme, self)

        self.new_chat = QPushButton(icon("list-new-chat"), self.tr("&New chat"))
        self.new_chat.setToolTip(self.tr("Start a conversation with a customer"))
        self.filter_button = FilterButton()
        self.search = SearchBox()
        self.chips = FilterChips(theme)
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setAccessibleName(self.tr("Chat lists"))
        self.stack = QStackedWidget()
        for tab in TABS:
            proxy = ChatTabProxy(tab, attendant_id, self)
            proxy.setSourceModel(self.model)
            view = ConversationList()
            view.set_proxy(proxy)
            view.setItemDelegate(self.delegate)
            view.setAccessibleName(tab_label(tab))
            self.proxies[tab] = proxy
            self.views[tab] = view
            self.tabs.addTab(tab_label(tab))
            self.stack.addWidget(view)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.new_chat)
        top.addStretch(1)
        top.addWidget(self.filter_button)
        header = QVBoxLayout()
        header.setContentsMargins(8, 8, 8, 4)
        header.setSpacing(6)
        header.addLayout(top)
        header.addWidget(self.search)
        header.addWidget(self.chips)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.tabs)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.new_chat, self.filter_button)
        self.setTabOrder(self.filter_button, self.search.field)
        self.setTabOrder(self.search.field, self.search.mode)
        self.setTabOrder(self.search.mode, self.tabs)

        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(lambda: self.current_view().viewport().update())
        self._repaint.start()
        self._connect()
        self._tab_shown(0)
        self._apply_filters()
        self._update_labels()

    # --- wiring -------------------------------------------------------------------------

    def _connect(self) -> None:
        self.new_chat.clicked.connect(lambda: self.new_chat_requested.emit(None))
        self.search.text_changed.connect(lambda _t: self._apply_filters())
        self.search.mode_changed.connect(self._mode_chosen)
        self.search.down_pressed.connect(self._into_list)
        self.filter_button.changed.connect(self._filters_chosen)
        self.chips.removed.connect(self._chip_removed)
        self.chips.cleared.connect(lambda: self._filters_chosen((), ()))
        self.tabs.currentChanged.connect(self._tab_shown)
        for view in self.views.values():
            view.chat_activated.connect(self._activated)
            view.hovered_changed.connect(lambda _id, v=view: self._hold(v))
            view.context_requested.connect(self._context_menu)
        s = self._signals
        s.chats_changed.connect(self._chats_changed)
        s.counts_changed.connect(self._counts_changed)
        s.resynced.connect(self.reload)
        s.me_changed.connect(self._me_changed)
        # A bound method: Qt drops the connection with the pane (the Theme outlives it).
        self._theme.changed.connect(self._repaint_rows)

    def _repaint_rows(self) -> None:
        self.current_view().viewport().update()

    # --- the public API -------------------------------------------------------------------

    async def load(self) -> None:
        """Fill the lists from the cache: the first page of every tab at once (a fast first
        paint), then the rest; the attendant groups for the group search mode."""
        chats = self._chats
        counts = await chats.counts()
        first: dict[int, ChatEntry] = {}
        for tab in TABS:
            for entry in await chats.tab(tab, limit=FIRST_PAGE):
                first[entry.id] = entry
        self.model.reset(first.values())
        self._counts_changed(counts)
        self._restore_open()
        rest = await self._everything()
        self.model.apply([e for e in rest if self.model.row_of(e.id) is None])
        await self._load_groups()

    def reload(self) -> None:
        """After a resync: read the lists again and apply the difference (no reset, so the
        selection and the scroll position stay)."""
        self._tasks.spawn(self._reload(), key="conversations-reload")

    def select_chat(self, chat_id: int | None) -> None:
        """The open chat: selected in every tab that lists it, and held in place."""
        self._open = chat_id
        for view in self.views.values():
            view.show_open(chat_id)
        for view in self.views.values():
            self._hold(view)

    def focus_search(self) -> None:
        self.search.focus()

    def current_tab(self) -> Tab:
        return TABS[max(0, self.tabs.currentIndex())]

    def set_tab(self, tab: Tab) -> None:
        self.tabs.setCurrentIndex(TABS.index(tab))

    def current_view(self) -> ConversationList:
        return self.views[self.current_tab()]

    def step(self, delta: int) -> None:
        """Open the next (+1) or previous (-1) chat of the current tab."""
        view = self.current_view()
        proxy = self.proxies[self.current_tab()]
        count = proxy.rowCount()
        if count == 0:
            return
        here = proxy.row_of(self._open) if self._open is not None else None
        if here is None and view.currentIndex().isValid():
            here = view.currentIndex().row()
        row = (0 if delta > 0 else count - 1) if here is None else here + delta
        row = max(0, min(count - 1, row))
        chat_id = proxy.chat_id_at(row)
        if chat_id is None or chat_id == self._open:
            return
        view.setCurrentIndex(proxy.index(row, 0))
        self.chat_opened.emit(chat_id)

    def filters_for(self, tab: Tab) -> ChatFilters:
        """What the search field and the filter tool ask of ``tab``."""
        mode = self._mode if self._mode in SEARCH_MODES_BY_TAB[tab] else SearchBy.REQUESTOR
        return ChatFilters(
            q=self.search.text or None,
            search_by=mode,
            origins=self._origins,
            statuses=self._statuses if tab is Tab.IN_ATTENDANCE else (),
        )

    @property
    def counts(self) -> Counts:
        return self._counts

    # --- loading ------------------------------------------------------------------------

    async def _everything(self) -> list[ChatEntry]:
        # Em atendimento lists every open chat and Encerrados every closed one: together,
        # every chat the other tabs can list.
        open_ = await self._chats.tab(Tab.IN_ATTENDANCE)
        closed = await self._chats.tab(Tab.ARCHIVED)
        return open_ + closed

    async def _reload(self) -> None:
        fresh = await self._everything()
        counts = await self._chats.counts()
        known = {e.id for e in fresh}
        gone = [e.id for e in self.model.entries() if e.id not in known]
        self.model.apply(fresh, removed=gone)
        self._counts_changed(counts)
        self._restore_open()

    async def _load_groups(self) -> None:
        groups = await self._lookups.groups()
        by_name = {g.name: g.department_ids for g in groups}
        for proxy in self.proxies.values():
            proxy.set_groups(by_name)

    def _restore_open(self) -> None:
        if self._open is not None:
            self.select_chat(self._open)

    # --- following the core -----------------------------------------------------------------

    def _chats_changed(self, upserted: tuple[ChatEntry, ...], removed: frozenset[int]) -> None:
        self.model.apply(upserted, removed)
        if self._open is not None and any(e.id == self._open for e in upserted):
            # It may have just joined a tab (assumed: now in Meus): select it there too.
            for view in self.views.values():
                if view.current_chat() != self._open:
                    view.show_open(self._open)
            for view in self.views.values():
                self._hold(view)

    def _counts_changed(self, counts: Counts) -> None:
        self._counts = counts
        self._update_labels()

    def _me_changed(self, me: Attendant) -> None:
        if me.id != self._attendant_id:
            self._attendant_id = me.id
            for proxy in self.proxies.values():
                proxy.set_attendant(me.id)
        # Departments or groups may have changed: the group search reads them.
        self._tasks.spawn(self._load_groups(), key="conversations-groups")

    def _update_labels(self) -> None:
        for position, tab in enumerate(TABS):
            count = self._counts.of(tab)
            self.tabs.setTabText(
                position,
                self.tr("%1 %2", "a tab's name and how many chats it lists")
                .replace("%1", tab_label(tab))
                .replace("%2", str(count)),
            )
            self.tabs.setTabToolTip(
                position,
                self.tr("%1 (Ctrl+%2)")
                .replace("%1", tab_label(tab))
                .replace("%2", str(position + 1)),
            )

    # --- the attendant's choices ---------------------------------------------------------------

    def _tab_shown(self, position: int) -> None:
        tab = TABS[max(0, position)]
        self.stack.setCurrentIndex(max(0, position))
        modes = SEARCH_MODES_BY_TAB[tab]
        if self._mode not in modes:
            self._mode = SearchBy.REQUESTOR
        self.search.set_modes(modes, self._mode)
        self.filter_button.set_statuses_offered(tab is Tab.IN_ATTENDANCE)
        self._show_chips()
        for other, proxy in self.proxies.items():
            proxy.set_filters(self.filters_for(other))
            proxy.set_active(other is tab)

    def _mode_chosen(self, mode: SearchBy) -> None:
        self._mode = mode
        self._apply_filters()

    def _filters_chosen(
        self, origins: tuple[Origin, ...], statuses: tuple[ChatStatus, ...]
    ) -> None:
        self._origins = tuple(origins)
        self._statuses = tuple(statuses)
        self.filter_button.set_choice(self._origins, self._statuses)
        self._show_chips()
        self._apply_filters()

    def _chip_removed(self, what: Any) -> None:
        origins = tuple(o for o in self._origins if o != what)
        statuses = tuple(s for s in self._statuses if s != what)
        self._filters_chosen(origins, statuses)

    def _show_chips(self) -> None:
        statuses = self._statuses if self.current_tab() is Tab.IN_ATTENDANCE else ()
        self.chips.set_active(self._origins, statuses)
        self.filter_button.show_count(len(self._origins) + len(statuses))

    def _apply_filters(self) -> None:
        for tab, proxy in self.proxies.items():
            proxy.set_filters(self.filters_for(tab))  # asleep unless shown: only remembered
        narrowed = bool(self.search.text.strip() or self._origins or self._statuses)
        empty = (
            self.tr("No chat matches the search or the filters.")
            if narrowed
            else self.tr("No chats here.")
        )
        for view in self.views.values():
            view.set_empty_text(empty)

    def _activated(self, chat_id: int) -> None:
        self.chat_opened.emit(chat_id)

    def _into_list(self) -> None:
        view = self.current_view()
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    def _hold(self, view: ConversationList) -> None:
        proxy = view.proxy()
        if proxy is None:
            return
        proxy.set_held(i for i in (view.hovered, self._open) if i is not None)

    def _context_menu(self, chat_id: int, at: QPoint) -> None:
        if self.current_tab() is not Tab.ARCHIVED:
            return
        entry = self.model.entry(chat_id)
        if entry is None:
            return
        menu = QMenu(self)
        action = menu.addAction(icon("list-new-chat"), self.tr("New chat"))
        action.setToolTip(self.tr("Start a new conversation with this contact"))
        action.triggered.connect(lambda: self.new_chat_requested.emit(entry))
        menu.aboutToHide.connect(menu.deleteLater)
        self._menu = menu
        menu.popup(at)


__all__ = ["TABS", "ConversationsPane"]
