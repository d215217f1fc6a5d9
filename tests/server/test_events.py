"""The event log: GET /events pages, per-attendant filtering, and the WebSocket's replay, live
stream, resume after a disconnect, authentication and resync, over real sockets."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from support import ADMIN, ANA, BRUNO, SUPORTE, VENDAS, Live, ServerThread, make_config
from tiflux_desktop.protocol import parse_event
from tiflux_desktop.server.app import build_service, prune_events
from tiflux_desktop.server.config import ServiceConfig

Event = dict[str, Any]


@pytest.fixture
def service_config(tmp_path: Path, request: pytest.FixtureRequest) -> ServiceConfig:
    """Tests may parametrize this indirectly with settings to change."""
    return make_config(tmp_path, **getattr(request, "param", {}))


def normal(event: Event) -> Event:
    """The same event from either transport compares equal: ``at`` is compared as an instant
    (GET /events writes UTC as "Z", the WebSocket as "+00:00")."""
    if "at" in event:
        at = datetime.fromisoformat(event["at"])
        assert at.utcoffset() == timedelta(0)
        event = {**event, "at": at}
    return event


def all_events(client: httpx.Client, after: int = 0, limit: int = 1000) -> tuple[list[Event], int]:
    """Every event after ``after`` the caller may see, page by page; and the seq reached."""
    found: list[Event] = []
    while True:
        response = client.get("/events", params={"after": after, "limit": limit})
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["resync_required"] is False
        found += [normal(e) for e in page["events"]]
        assert page["last_seq"] >= after
        if page["last_seq"] == after or page["last_seq"] >= page["head_seq"]:
            return found, page["last_seq"]
        after = page["last_seq"]


def head(client: httpx.Client) -> int:
    return int(client.get("/events", params={"after": 0, "limit": 1}).json()["head_seq"])


def bearer(client: httpx.Client) -> dict[str, str]:
    return {"Authorization": client.headers["Authorization"]}


def receive(ws: ClientConnection, timeout: float = 5.0) -> Event:
    raw = ws.recv(timeout=timeout)
    frame = dict(json.loads(raw))
    if frame["type"] != "resync_required":
        parse_event(raw)  # every frame is an event the protocol decodes
    return normal(frame)


def receive_until(ws: ClientConnection, seq: int, timeout: float = 10.0) -> list[Event]:
    """Frames until one with ``seq`` >= the given one arrives."""
    deadline = time.monotonic() + timeout
    frames: list[Event] = []
    while not frames or frames[-1].get("seq", 0) < seq:
        frames.append(receive(ws, max(0.1, deadline - time.monotonic())))
    return frames


def drain(ws: ClientConnection, quiet: float = 1.0) -> list[Event]:
    """Frames until the socket has been quiet for ``quiet`` seconds."""
    frames: list[Event] = []
    while True:
        try:
            frames.append(receive(ws, quiet))
        except TimeoutError:
            return frames


def chat_ids_of(events: list[Event], chat_id: int) -> list[Event]:
    return [
        e
        for e in events
        if (e["type"] in ("chat.upserted", "chat.hidden") and e["data"]["id"] == chat_id)
        or (e["type"] == "message.upserted" and e["data"]["chat_id"] == chat_id)
    ]


def assert_increasing(events: list[Event]) -> None:
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(set(seqs)), seqs


# --- GET /events ---------------------------------------------------------------------------


def test_events_page_with_last_seq_and_every_event_parses(live: Live) -> None:
    admin = live.attendant(ADMIN)
    ana = live.attendant(ANA)
    chat_id = live.customer(name="Paginado").open_chat("1")
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    assert ana.post(f"/chats/{chat_id}/messages", json={"text": "Olá"}).status_code == 201

    whole = admin.get("/events", params={"after": 0, "limit": 1000}).json()
    assert whole["resync_required"] is False
    assert whole["last_seq"] == whole["head_seq"] == whole["events"][-1]["seq"]
    assert len(whole["events"]) > 10
    assert_increasing(whole["events"])
    for event in whole["events"]:
        parse_event(json.dumps(event))  # the protocol's own decoder accepts every event
        assert set(event) == {"seq", "type", "at", "data"}
    assert {e["type"] for e in whole["events"]} == {
        "attendant.upserted",
        "chat.upserted",
        "message.upserted",
    }  # admins never lose sight of a chat, so never get chat.hidden

    paged: list[Event] = []
    after = 0
    for _ in range(100):
        page = admin.get("/events", params={"after": after, "limit": 3}).json()
        assert len(page["events"]) <= 3
        if not page["events"]:
            assert page["last_seq"] == after
            break
        assert page["events"][0]["seq"] > after
        assert page["last_seq"] == page["events"][-1]["seq"]
        paged += page["events"]
        after = page["last_seq"]
    assert paged == whole["events"]

    tail = admin.get("/events", params={"after": whole["head_seq"]}).json()
    assert tail["events"] == []
    assert tail["last_seq"] == whole["head_seq"]
    middle = whole["events"][5]["seq"]
    assert admin.get("/events", params={"after": middle}).json()["events"] == [
        e for e in whole["events"] if e["seq"] > middle
    ]
    assert live.anonymous().get("/events").status_code == 401


def test_events_are_filtered_per_attendant(live: Live) -> None:
    admin, ana, bruno = live.attendant(ADMIN), live.attendant(ANA), live.attendant(BRUNO)
    start = head(admin)
    customer = live.customer(name="Triagem para Suporte")
    chat_id = int(customer.say("Oi")["chat_id"])
    triage_seen, _ = all_events(bruno, start)
    assert any(e["type"] == "chat.upserted" and e["data"]["id"] == chat_id for e in triage_seen)

    customer.say("1")  # to Suporte: out of Bruno's sight
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    assert (
        ana.post(f"/chats/{chat_id}/messages", json={"text": "Nota", "internal": True}).status_code
        == 201
    )
    assert ana.post(f"/chats/{chat_id}/messages", json={"text": "Olá!"}).status_code == 201
    customer.say("Obrigado")
    vendas_chat = live.customer(name="Para Vendas").open_chat("2")

    for_bruno, _ = all_events(bruno, start)
    about = chat_ids_of(for_bruno, chat_id)
    hidden = [e for e in about if e["type"] == "chat.hidden"]
    assert len(hidden) == 1
    assert hidden[0]["data"]["id"] == chat_id
    assert hidden[0]["data"]["version"] >= 1
    # Nothing about the chat after it left his sight, and never a Suporte chat.
    assert about[-1] is hidden[0]
    for event in for_bruno:
        if event["type"] == "chat.upserted":
            department = event["data"]["department"]
            assert department is None or department["id"] == VENDAS
    assert any(e["type"] == "chat.upserted" and e["data"]["id"] == vendas_chat for e in for_bruno)
    everyone = {e["data"]["id"] for e in all_events(bruno)[0] if e["type"] == "attendant.upserted"}
    assert everyone == {1, 2, 3}  # attendant events go to everyone (Carla never signed in)

    for_ana, _ = all_events(ana, start)
    about_ana = chat_ids_of(for_ana, chat_id)
    assert not [e for e in about_ana if e["type"] == "chat.hidden"]
    texts = [e["data"]["text"] for e in about_ana if e["type"] == "message.upserted"]
    assert "Nota" in texts
    assert "Olá!" in texts
    assert "Obrigado" in texts
    # Ana saw the Vendas chat only while it was in triage, then lost sight of it.
    about_vendas = chat_ids_of(for_ana, vendas_chat)
    assert about_vendas[-1]["type"] == "chat.hidden"
    assert all(
        e["data"]["department"] is None for e in about_vendas if e["type"] == "chat.upserted"
    )
    for_admin, _ = all_events(admin, start)
    seen_by_admin = {e["seq"] for e in for_admin}
    for found in (for_ana, for_bruno):
        assert {e["seq"] for e in found if e["type"] != "chat.hidden"} < seen_by_admin
    # chat.hidden goes only to those who lose sight of the chat.
    assert not [e for e in for_admin if e["type"] == "chat.hidden"]


def test_a_transfer_hides_the_chat_from_the_old_department_and_shows_it_to_the_new(
    live: Live,
) -> None:
    admin, ana, bruno = live.attendant(ADMIN), live.attendant(ANA), live.attendant(BRUNO)
    chat_id = live.customer(name="Transferido").open_chat("1")
    start = head(ana)
    # Ana cannot send it where she cannot see; the admin can.
    assert ana.put(f"/chats/{chat_id}", json={"department_id": VENDAS}).status_code == 403
    moved = admin.put(f"/chats/{chat_id}", json={"department_id": VENDAS})
    assert moved.status_code == 200, moved.text
    assert moved.json()["department"]["id"] == VENDAS

    for_ana = chat_ids_of(all_events(ana, start)[0], chat_id)
    assert [e["type"] for e in for_ana] == ["chat.hidden"]
    for_bruno = chat_ids_of(all_events(bruno, start)[0], chat_id)
    assert "chat.hidden" not in [e["type"] for e in for_bruno]
    upserts = [e for e in for_bruno if e["type"] == "chat.upserted"]
    assert upserts[-1]["data"]["department"]["id"] == VENDAS
    assert upserts[-1]["data"]["status"] == "waiting_attendance"


def test_chat_events_carry_a_version_that_increases_per_chat(live: Live) -> None:
    admin, ana = live.attendant(ADMIN), live.attendant(ANA)
    customer = live.customer(name="Versões")
    chat_id = customer.open_chat("1")
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    customer.say("Tudo certo?")
    assert ana.post(f"/chats/{chat_id}/messages", json={"text": "Sim"}).status_code == 201
    assert ana.put(f"/chats/{chat_id}/archive").status_code == 202
    other = live.customer(name="Outro").open_chat("2")

    events, _ = all_events(admin)
    for chat in (chat_id, other):
        versions = [
            e["data"]["version"]
            for e in events
            if e["type"] in ("chat.upserted", "chat.hidden") and e["data"]["id"] == chat
        ]
        assert versions[0] == 1
        assert all(b >= a for a, b in itertools.pairwise(versions)), versions
        upserted = [
            e["data"]["version"]
            for e in events
            if e["type"] == "chat.upserted" and e["data"]["id"] == chat
        ]
        assert upserted == sorted(set(upserted)), upserted
    current = admin.get(f"/chats/{chat_id}").json()
    last = [e for e in events if e["type"] == "chat.upserted" and e["data"]["id"] == chat_id][-1]
    assert last["data"] == current
    assert current["status"] == "finished"
    # Messages are versioned too; delivery updates bump the same message's version.
    by_message: dict[int, list[int]] = {}
    for e in events:
        if e["type"] == "message.upserted":
            by_message.setdefault(e["data"]["id"], []).append(e["data"]["version"])
    assert all(v == sorted(set(v)) and v[0] >= 1 for v in by_message.values())
    assert any(len(v) > 1 for v in by_message.values())  # the greeting was delivered, then read


# --- the WebSocket ----------------------------------------------------------------------------


def test_websocket_replays_from_zero_then_streams_live(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer(name="Antes").open_chat("1")
    expected, reached = all_events(admin)
    with connect(f"{live.ws}/events/ws?after=0", additional_headers=bearer(admin)) as ws:
        replay = receive_until(ws, reached)
        assert replay == expected
        customer = live.customer(name="Ao vivo")
        live_chat = int(customer.say("Cheguei agora")["chat_id"])
        frames = drain(ws)
        assert frames
        assert frames[0]["seq"] == reached + 1
        assert_increasing(replay + frames)
        assert any(
            f["type"] == "message.upserted" and f["data"]["text"] == "Cheguei agora" for f in frames
        )
        assert any(f["type"] == "chat.upserted" and f["data"]["id"] == live_chat for f in frames)
        assert frames == all_events(admin, reached)[0]
    assert chat_id != live_chat


def test_websocket_resumes_after_a_disconnect_without_gaps_or_doubles(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(name="Reconecta")
    chat_id = customer.open_chat("1")
    with connect(f"{live.ws}/events/ws?after=0", additional_headers=bearer(ana)) as ws:
        first = drain(ws)
    assert first
    last = first[-1]["seq"]

    # While the client is away: more changes, visible and invisible to Ana.
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    customer.say("Ainda estou aqui")
    live.customer(name="Vendas enquanto isso").open_chat("2")
    assert ana.post(f"/chats/{chat_id}/messages", json={"text": "Voltei"}).status_code == 201

    with connect(f"{live.ws}/events/ws?after={last}", additional_headers=bearer(ana)) as ws:
        missed = drain(ws)
        assert missed
        assert missed[0]["seq"] > last
        assert missed == all_events(ana, last)[0]
        # And it keeps streaming after the catch-up.
        customer.say("Mais uma")
        more = drain(ws)
    new = [f for f in more if f["type"] == "message.upserted" and f["data"]["version"] == 1]
    assert [f["data"]["text"] for f in new] == ["Mais uma"]
    together = first + missed + more
    assert_increasing(together)
    assert together == all_events(ana)[0]
    assert not [
        f
        for f in together
        if f["type"] == "chat.upserted" and (f["data"]["department"] or {}).get("id") == VENDAS
    ]


def test_websocket_accepts_the_header_or_the_token_query(live: Live) -> None:
    admin = live.attendant(ADMIN)
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    expected, reached = all_events(admin)
    with connect(f"{live.ws}/events/ws?after=0&token={token}") as ws:
        assert receive_until(ws, reached) == expected
    with connect(
        f"{live.ws}/events/ws?after={reached - 1}",
        additional_headers={"Authorization": f"bearer {token}"},
    ) as ws:
        assert receive(ws) == expected[-1]
    # A negative cursor is read as the beginning.
    with connect(f"{live.ws}/events/ws?after=-5", additional_headers=bearer(admin)) as ws:
        assert receive(ws) == expected[0]


def _refused(url: str, headers: dict[str, str] | None = None) -> None:
    """The socket is accepted and closed at once with 4401 ("sign in again")."""
    with pytest.raises(ConnectionClosed) as refusal:
        with connect(url, additional_headers=headers, open_timeout=5) as ws:
            ws.recv(timeout=5)
    error = refusal.value
    assert error.rcvd is not None
    assert error.rcvd.code == 4401


def test_websocket_refuses_missing_bad_and_signed_out_tokens(live: Live) -> None:
    ws_url = f"{live.ws}/events/ws?after=0"
    _refused(ws_url)
    _refused(f"{ws_url}&token=not-a-token")
    _refused(ws_url, {"Authorization": "Bearer not-a-token"})
    _refused(ws_url, {"Authorization": "Basic YWRtaW46YWRtaW4="})
    ana = live.attendant(ANA)
    headers = bearer(ana)
    with connect(ws_url, additional_headers=headers) as ws:
        assert receive(ws)["seq"] >= 1
    assert ana.post("/auth/logout").status_code == 204
    _refused(ws_url, headers)


async def _prune(config: ServiceConfig) -> int:
    """The service's own pruning, run by a second Service object on the same database."""
    service = await build_service(config)
    try:
        return await prune_events(service)
    finally:
        await service.storage.engine.dispose()


