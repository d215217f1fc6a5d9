"""The conversation list against a real service: customers write in, attendants act, and
the list shows what an attendant relies on (Entrada with the red dot and counts, search by
each mode without accents, channel and status filters as chips, a row that stays put while
the list re-sorts, finished and cancelled chats told apart, the lists offline)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from machines import eventually
from support import ADMIN, GUPSHUP, WHATSAPP_CLOUD, WIDGET, Customer, Live
from tiflux_desktop.domain import ChatStatus, Origin, SearchBy, Tab
from tiflux_desktop.services import Session
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.ui.models.chat_list import ChatRole
from tiflux_desktop.ui.panes.conversations import ConversationsPane
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.wording import status_label, tab_label
from window_support import Attendants

JOAO_PHONE = "5511987650001"  # João da Silva, client Padaria Pão Quente Ltda
JOSE_PHONE = "5551987650005"  # José Antônio, client Mercado São João
SUPORTE_OPTION, VENDAS_OPTION, FINANCEIRO_OPTION = "1", "2", "3"
SHOTS = Path("/tmp")


class Screen:
    """A signed-in attendant's conversation list, shown on an offscreen window."""

    def __init__(self, session: Session, qtbot: QtBot) -> None:
        self.session = session
        self.signals = AppSignals(session.hub)
        self.tasks = Tasks()
        self.pane = ConversationsPane(
            session.chats,
            session.lookups,
            self.signals,
            Theme("light"),
            self.tasks,
            session.me.user.id,
        )
        self.tasks.setParent(self.pane)  # cancelled with the pane at the end of the test
        qtbot.addWidget(self.pane)
        self.pane.resize(380, 640)
        self.pane.show()

    def ids(self, tab: Tab) -> list[int]:
        return self.pane.proxies[tab].visible_ids()

    def row(self, tab: Tab, chat_id: int) -> int | None:
        return self.pane.proxies[tab].row_of(chat_id)

    def data(self, tab: Tab, chat_id: int, role: int) -> Any:
        proxy = self.pane.proxies[tab]
        row = proxy.row_of(chat_id)
        assert row is not None, f"chat {chat_id} is not listed in {tab}"
        return proxy.index(row, 0).data(role)

    def tab_text(self, tab: Tab) -> str:
        return self.pane.tabs.tabText(list(Tab).index(tab))

    async def close(self) -> None:
        await self.tasks.drain()
        self.signals.deleteLater()


@asynccontextmanager
async def signed_in(attendants: Attendants, qtbot: QtBot) -> AsyncIterator[Screen]:
    """ADMINISTRADOR's list, loaded; closed with its session before the test ends. Not a
    fixture: pytest-qt processes Qt events between the phases of a test, outside the
    qasync loop, which would run a live session's pending loop callbacks without a loop."""
    session = await attendants.sign_in(ADMIN)
    try:
        await session.chats.set_online(True)  # only Online attendants assume
        screen = Screen(session, qtbot)
        await screen.pane.load()
        yield screen
        screen.pane.close()
    finally:
        await attendants.close(session)


async def settle() -> None:
    """Let the loop run Qt's pending events (layouts, paints). Never processEvents() inside
    a coroutine: it runs qasync's callbacks nested in the current task and loses them."""
    await asyncio.sleep(0.05)


def move_pointer(widget: QWidget, at: QPoint) -> None:
    """A mouse move delivered at once (QTest's may spin the event loop)."""
    global_at = widget.mapToGlobal(at)
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(at),
        QPointF(global_at),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def write_in(
    live: Live,
    name: str,
    option: str | None,
    *,
    integration: int = WIDGET,
    phone: str | None = None,
) -> tuple[Customer, int]:
    """A customer writes in and (unless ``option`` is None, staying in Triagem) chooses a
    department in the chatbot's menu."""
    customer = live.customer(integration, name=name, telephone=phone)
    chat_id = int(customer.say("Olá, preciso de ajuda")["chat_id"])
    if option is not None:
        customer.say(option)
    return customer, chat_id


