"""A transfer moves a chat out of one attendant's sight and into another's: the one who lost
access no longer has it (nor its messages) in the cache; the one who gained it does."""

from __future__ import annotations

import asyncio

import pytest

from core_support import RestartableService, Running, Sessions, cached_messages, eventually, ids
from support import ADMIN, ANA, BRUNO, VENDAS
from tiflux_desktop.domain import Refusal, Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.services import Refused


async def _online(sessions: Sessions, email: str) -> Running:
    running = await sessions.sign_in(email)
    await eventually(lambda: running.session.connection is ConnectionState.ONLINE)
    return running


async def _gone(ana: Running, chat_id: int) -> None:
    """Nothing of the chat is left in Ana's cache or lists, and her window was told."""
    assert chat_id in ana.removed_chats()
    assert await ana.session.chats.chat(chat_id) is None
    for tab in Tab:
        assert chat_id not in ids(await ana.session.chats.tab(tab))
    assert await cached_messages(ana.session.store, chat_id) == []
    found = await ana.session.chats.search("impressora")
    assert chat_id not in {h.message.chat_id for h in found.messages}


async def test_a_chat_transferred_away_leaves_the_cache_and_reaches_the_new_department(
    service: RestartableService, sessions: Sessions
) -> None:
    ana = await _online(sessions, ANA)
    bruno = await _online(sessions, BRUNO)
    admin = await _online(sessions, ADMIN)
    customer = service.live.customer(name="Cliente Transferência")
    chat_id = await asyncio.to_thread(customer.open_chat, "1")
    said = (await asyncio.to_thread(customer.say, "A impressora parou"))["message_id"]
    await eventually(lambda: said in ana.appended_ids(), what="Ana got the message")
    await eventually(lambda: said in admin.appended_ids(), what="the admin got the message")
    assert chat_id in ids(await ana.session.chats.tab(Tab.INBOX))
    assert await bruno.session.chats.chat(chat_id) is None
    # Ana may not send it where she cannot follow.
    with pytest.raises(Refused) as refused:
        await ana.session.chats.transfer(chat_id, department_id=VENDAS)
    assert refused.value.refusal is Refusal.NO_DEPARTMENT_ACCESS

    moved = await admin.session.chats.transfer(chat_id, department_id=VENDAS)
    assert moved is not None  # an admin sees every department
    assert moved.chat.department is not None
    assert moved.chat.department.id == VENDAS

    await eventually(lambda: chat_id in ana.removed_chats(), what="Ana's window was told")
    await _gone(ana, chat_id)
    await eventually(lambda: chat_id in bruno.upserted_chats(), what="Bruno's window was told")
    assert chat_id in ids(await bruno.session.chats.tab(Tab.INBOX))
    page = await bruno.session.chats.open(chat_id)
    assert said in [m.id for m in page.messages]  # the history comes with it

    response = service.live.attendant(ANA).get(f"/chats/{chat_id}")
    assert response.status_code in (403, 404)  # the service agrees


async def test_a_transfer_while_the_app_was_closed_is_applied_on_the_next_start(
    service: RestartableService, sessions: Sessions
) -> None:
    customer = service.live.customer(name="Cliente Fora")
    chat_id = customer.open_chat("1")
    customer.say("A impressora parou de novo")
    ana = await _online(sessions, ANA)
    await ana.session.chats.open(chat_id)
    assert await cached_messages(ana.session.store, chat_id)
    await sessions.close(ana)

    admin_http = service.live.attendant(ADMIN)
    assert admin_http.put(f"/chats/{chat_id}", json={"department_id": VENDAS}).status_code == 200

    again = await sessions.resume(ana.machine)
    await eventually(lambda: again.session.connection is ConnectionState.ONLINE)
    await _gone(again, chat_id)


async def test_going_offline_elsewhere_reaches_the_session(
    service: RestartableService, sessions: Sessions
) -> None:
    """Ana set herself Offline on another device: this app knows, and stops offering Assumir."""
    chat_id = service.live.customer(name="Cliente Presença").open_chat("1")
    ana = await _online(sessions, ANA)
    await ana.session.chats.set_online(True)
    assert ana.session.me.user.online
    other_device = service.live.attendant(ANA, online=False)
    assert other_device.put("/me/status", json={"online": False}).status_code == 200
    await eventually(lambda: not ana.session.me.user.online, what="the status followed")
    assert any(c.me is not None and not c.me.online for c in ana.changes)
    with pytest.raises(Refused) as refused:
        await ana.session.chats.assume(chat_id)
    assert refused.value.refusal is Refusal.NOT_ONLINE
