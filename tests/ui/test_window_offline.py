"""Offline, the window keeps working from the cache: the lists and the history stay
browsable and searchable, what the attendant sends queues, and it goes out once the
service is back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from core.core_support import RestartableService
from machines import Machine, eventually
from support import ANA, DEMO_PASSWORD
from tiflux_desktop.domain import Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.services import Session
from tiflux_desktop.store import OutboxState
from window_support import open_window


async def test_offline_the_cache_is_browsed_searched_and_sends_queue(
    qtbot, service: RestartableService, tmp_path: Path
) -> None:
    customer = service.live.customer(name="João Açaí")
    chat_id = customer.open_chat("1")
    customer.say("Meu pedido não chegou")
    session = await Session.sign_in(
        Machine(tmp_path / "m").env(), service.base_url, ANA, DEMO_PASSWORD
    )
    try:
        await session.start()
        await session.chats.set_online(True)
        await eventually(lambda: session.chats.chat(chat_id), what="synced")
        await session.chats.assume(chat_id)
        window = await open_window(qtbot, session)
        screen = window.screen
        await window.click_row(qtbot, Tab.MINE, chat_id)
        await eventually(lambda: screen.messages.chat_id == chat_id, what="messages shown")

        await service.astop()
        await eventually(
            lambda: screen.corner.connection.text() != "Connected",
            timeout=20,
            what="the corner says the connection is down",
        )
        assert session.connection is not ConnectionState.ONLINE

        # The list is still there and searchable without accents.
        screen.close_chat()
        screen.conversations.set_tab(Tab.MINE)
        screen.conversations.search.field.setText("joao acai")
        await eventually(
            lambda: screen.conversations.proxies[Tab.MINE].row_of(chat_id) is not None,
            what="found offline",
        )
        screen.conversations.search.field.setText("ninguem")
        await eventually(
            lambda: screen.conversations.proxies[Tab.MINE].rowCount() == 0, what="no match"
        )
        screen.conversations.search.field.clear()

        # The cached history opens; a reply queues.
        await window.click_row(qtbot, Tab.MINE, chat_id)
        await eventually(lambda: screen.messages.model.rowCount() >= 3, what="cached history shown")
        editor = screen.composer.editor
        editor.setFocus()
        qtbot.keyClicks(editor, "Vou verificar assim que possivel")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        pending = await eventually(
            lambda: session.composer.pending(chat_id), what="queued in the outbox"
        )
        assert pending[0].state in (OutboxState.QUEUED, OutboxState.SENDING)

        # The service comes back: the reply is delivered, once.
        await service.astart()
        session.sync.nudge()
        await eventually(
            lambda: any(
                m.get("text") == "Vou verificar assim que possivel" for m in customer.inbox_all()
            ),
            timeout=30,
            what="delivered after the service returned",
        )
        await eventually(
            lambda: screen.corner.connection.text() == "Connected", timeout=20, what="online"
        )
        texts = [m.get("text") for m in customer.inbox_all()]
        assert texts.count("Vou verificar assim que possivel") == 1
    finally:
        await session.close()