@pytest.mark.parametrize("service_config", [{"event_retention": 5}], indirect=True)
def test_a_cursor_older_than_the_retained_log_gets_resync_required(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer(name="Antigo").open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    before = head(admin)
    assert before > 10

    assert asyncio.run(_prune(live.config)) == before - 5

    stale = admin.get("/events", params={"after": 0})
    assert stale.status_code == 200
    page = stale.json()
    assert page["resync_required"] is True
    assert page["events"] == []
    assert page["last_seq"] == page["head_seq"] == before
    # A cursor inside the retained log still pages normally.
    kept = admin.get("/events", params={"after": before - 5}).json()
    assert kept["resync_required"] is False
    assert [e["seq"] for e in kept["events"]] == list(range(before - 4, before + 1))

    with connect(f"{live.ws}/events/ws?after=0", additional_headers=bearer(admin)) as ws:
        frame = receive(ws)
        assert frame == {"type": "resync_required", "last_seq": before, "log_id": frame["log_id"]}
        assert len(frame["log_id"]) == 32  # names the log, so a client can tell a new one
        # Then it streams on from the head.
        assert admin.put(f"/chats/{chat_id}/leave").status_code == 200
        frames = drain(ws)
    assert frames
    assert frames[0]["seq"] == before + 1
    assert_increasing(frames)


def test_a_cursor_ahead_of_the_log_gets_resync_required(live: Live) -> None:
    """A cursor from another database (the demo's data is fresh on every run) must not
    silently skip the events up to it."""
    admin = live.attendant(ADMIN)
    now = head(admin)
    page = admin.get("/events", params={"after": now + 1000}).json()
    assert page["resync_required"] is True
    assert page["last_seq"] == now
    with connect(f"{live.ws}/events/ws?after={now + 1000}", additional_headers=bearer(admin)) as ws:
        frame = receive(ws)
        assert frame == {"type": "resync_required", "last_seq": now, "log_id": frame["log_id"]}
        live.customer(name="Depois").open_chat("1")
        frames = drain(ws)
    assert frames
    assert frames[0]["seq"] == now + 1


def test_websocket_events_follow_visibility_changes_live(live: Live) -> None:
    bruno = live.attendant(BRUNO)
    start = head(bruno)
    with connect(f"{live.ws}/events/ws?after={start}", additional_headers=bearer(bruno)) as ws:
        customer = live.customer(name="Ao vivo para Suporte")
        chat_id = int(customer.say("Oi")["chat_id"])
        customer.say("1")
        live.attendant(ANA).put(f"/chats/{chat_id}/assume")
        frames = drain(ws)
    about = chat_ids_of(frames, chat_id)
    assert about
    assert about[-1]["type"] == "chat.hidden"
    assert all(
        (f["data"].get("department") or {}).get("id") != SUPORTE
        for f in frames
        if f["type"] == "chat.upserted"
    )
    assert frames == all_events(bruno, start)[0]


def test_the_service_stops_promptly_after_a_websocket_client_went_away(tmp_path: Path) -> None:
    """A socket whose client disconnected must not keep its handler (and the server) alive."""
    config = make_config(tmp_path)
    server = ServerThread(config)
    server.start()
    handle = Live(f"http://127.0.0.1:{server.port}", config)
    try:
        admin = handle.attendant(ADMIN)
        with connect(f"{handle.ws}/events/ws?after=0", additional_headers=bearer(admin)) as ws:
            assert receive(ws)["seq"] == 1
        with connect(f"{handle.ws}/events/ws?after=0", additional_headers=bearer(admin)) as ws:
            drain(ws, 0.2)
    finally:
        handle.close()
        started = time.monotonic()
        server.stop()
    assert not server.thread.is_alive()
    assert time.monotonic() - started < 5


def test_the_log_keeps_its_name_across_restarts_and_a_new_database_has_another(
    tmp_path: Path,
) -> None:
    def log_id_of(config: ServiceConfig) -> str:
        server = ServerThread(config)
        server.start()
        try:
            live = Live(f"http://127.0.0.1:{server.port}", config)
            try:
                page = live.attendant(ADMIN).get("/events", params={"after": 0, "limit": 1})
                return page.json()["log_id"]
            finally:
                live.close()
        finally:
            server.stop()

    config = make_config(tmp_path / "one")
    first = log_id_of(config)
    assert len(first) == 32
    assert log_id_of(config) == first  # the same database, restarted
    assert log_id_of(make_config(tmp_path / "two")) != first  # another database
