"""A restart opens from the cache before the network answers; with the service down the
session keeps trying instead of failing, and picks up where it left off when it returns."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core_support import (
    RestartableService,
    Running,
    Sessions,
    cached_messages,
    delivered,
    eventually,
    ids,
    service_messages,
)
from support import ANA, make_config
from tiflux_desktop.domain import Tab
from tiflux_desktop.net import ConnectionState, Unreachable
from tiflux_desktop.services import NotSignedIn


async def test_a_restart_reads_everything_from_the_cache_while_the_service_is_down(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    customer = live.customer(name="Márcia Gonçalves")
    chat_id = customer.open_chat("1")
    customer.say("Minha impressora não imprime")
    other = live.customer(name="Outro Cliente").open_chat("1")

    machine = sessions.machine()
    first = await sessions.sign_in(ANA, machine)
    await eventually(lambda: first.session.connection is ConnectionState.ONLINE)
    await first.session.chats.set_online(True)
    await first.session.chats.assume(chat_id)
    await first.session.composer.send(chat_id, "Vou verificar a impressora")
    await eventually(lambda: delivered(first.session, chat_id), what="the reply was delivered")
    await first.session.chats.open(chat_id)
    tabs = {tab: ids(await first.session.chats.tab(tab)) for tab in Tab}
    counts = await first.session.chats.counts()
    messages = await cached_messages(first.session.store, chat_id)
    assert [m[1] for m in messages][-2:] == [
        "Olá, meu nome é Ana Souza e serei o responsável pelo seu atendimento!",
        "Vou verificar a impressora",
    ]
    await sessions.close(first)
    await service.astop()

    # The next start: everything is there before (and without) the network.
    second = await sessions.resume(machine, start=False)
    session = second.session
    assert session.me.user.email == ANA
    assert {tab: ids(await session.chats.tab(tab)) for tab in Tab} == tabs
    assert tabs[Tab.MINE] == [chat_id]
    assert other in tabs[Tab.INBOX]
    assert await session.chats.counts() == counts
    assert await cached_messages(session.store, chat_id) == messages
    page = await session.chats.cached_messages(chat_id)
    assert [m.id for m in page.messages] == [m[0] for m in messages]
    found = await session.chats.search("impressora")
    assert {h.message.chat_id for h in found.messages} == {chat_id}
    assert {h.entry.id for h in (await session.chats.search("marcia")).chats} == {chat_id}

    # Starting with the service down is no failure: the session keeps trying.
    await session.start()
    await eventually(lambda: session.sync.problem is not None, what="a failed attempt")
    # Nothing answered, so the window says "connecting" (not "syncing") and why.
    assert session.connection is ConnectionState.CONNECTING
    assert isinstance(session.sync.problem, Unreachable)
    states = {c.connection for c in second.changes if c.connection is not None}
    assert ConnectionState.ONLINE not in states
    assert {tab: ids(await session.chats.tab(tab)) for tab in Tab} == tabs  # still there

    # The service returns: the session comes online by itself and follows new events.
    await service.astart()
    await eventually(lambda: session.connection is ConnectionState.ONLINE, timeout=10)
    said = await asyncio.to_thread(customer.say, "Já reiniciei a impressora")
    await eventually(
        lambda: said["message_id"] in second.appended_ids(),
        what="the new message reached the window",
    )
    cached = await cached_messages(session.store, chat_id)
    assert cached[-1] == (said["message_id"], "Já reiniciei a impressora", None)
    entry = await session.chats.chat(chat_id)
    assert entry is not None
    assert entry.unread >= 1


async def test_nothing_to_resume_without_a_previous_session(sessions: Sessions) -> None:
    with pytest.raises(NotSignedIn):
        await sessions.resume(sessions.machine())


async def test_while_the_service_is_unreachable_the_window_says_connecting(
    service: RestartableService, sessions: Sessions
) -> None:
    first = await sessions.sign_in(ANA, start=False)
    await sessions.close(first)
    await service.astop()
    again = await sessions.resume(first.machine)
    await asyncio.sleep(0.3)  # the first attempt is under way
    seen: set[ConnectionState] = set()
    for _ in range(15):
        seen.add(again.session.connection)
        await asyncio.sleep(0.1)
    assert seen == {ConnectionState.CONNECTING}


async def test_a_refused_token_asks_for_a_sign_in_and_keeps_the_cache(
    service: RestartableService, sessions: Sessions
) -> None:
    chat_id = service.live.customer(name="Cliente Sessão").open_chat("1")
    first = await sessions.sign_in(ANA)
    await eventually(lambda: first.session.connection is ConnectionState.ONLINE)
    token = first.session.api.token
    await sessions.close(first)
    # Signed out elsewhere (or expired): the saved token is refused.
    revoked = service.live.anonymous().post(
        "/auth/logout", headers={"Authorization": f"Bearer {token}"}
    )
    assert revoked.status_code in (200, 204)

    again = await sessions.resume(first.machine)
    await eventually(lambda: any(c.login_required for c in again.changes), what="login asked")
    await eventually(lambda: again.session.connection is ConnectionState.OFFLINE)
    assert chat_id in ids(await again.session.chats.tab(Tab.INBOX))  # still readable


async def test_signing_out_forgets_the_token_and_on_request_the_cache(
    service: RestartableService, sessions: Sessions
) -> None:
    first = await sessions.sign_in(ANA)
    await eventually(lambda: first.session.connection is ConnectionState.ONLINE)
    files = first.session.store.files
    assert files is not None
    token = first.session.api.token
    sessions.forget(first)
    await first.session.sign_out(clear_cache=True)
    assert not files.folder.exists()
    with pytest.raises(NotSignedIn):
        await sessions.resume(first.machine)
    me = service.live.anonymous().get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401  # revoked on the service too


async def _reinstalled(
    service: RestartableService, sessions: Sessions, tmp_path: Path, new_chats: int
) -> tuple[Running, list[int]]:
    """Ana used the app against the service, which was then reinstalled at the same address
    with a fresh database holding ``new_chats`` chats; she signs in again."""
    old = [service.live.customer(name=f"Cliente Antigo {n}").open_chat("1") for n in range(3)]
    first = await sessions.sign_in(ANA)
    await eventually(lambda: first.session.connection is ConnectionState.ONLINE)
    await first.session.chats.open(old[0])
    cursor = first.session.sync.cursor
    await sessions.close(first)
    await service.astop()
    service.config = make_config(tmp_path / "reinstalled")
    await service.astart()
    for n in range(new_chats):
        service.live.customer(name=f"Cliente Novo {n}").open_chat("1")
    head = service.live.attendant(ANA).get("/events", params={"after": 0}).json()["head_seq"]
    assert (head < cursor) == (new_chats == 1), (head, cursor)
    again = await sessions.sign_in(ANA, first.machine)
    await eventually(lambda: again.session.connection is ConnectionState.ONLINE)
    return again, old


async def _same_as_the_service(service: RestartableService, ana: Running) -> None:
    listed = service.live.attendant(ANA).get("/chats/in_attendance").json()
    cached = await ana.session.chats.tab(Tab.IN_ATTENDANCE)
    assert [(e.id, e.chat.requestor.name if e.chat.requestor else None) for e in cached] == [
        (c["id"], c["requestor"]["name"]) for c in listed
    ]
    for entry in cached:
        on_service = {m["id"] for m in service_messages(service.live.attendant(ANA), entry.id)}
        assert {m[0] for m in await cached_messages(ana.session.store, entry.id)} <= on_service


async def test_a_reinstalled_service_replaces_the_cache_instead_of_mixing_with_it(
    service: RestartableService, sessions: Sessions, tmp_path: Path
) -> None:
    ana, _old = await _reinstalled(service, sessions, tmp_path, new_chats=1)
    assert any(c.resynced for c in ana.changes)
    await _same_as_the_service(service, ana)


async def test_a_reinstalled_service_with_a_longer_log_also_replaces_the_cache(
    service: RestartableService, sessions: Sessions, tmp_path: Path
) -> None:
    ana, _old = await _reinstalled(service, sessions, tmp_path, new_chats=6)
    await _same_as_the_service(service, ana)
