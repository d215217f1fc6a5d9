"""A damaged cache file is set aside and rebuilt from the service, never a crash; what exists
only on this machine (the outbox and drafts, in the other file) survives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core_support import (
    RestartableService,
    Sessions,
    attendant_texts,
    delivered,
    eventually,
    ids,
    service_messages,
)
from support import ANA
from tiflux_desktop.domain import Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import Draft, account_files


def _truncate_to_half(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)


def _garbage_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"\xde\xad\xbe\xef" * 64)


@pytest.mark.parametrize(
    "damage", [_truncate_to_half, _garbage_header], ids=["truncated", "garbage"]
)
async def test_a_damaged_cache_is_rebuilt_and_the_outbox_survives(
    service: RestartableService, sessions: Sessions, damage: Callable[[Path], None]
) -> None:
    live = service.live
    chat_id = live.customer(name="Cliente Disco").open_chat("1")
    other = live.customer(name="Outro Cliente").open_chat("1")
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await ana.session.chats.set_online(True)
    await ana.session.chats.assume(chat_id)
    await ana.session.chats.save_draft(Draft(other, "Rascunho para depois"))
    files = account_files(ana.machine.data_dir, service.base_url, ana.session.me.user.id)
    assert files == ana.session.store.files
    await service.astop()
    item = await ana.session.composer.send(chat_id, "Escrito antes do disco falhar")
    await sessions.close(ana)

    size = files.cache.stat().st_size
    assert size > 8192
    damage(files.cache)
    await service.astart()

    # The cache no longer says who was signed in; the saved token still does, so the start
    # needs no password: the service says who we are and the cache is filled again.
    again = await sessions.resume(ana.machine)
    aside = list(files.folder.glob("cache.sqlite3.corrupt-*"))
    assert len(aside) == 1
    session = again.session
    assert session.store.rebuilt
    assert not session.store.lost_local
    assert session.me.user.email == ANA

    await eventually(lambda: session.connection is ConnectionState.ONLINE)
    assert any(c.resynced for c in again.changes)
    ana_http = live.attendant(ANA)
    listed = [c["id"] for c in ana_http.get("/chats/in_attendance").json()]
    assert ids(await session.chats.tab(Tab.IN_ATTENDANCE)) == listed
    assert ids(await session.chats.tab(Tab.MINE)) == [chat_id]
    assert await session.chats.draft(other) == Draft(other, "Rascunho para depois")
    await eventually(lambda: delivered(session, chat_id), what="the kept message went out")
    texts = attendant_texts(service_messages(ana_http, chat_id))
    assert texts.count("Escrito antes do disco falhar") == 1
    sent = [m for m in service_messages(ana_http, chat_id) if m["text"] == item.text]
    assert sent[0]["client_message_id"] == item.client_message_id
