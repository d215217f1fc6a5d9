"""A chat's history: opening shows the newest page, scrolling up fetches older pages once, and
what was seen can be scrolled through again offline, without gaps."""

from __future__ import annotations

from core_support import RestartableService, Sessions, eventually, service_messages
from support import ANA
from tiflux_desktop.domain import Message
from tiflux_desktop.net import ConnectionState

PAGE = 20


async def test_history_is_fetched_page_by_page_and_read_again_offline(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    customer = live.customer(name="Cliente Histórico")
    chat_id = customer.open_chat("1")
    for n in range(45):
        customer.say(f"linha {n:02d}")
    everything = [m["id"] for m in service_messages(live.attendant(ANA), chat_id)]
    assert len(everything) > 2 * PAGE

    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    chats = ana.session.chats
    assert (await chats.cached_messages(chat_id)).messages == ()  # nothing fetched yet

    newest = await chats.open(chat_id, limit=PAGE)
    assert [m.id for m in newest.messages] == everything[-PAGE:]
    assert newest.complete
    assert not newest.at_start
    entry = await chats.chat(chat_id)
    assert entry is not None
    assert entry.seen
    assert entry.unread == 0

    pages: list[tuple[Message, ...]] = [newest.messages]
    while True:
        older = await chats.load_older(chat_id, pages[0][0].id, limit=PAGE)
        assert older.messages, "an empty page before the start"
        pages.insert(0, older.messages)
        if older.at_start:
            break
    assert [m.id for page in pages for m in page] == everything

    # Offline, after a restart: the same history, from the cache alone.
    machine = ana.machine
    await sessions.close(ana)
    await service.astop()
    again = await sessions.resume(machine, start=False)
    chats = again.session.chats
    offline = [await chats.open(chat_id, limit=PAGE)]  # the service is away: the cached page
    assert offline[0].messages == newest.messages
    while not offline[0].at_start:
        older = await chats.load_older(chat_id, offline[0].messages[0].id, limit=PAGE)
        assert older.complete
        offline.insert(0, older)
    assert [m.id for page in offline for m in page.messages] == everything
