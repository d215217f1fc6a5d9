"""A first sign-in fills the cache: the four tabs, the counts, the lookups and the attendant
match what the service lists, and the window is told through ChangeSets."""

from __future__ import annotations

from typing import Any

from core_support import RestartableService, Sessions, eventually, ids
from support import ADMIN, ANA, SUPORTE, VENDAS
from tiflux_desktop.domain import ChatStatus, Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import Cache
from tiflux_desktop.sync import me_from_cache

SERVICE_TABS = {
    Tab.INBOX: "inbox",
    Tab.MINE: "mine",
    Tab.IN_ATTENDANCE: "in_attendance",
    Tab.ARCHIVED: "archived",
}


def _listed(client: Any, path: str) -> list[int]:
    response = client.get(path, params={"limit": 200})
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()]


async def test_first_sign_in_fills_the_cache_with_what_the_service_lists(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    # Every kind of chat: in Suporte's inbox, in Vendas' (out of Ana's sight), in triage,
    # taken by Ana, and one finished.
    inbox_chat = live.customer(name="Cliente Entrada").open_chat("1")
    vendas_chat = live.customer(name="Cliente Vendas").open_chat("2")
    triage_chat = int(live.customer(name="Cliente Triagem").say("Olá")["chat_id"])
    mine_chat = live.customer(name="Cliente Meu").open_chat("1")
    closed_chat = live.customer(name="Cliente Encerrado").open_chat("1")
    ana_http = live.attendant(ANA)
    admin_http = live.attendant(ADMIN)
    for chat_id in (mine_chat, closed_chat):
        assert ana_http.put(f"/chats/{chat_id}/assume").status_code == 200
    assert ana_http.put(f"/chats/{closed_chat}/archive").status_code == 202

    ana = await sessions.sign_in(ANA)
    session = ana.session
    await eventually(lambda: session.connection is ConnectionState.ONLINE, what="online")

    # The tabs read from the cache list what the service lists, in the same order.
    for tab, path in SERVICE_TABS.items():
        assert ids(await session.chats.tab(tab)) == _listed(ana_http, f"/chats/{path}"), tab
    assert inbox_chat in ids(await session.chats.tab(Tab.INBOX))
    assert mine_chat in ids(await session.chats.tab(Tab.MINE))
    assert triage_chat in ids(await session.chats.tab(Tab.IN_ATTENDANCE))
    assert closed_chat in ids(await session.chats.tab(Tab.ARCHIVED))
    assert await session.chats.chat(vendas_chat) is None  # Vendas is out of Ana's sight
    entry = await session.chats.chat(mine_chat)
    assert entry is not None
    assert entry.chat.status is ChatStatus.WAITING_CLIENT  # the greeting was the last word
    assert entry.chat.department is not None
    assert entry.chat.department.id == SUPORTE

    counts = await session.chats.counts()
    service_counts = ana_http.get("/chats/counts").json()
    assert (counts.inbox, counts.mine, counts.in_attendance, counts.archived) == (
        service_counts["inbox"],
        service_counts["mine"],
        service_counts["in_attendance"],
        service_counts["archived"],
    )

    departments = await session.store.call(Cache.departments)
    assert sorted(d.id for d in departments) == sorted(
        d["id"] for d in ana_http.get("/departments").json() if d.get("active", True)
    )
    attendants = await session.store.call(Cache.attendants)
    assert sorted(a.id for a in attendants) == sorted(
        a["id"] for a in ana_http.get("/attendants", params={"limit": 200}).json()
    )
    me = await session.store.call(me_from_cache)
    assert me is not None
    service_me = ana_http.get("/me").json()
    assert me.user.id == service_me["user"]["id"] == session.me.user.id
    assert me.user.email == ANA
    assert me.organization.name == service_me["organization"]["name"]
    assert session.sync.cursor == ana_http.get("/events", params={"after": 0}).json()["head_seq"]

    # The window heard about it: a resync, the counts, the connection coming up.
    assert any(c.resynced for c in ana.changes)
    assert any(c.counts == counts for c in ana.changes)
    states = [c.connection for c in ana.changes if c.connection is not None]
    assert states[-1] is ConnectionState.ONLINE
    assert ConnectionState.SYNCING in states

    # An admin sees every department's chats, Vendas included.
    admin = await sessions.sign_in(ADMIN)
    await eventually(lambda: admin.session.connection is ConnectionState.ONLINE)
    admin_open = ids(await admin.session.chats.tab(Tab.IN_ATTENDANCE))
    assert admin_open == _listed(admin_http, "/chats/in_attendance")
    assert vendas_chat in admin_open
    entry = await admin.session.chats.chat(vendas_chat)
    assert entry is not None
    assert entry.chat.department is not None
    assert entry.chat.department.id == VENDAS
