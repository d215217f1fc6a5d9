"""The conversation list's models: exact adapters of ChangeSets, tabs that ask the domain,
and a held row that does not move while the list re-sorts around it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tiflux_desktop.domain import (
    Chat,
    ChatFilters,
    ChatStatus,
    Origin,
    Ref,
    SearchBy,
    StartedBy,
    Tab,
)
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.sync import ChangeHub, ChangeSet
from tiflux_desktop.ui.models.chat_list import ChatListModel, ChatRole
from tiflux_desktop.ui.models.chat_tab import ChatTabProxy
from tiflux_desktop.ui.signals import AppSignals

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ME = 1


def entry(
    chat_id: int,
    *,
    minutes: float = 0,
    status: ChatStatus = ChatStatus.WAITING_ATTENDANCE,
    requestor: str = "João",
    responsible: int | None = None,
    origin: Origin = Origin.GUPSHUP,
    unread: int = 0,
    version: int = 1,
    department: int = 1,
) -> ChatEntry:
    at = T0 + timedelta(minutes=minutes)
    chat = Chat(
        id=chat_id,
        status=status,
        origin=origin,
        started_by=StartedBy.CLIENT,
        created_at=at,
        updated_at=at,
        waiting_since=at,
        last_message_at=at,
        requestor=Ref(100 + chat_id, requestor),
        client=Ref(7, "Padaria Pão Quente"),
        department=Ref(department, "Suporte" if department == 1 else "Vendas"),
        responsible=Ref(responsible, "Ana") if responsible else None,
        version=version,
    )
    return ChatEntry(chat, unread=unread)


def ids(proxy: ChatTabProxy) -> list[int]:
    return [proxy.index(row, 0).data(ChatRole.CHAT_ID) for row in range(proxy.rowCount())]


def test_the_model_passes_the_model_tester_through_every_kind_of_change(
    qtmodeltester: ModelTester,
) -> None:
    model = ChatListModel()
    model.reset([entry(1), entry(2, minutes=5)])
    qtmodeltester.check(model, force_py=True)
    model.apply([entry(3, minutes=1), entry(1, unread=2, version=2)], removed=[2])
    qtmodeltester.check(model, force_py=True)
    proxy = ChatTabProxy(Tab.INBOX, ME)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)


def test_increments_never_reset_and_say_which_roles_changed(qtbot: QtBot) -> None:
    model = ChatListModel()
    model.reset([entry(1), entry(2)])
    resets: list[bool] = []
    changed: list[list[int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(
        lambda _a, _b, roles: changed.append(list(roles))  # pyright: ignore[reportUnknownLambdaType]
    )
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.apply([entry(1, unread=3, version=2), entry(5), entry(6)])
    assert not resets
    assert inserted == [(2, 3)]  # one batch for the new ones
    assert len(changed) == 1
    assert ChatRole.UNREAD in changed[0]
    assert ChatRole.REQUESTER not in changed[0]
    model.apply([], removed=[2, 99])
    assert model.row_of(2) is None
    assert [model.index(r).data(ChatRole.CHAT_ID) for r in range(model.rowCount())] == [1, 5, 6]
    assert model.row_of(6) == 2


def test_tabs_list_what_the_domain_says_in_its_order() -> None:
    model = ChatListModel()
    model.reset(
        [
            entry(1, minutes=10),
            entry(2, minutes=0),
            entry(3, minutes=5, status=ChatStatus.IN_ATTENDANCE, responsible=ME),
            entry(4, minutes=7, status=ChatStatus.FINISHED),
        ]
    )
    tabs = {tab: ChatTabProxy(tab, ME) for tab in Tab}
    for proxy in tabs.values():
        proxy.setSourceModel(model)
    assert ids(tabs[Tab.INBOX]) == [2, 1]  # oldest waiting first
    assert ids(tabs[Tab.MINE]) == [3]
    assert ids(tabs[Tab.IN_ATTENDANCE]) == [1, 3, 2]
    assert ids(tabs[Tab.ARCHIVED]) == [4]
    # Assumed elsewhere: it leaves Entrada and appears in Meus at once.
    model.apply([entry(2, status=ChatStatus.IN_ATTENDANCE, responsible=ME, version=2)])
    assert ids(tabs[Tab.INBOX]) == [1]
    assert ids(tabs[Tab.MINE]) == [3, 2]


def test_search_and_filters_ignore_accents_and_combine() -> None:
    model = ChatListModel()
    model.reset(
        [
            entry(1, requestor="João Conceição"),
            entry(2, requestor="Maria", origin=Origin.SITE_WIDGET),
            entry(3, requestor="Joana", department=2),
        ]
    )
    proxy = ChatTabProxy(Tab.INBOX, ME)
    proxy.setSourceModel(model)
    proxy.set_filters(ChatFilters(q="joao conceicao"))
    assert ids(proxy) == [1]
    proxy.set_filters(ChatFilters(origins=(Origin.SITE_WIDGET,)))
    assert ids(proxy) == [2]
    proxy.set_filters(ChatFilters(q="vendas", search_by=SearchBy.DEPARTMENT))
    assert ids(proxy) == [3]
    proxy.set_groups({"Equipe Comercial": frozenset({2})})
    proxy.set_filters(ChatFilters(q="comércial", search_by=SearchBy.ATTENDANT_GROUP))
    assert ids(proxy) == [3]


def test_a_held_row_keeps_its_place_while_the_list_resorts() -> None:
    model = ChatListModel()
    model.reset([entry(1, minutes=0), entry(2, minutes=1), entry(3, minutes=2)])
    proxy = ChatTabProxy(Tab.IN_ATTENDANCE, ME)
    proxy.setSourceModel(model)
    assert ids(proxy) == [3, 2, 1]  # latest activity first
    proxy.hold(1)  # under the pointer
    model.apply([entry(1, minutes=30, version=2)])  # a new message would float it up
    assert ids(proxy) == [3, 2, 1]
    proxy.hold(None)  # the pointer left
    assert ids(proxy) == [1, 3, 2]


def test_app_signals_turn_a_changeset_into_signals(qtbot: QtBot) -> None:
    hub = ChangeHub()
    signals = AppSignals(hub)
    got: dict[str, Any] = {}
    signals.chats_changed.connect(lambda up, gone: got.update(chats=(up, gone)))
    signals.resynced.connect(lambda: got.update(resynced=True))
    change = ChangeSet(chats_upserted=(entry(1),), chats_removed=frozenset({2}), resynced=True)
    signals.publish(change)
    assert got["chats"] == (change.chats_upserted, change.chats_removed)
    assert got["resynced"] is True
    assert signals.parent() is None
    assert QModelIndex().isValid() is False


def test_a_held_row_keeps_its_row_while_others_float_above_it() -> None:
    model = ChatListModel()
    model.reset([entry(i, minutes=i) for i in range(1, 6)])
    proxy = ChatTabProxy(Tab.IN_ATTENDANCE, ME)
    proxy.setSourceModel(model)
    assert ids(proxy) == [5, 4, 3, 2, 1]
    proxy.set_held([3])  # the open chat, third row
    model.apply([entry(1, minutes=60, version=2)])  # floats from the bottom to the top
    assert ids(proxy).index(3) == 2
    assert ids(proxy) == [1, 5, 3, 4, 2]
    model.apply([entry(3, minutes=90, version=2)])  # its own message: it stays too
    assert ids(proxy).index(3) == 2
    model.apply([], removed=[5])  # one above it leaves the tab
    assert ids(proxy).index(3) == 2
    model.apply([entry(9, minutes=120)])  # a new one arrives on top
    assert ids(proxy).index(3) == 2
    proxy.set_held([])  # released: it goes where the order puts it (latest activity)
    assert ids(proxy) == [9, 3, 1, 4, 2]


def test_typing_narrows_and_erasing_widens_to_exactly_what_a_fresh_filter_gives() -> None:
    names = ["João Silva", "Joana Simões", "José Souza", "Maria Conceição", "Jônatas"]
    model = ChatListModel()
    model.reset([entry(i + 1, minutes=i, requestor=n) for i, n in enumerate(names)])
    proxy = ChatTabProxy(Tab.INBOX, ME)
    proxy.setSourceModel(model)
    for typed in ["j", "jo", "joa", "joao", "joao s", "joao", "jo", "", "conc", "SIMÕES"]:
        proxy.set_filters(ChatFilters(q=typed or None))
        fresh = ChatTabProxy(Tab.INBOX, ME)
        fresh.setSourceModel(model)
        fresh.set_filters(ChatFilters(q=typed or None))
        assert ids(proxy) == ids(fresh), typed
    proxy.set_filters(ChatFilters(q="jo"))
    assert ids(proxy) == [1, 2, 3, 5]


def test_a_hidden_tab_filters_when_shown_and_follows_changes_meanwhile() -> None:
    model = ChatListModel()
    model.reset([entry(1, requestor="João"), entry(2, minutes=1, requestor="Maria")])
    proxy = ChatTabProxy(Tab.INBOX, ME)
    proxy.setSourceModel(model)
    proxy.set_active(False)
    proxy.set_filters(ChatFilters(q="maria"))
    assert ids(proxy) == [1, 2]  # asleep: remembered, not applied
    model.apply([entry(3, minutes=2, requestor="Mariana")], removed=[1])
    proxy.set_active(True)
    assert ids(proxy) == [2, 3]


def test_every_proxy_change_passes_the_model_tester(pytestconfig: Any) -> None:
    model = ChatListModel()
    model.reset([entry(i, minutes=i, requestor=f"Cliente {i}") for i in range(1, 8)])
    proxy = ChatTabProxy(Tab.IN_ATTENDANCE, ME)
    proxy.setSourceModel(model)
    tester = ModelTester(pytestconfig)
    tester.check(proxy, force_py=True)
    try:
        proxy.set_held([4])
        model.apply([entry(1, minutes=50, version=2), entry(20, minutes=60)], removed=[7])
        proxy.set_filters(ChatFilters(q="cliente 2"))
        proxy.set_filters(ChatFilters(q="cliente"))
        proxy.set_filters(ChatFilters(origins=(Origin.SITE_WIDGET,)))
        proxy.set_filters(ChatFilters())
        model.apply([entry(2, status=ChatStatus.FINISHED, version=2)])  # leaves the tab
        proxy.set_held([])
        many = [entry(100 + i, minutes=-i) for i in range(100)]  # a batch: one layout change
        model.apply(many)
        assert proxy.rowCount() == 7 - 2 + 1 + 100
    finally:
        tester._cleanup()  # pyright: ignore[reportPrivateUsage]