async def test_a_new_chat_shows_in_entrada_with_the_red_dot_and_the_count(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        assert admin.tab_text(Tab.INBOX) == f"{tab_label(Tab.INBOX)} 0"
        # Through a provider channel, which vouches for the number: João's known contact and
        # client (a widget visitor is always a contact of their own).
        _customer, chat_id = write_in(
            live, "João da Silva", SUPORTE_OPTION, integration=GUPSHUP, phone=JOAO_PHONE
        )
        await eventually(lambda: chat_id in admin.ids(Tab.INBOX), what="the chat in Entrada")
        assert admin.data(Tab.INBOX, chat_id, ChatRole.IS_NEW) is True
        assert admin.data(Tab.INBOX, chat_id, ChatRole.REQUESTER) == "João da Silva"
        assert admin.data(Tab.INBOX, chat_id, ChatRole.CLIENT) == "Padaria Pão Quente Ltda"
        assert admin.data(Tab.INBOX, chat_id, ChatRole.ORIGIN) == Origin.GUPSHUP
        await eventually(
            lambda: admin.tab_text(Tab.INBOX) == f"{tab_label(Tab.INBOX)} 1", what="Entrada 1"
        )
        assert admin.tab_text(Tab.IN_ATTENDANCE) == f"{tab_label(Tab.IN_ATTENDANCE)} 1"
        assert admin.tab_text(Tab.MINE) == f"{tab_label(Tab.MINE)} 0"
        assert chat_id in admin.ids(Tab.IN_ATTENDANCE)
        assert admin.ids(Tab.MINE) == []

        # A second one waits less: Entrada lists the oldest waiting first.
        _other, second = write_in(live, "Beatriz Ramos", FINANCEIRO_OPTION, integration=GUPSHUP)
        await eventually(lambda: second in admin.ids(Tab.INBOX), what="the second chat")
        assert admin.ids(Tab.INBOX) == [chat_id, second]
        await eventually(lambda: admin.tab_text(Tab.INBOX).endswith(" 2"), what="Entrada 2")

        # Opened here: no longer new. Assumed: it leaves Entrada for Meus, counts follow.
        await admin.session.chats.open(chat_id)
        await admin.session.chats.assume(chat_id)
        await eventually(lambda: chat_id in admin.ids(Tab.MINE), what="the chat in Meus")
        assert chat_id not in admin.ids(Tab.INBOX)
        assert admin.data(Tab.MINE, chat_id, ChatRole.IS_NEW) is False
        await eventually(lambda: admin.tab_text(Tab.MINE).endswith(" 1"), what="Meus 1")
        assert admin.tab_text(Tab.INBOX).endswith(" 1")

        admin.pane.set_tab(Tab.INBOX)
        await settle()
        admin.pane.grab().save(str(SHOTS / "conversations-inbox.png"))


async def test_search_each_mode_ignores_accents(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        _a, joao = write_in(
            live, "João da Silva", SUPORTE_OPTION, integration=GUPSHUP, phone=JOAO_PHONE
        )
        _b, jose = write_in(
            live, "José Antônio", VENDAS_OPTION, integration=WHATSAPP_CLOUD, phone=JOSE_PHONE
        )
        _c, beatriz = write_in(live, "Beatriz Ramos", FINANCEIRO_OPTION, integration=GUPSHUP)
        await eventually(
            lambda: {joao, jose, beatriz} <= set(admin.ids(Tab.INBOX)), what="three chats"
        )
        await admin.session.chats.assume(jose)  # responsible: ADMINISTRADOR
        await eventually(lambda: jose in admin.ids(Tab.MINE), what="José's chat assumed")
        pane = admin.pane
        search = pane.search

        pane.set_tab(Tab.INBOX)
        # Em atendimento's extra modes are not offered in Entrada.
        offered = {SearchBy(search.mode.itemData(i)) for i in range(search.mode.count())}
        assert offered == {SearchBy.REQUESTOR, SearchBy.CLIENT, SearchBy.DEPARTMENT}
        assert search.current_mode is SearchBy.REQUESTOR  # the default
        qtbot.keyClicks(search.field, "joao")
        assert admin.ids(Tab.INBOX) == [joao]
        search.set_text("JOÃO   DA silva")
        assert admin.ids(Tab.INBOX) == [joao]
        search.set_mode(SearchBy.CLIENT)
        search.set_text("pao quente")
        assert admin.ids(Tab.INBOX) == [joao]
        search.set_mode(SearchBy.DEPARTMENT)
        search.set_text("financ")
        assert admin.ids(Tab.INBOX) == [beatriz]

        pane.set_tab(Tab.IN_ATTENDANCE)
        offered = {SearchBy(search.mode.itemData(i)) for i in range(search.mode.count())}
        assert offered == set(SearchBy)
        search.set_mode(SearchBy.RESPONSIBLE)
        search.set_text("administrador")
        assert admin.ids(Tab.IN_ATTENDANCE) == [jose]
        search.set_mode(SearchBy.ATTENDANT_GROUP)
        search.set_text("comercial")  # Equipe Comercial attends Vendas
        assert admin.ids(Tab.IN_ATTENDANCE) == [jose]
        search.set_text("equipe suporte")
        assert admin.ids(Tab.IN_ATTENDANCE) == [joao]

        # Back in Entrada the group mode is not offered: the requester mode comes back.
        pane.set_tab(Tab.INBOX)
        assert search.current_mode is SearchBy.REQUESTOR
        search.set_text("")
        assert set(admin.ids(Tab.INBOX)) == {joao, beatriz}


async def test_channel_and_status_filters_combine_and_clear_as_chips(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        _a, joao = write_in(live, "João da Silva", SUPORTE_OPTION, phone=JOAO_PHONE)
        _b, jose = write_in(
            live, "José Antônio", VENDAS_OPTION, integration=WHATSAPP_CLOUD, phone=JOSE_PHONE
        )
        _c, thiago = write_in(live, "Thiago Moreira", None)  # still in the chatbot: Triagem
        await eventually(lambda: {joao, jose} <= set(admin.ids(Tab.INBOX)), what="two chats")
        await eventually(lambda: thiago in admin.ids(Tab.IN_ATTENDANCE), what="the triage chat")
        assert admin.data(Tab.IN_ATTENDANCE, thiago, ChatRole.STATUS) == ChatStatus.TRIAGE
        pane = admin.pane
        button = pane.filter_button
        pane.set_tab(Tab.IN_ATTENDANCE)
        assert button.action_for(ChatStatus.TRIAGE).isVisible()

        button.action_for(Origin.SITE_WIDGET).trigger()
        assert set(admin.ids(Tab.IN_ATTENDANCE)) == {joao, thiago}
        button.action_for(ChatStatus.TRIAGE).trigger()  # channel and status together
        assert admin.ids(Tab.IN_ATTENDANCE) == [thiago]
        button.action_for(ChatStatus.WAITING_ATTENDANCE).trigger()
        assert set(admin.ids(Tab.IN_ATTENDANCE)) == {joao, thiago}
        chips = {chip.text(): chip for chip in pane.chips.chips()}
        assert set(chips) == {
            "Website widget",
            status_label(ChatStatus.TRIAGE),
            status_label(ChatStatus.WAITING_ATTENDANCE),
        }
        assert pane.chips.isVisible()

        chips["Website widget"].click()  # clearing a chip widens the list
        assert not button.action_for(Origin.SITE_WIDGET).isChecked()
        assert set(admin.ids(Tab.IN_ATTENDANCE)) == {joao, jose, thiago}
        await settle()
        pane.grab().save(str(SHOTS / "conversations-filters.png"))

        # Statuses are Em atendimento's: Entrada shows neither their part nor their chips.
        pane.set_tab(Tab.INBOX)
        assert not button.action_for(ChatStatus.TRIAGE).isVisible()
        assert pane.chips.chips() == []
        assert set(admin.ids(Tab.INBOX)) == {joao, jose}
        button.action_for(Origin.WHATSAPP_CLOUD).trigger()
        assert admin.ids(Tab.INBOX) == [jose]
        pane.chips.cleared.emit()
        assert set(admin.ids(Tab.INBOX)) == {joao, jose}
        pane.set_tab(Tab.IN_ATTENDANCE)
        assert set(admin.ids(Tab.IN_ATTENDANCE)) == {joao, jose, thiago}


async def test_the_open_row_and_the_row_under_the_pointer_stay_put(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        customers: list[tuple[Customer, int]] = [
            write_in(live, f"Cliente {n}", SUPORTE_OPTION) for n in range(5)
        ]
        chat_ids = [chat_id for _c, chat_id in customers]
        await eventually(lambda: set(chat_ids) <= set(admin.ids(Tab.IN_ATTENDANCE)), what="5 chats")
        pane = admin.pane
        pane.set_tab(Tab.IN_ATTENDANCE)
        view = pane.current_view()
        await settle()
        order = admin.ids(Tab.IN_ATTENDANCE)
        assert order == sorted(order, reverse=True)  # latest activity first

        # The open chat is the third row; another chat's new message floats it to the top.
        held = order[2]
        pane.select_chat(held)
        top_before = view.visualRect(view.currentIndex()).top()
        mover = next(c for c, i in customers if i == order[4])
        mover.say("alguém aí?")
        await eventually(lambda: admin.ids(Tab.IN_ATTENDANCE)[0] == order[4], what="re-sorted")
        await settle()
        assert view.current_chat() == held
        assert view.visualRect(view.currentIndex()).top() == top_before
        # Its own new message does not float it either, while it is open.
        talker = next(c for c, i in customers if i == held)
        talker.say("mais uma coisa")
        await eventually(
            lambda: (
                (admin.session.chats and True)
                and admin.data(Tab.IN_ATTENDANCE, held, ChatRole.PREVIEW) == "mais uma coisa"
            ),
            what="the held chat updated",
        )
        await settle()
        assert view.visualRect(view.currentIndex()).top() == top_before

        # The row under the pointer stays under it.
        pointed = admin.ids(Tab.IN_ATTENDANCE)[-1]
        rect = view.visualRect(
            pane.proxies[Tab.IN_ATTENDANCE].index(admin.row(Tab.IN_ATTENDANCE, pointed) or 0, 0)
        )
        move_pointer(view.viewport(), rect.center())
        assert view.hovered == pointed
        next(c for c, i in customers if i == pointed).say("oi?")
        await eventually(
            lambda: admin.data(Tab.IN_ATTENDANCE, pointed, ChatRole.PREVIEW) == "oi?",
            what="the pointed chat updated",
        )
        await settle()
        assert view.indexAt(rect.center()).data(ChatRole.CHAT_ID) == pointed

        # Another chat opened: the first one is released and finds its place by activity.
        pane.select_chat(None)
        QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))  # the pointer left the list
        assert admin.ids(Tab.IN_ATTENDANCE)[0] == pointed


async def test_encerrados_tells_finished_from_cancelled_and_shows_the_rating(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        _a, finished = write_in(live, "João da Silva", SUPORTE_OPTION, phone=JOAO_PHONE)
        _b, cancelled = write_in(live, "Beatriz Ramos", FINANCEIRO_OPTION)
        await eventually(lambda: {finished, cancelled} <= set(admin.ids(Tab.INBOX)), what="chats")
        chats = admin.session.chats
        await chats.assume(finished)
        await chats.finish(finished)
        await chats.cancel(cancelled)
        await eventually(
            lambda: {finished, cancelled} <= set(admin.ids(Tab.ARCHIVED)), what="both closed"
        )
        assert admin.data(Tab.ARCHIVED, finished, ChatRole.STATUS) == ChatStatus.FINISHED
        assert admin.data(Tab.ARCHIVED, cancelled, ChatRole.STATUS) == ChatStatus.CANCELED
        assert admin.ids(Tab.INBOX) == []
        await eventually(lambda: admin.tab_text(Tab.ARCHIVED).endswith(" 2"), what="Encerrados 2")

        # The customer rates the finished chat (the service has no rating route of its own
        # yet: the change arrives through the hub as the sync publishes it).
        entry = await chats.chat(finished)
        assert entry is not None
        rated = ChatEntry(
            dataclasses.replace(entry.chat, assessment=4, version=entry.chat.version + 1)
        )
        admin.session.hub.chats([rated])
        await eventually(
            lambda: admin.data(Tab.ARCHIVED, finished, ChatRole.RATING) == 4, what="the rating"
        )
        delegate = admin.pane.delegate
        assert delegate.rating_text(4) == "★★★★☆"
        tip = delegate.tooltip(
            admin.pane.proxies[Tab.ARCHIVED].index(admin.row(Tab.ARCHIVED, finished) or 0, 0)
        )
        assert status_label(ChatStatus.FINISHED) in tip
        assert "4 of 5" in tip

        # "Novo chat" for that contact, from the keyboard's context menu key.
        pane = admin.pane
        pane.set_tab(Tab.ARCHIVED)
        view = pane.current_view()
        view.setCurrentIndex(
            pane.proxies[Tab.ARCHIVED].index(admin.row(Tab.ARCHIVED, finished) or 0, 0)
        )
        asked: list[object] = []
        pane.new_chat_requested.connect(asked.append)
        QApplication.sendEvent(
            view.viewport(),
            QContextMenuEvent(
                QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), view.mapToGlobal(QPoint(1, 1))
            ),
        )
        menu = pane._menu  # pyright: ignore[reportPrivateUsage]
        assert menu is not None
        await settle()
        pane.grab().save(str(SHOTS / "conversations-archived.png"))
        menu.actions()[0].trigger()
        assert len(asked) == 1
        assert isinstance(asked[0], ChatEntry)
        assert asked[0].id == finished
        pane.new_chat.click()
        assert asked[-1] is None


async def test_keyboard_moves_and_opens(live: Live, attendants: Attendants, qtbot: QtBot) -> None:
    async with signed_in(attendants, qtbot) as admin:
        ids = [write_in(live, f"Pessoa {n}", SUPORTE_OPTION)[1] for n in range(3)]
        await eventually(lambda: set(ids) <= set(admin.ids(Tab.INBOX)), what="3 chats")
        pane = admin.pane
        opened: list[int] = []
        pane.chat_opened.connect(opened.append)
        pane.focus_search()
        assert pane.search.field.hasFocus() or QApplication.focusWidget() in (
            pane.search.field,
            None,
        )
        qtbot.keyClick(pane.search.field, Qt.Key.Key_Down)  # into the list, first row
        view = pane.current_view()
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert opened == [ids[1]]  # Entrada: oldest first
        pane.select_chat(ids[1])
        pane.step(1)
        assert opened[-1] == ids[2]
        pane.select_chat(ids[2])
        pane.step(-1)
        assert opened[-1] == ids[1]
        pane.set_tab(Tab.ARCHIVED)
        assert pane.current_tab() is Tab.ARCHIVED


async def test_the_cached_lists_are_browsable_and_searchable_offline(
    live: Live, attendants: Attendants, qtbot: QtBot
) -> None:
    machine = attendants.machine()
    online = await attendants.sign_in(ADMIN, machine)
    _a, joao = write_in(live, "João da Silva", SUPORTE_OPTION, phone=JOAO_PHONE)
    _b, beatriz = write_in(live, "Beatriz Ramos", FINANCEIRO_OPTION)
    await eventually(
        lambda: _cached(online, {joao, beatriz}), what="the chats in the attendant's cache"
    )
    await attendants.close(online)

    offline = await Session.resume(machine.env())  # not started: no network at all
    try:
        screen = Screen(offline, qtbot)
        await screen.pane.load()
        assert screen.ids(Tab.INBOX) == [joao, beatriz]
        assert screen.tab_text(Tab.INBOX).endswith(" 2")
        screen.pane.search.set_text("joao")
        assert screen.ids(Tab.INBOX) == [joao]
        await screen.close()
    finally:
        await offline.close()


async def _cached(session: Session, ids: set[int]) -> bool:
    return ids <= {e.id for e in await session.chats.tab(Tab.INBOX)}


async def test_the_pane_models_pass_the_model_tester(
    live: Live, attendants: Attendants, qtbot: QtBot, pytestconfig: pytest.Config
) -> None:
    async with signed_in(attendants, qtbot) as admin:
        _a, joao = write_in(live, "João da Silva", SUPORTE_OPTION, phone=JOAO_PHONE)
        await eventually(lambda: joao in admin.ids(Tab.INBOX), what="the chat")
        # One tester per model: a tester keeps the change in flight of the model it watches.
        testers = [ModelTester(pytestconfig) for _ in range(5)]
        models = [admin.pane.model, *admin.pane.proxies.values()]
        try:
            for tester, model in zip(testers, models, strict=True):
                tester.check(model, force_py=True)
            # Live changes while the testers watch: a new chat, an assume, a search, a hold,
            # a new message that re-sorts around the held row, a release.
            _b, beatriz = write_in(live, "Beatriz Ramos", FINANCEIRO_OPTION)
            await eventually(lambda: beatriz in admin.ids(Tab.INBOX), what="the second chat")
            _c, carla = write_in(live, "Carla Dias", SUPORTE_OPTION)
            await eventually(lambda: carla in admin.ids(Tab.INBOX), what="the third chat")
            admin.pane.set_tab(Tab.IN_ATTENDANCE)
            admin.pane.select_chat(admin.ids(Tab.IN_ATTENDANCE)[1])
            await admin.session.chats.assume(joao)
            await eventually(lambda: joao in admin.ids(Tab.MINE), what="assumed")
            admin.pane.search.set_text("beatriz")
            admin.pane.search.set_text("")
            admin.pane.select_chat(None)
            admin.pane.set_tab(Tab.INBOX)
        finally:
            for tester in testers:
                tester._cleanup()  # pyright: ignore[reportPrivateUsage]
