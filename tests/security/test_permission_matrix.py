"""The permission matrix: every route of the service (HTTP and WebSocket) and every event type,
for each kind of caller (no token, a bad token, a widget visitor's token, the admin, and
attendants of different departments), checked against the rules of DESIGN.md: an attendant
sees the chats of their departments and triage chats, admins see all; internal comments never
reach a customer (provider sends, the widget's API and socket); a visitor sees only their own
chat.

One service for the whole file (perm_world.py builds it); the rules are tables, not asserts
scattered through code. A route the matrix does not list fails the first test, so a new
endpoint cannot slip in unchecked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from perm_world import (
    ATTENDANT_IDS,
    CALLBACK_TOKEN,
    GUPSHUP_ID,
    PUBLIC,
    SECRET,
    World,
    build_world,
    graph_texts,
    gupshup_texts,
    wait_for,
)
from support import ADMIN, ANA, BRUNO, CARLA, VENDAS
from tiflux_desktop.protocol import EventType

# --- who asks -------------------------------------------------------------------------------

NONE, BAD, VISITOR = "anonymous", "bad token", "visitor"
PRINCIPALS = (NONE, BAD, VISITOR, ADMIN, ANA, BRUNO, CARLA)
ATTENDANTS = (ADMIN, ANA, BRUNO, CARLA)
# Departments: Suporte 1, Vendas 2, Financeiro 3 (the demo organisation, support.py).
DEPARTMENTS = {ADMIN: "all (admin)", ANA: "Suporte", BRUNO: "Vendas", CARLA: "Financeiro+Suporte"}

# --- what each attendant may see (DESIGN.md 3: departments, triage for all, admin all) -------

# Chats (perm_world.py): S Suporte, V Vendas, T triage, F Financeiro, G Suporte (Gupshup),
# A Vendas archived, H Suporte then Vendas.
SEES_NOW = {
    ADMIN: "SVTFGAH",
    ANA: "STG",
    BRUNO: "VTAH",
    CARLA: "STFG",
}
SEES_DEPARTMENTS: dict[str, set[int | None]] = {  # None: triage, no department yet
    ADMIN: {None, 1, 2, 3},
    ANA: {None, 1},
    BRUNO: {None, 2},
    CARLA: {None, 1, 3},
}
TABS = {  # which fixture chats each tab holds, before visibility
    "inbox": "VH",
    "in_attendance": "SVTFGH",
    "archived": "A",
}
MINE = {ADMIN: "", ANA: "GS", BRUNO: "", CARLA: "F"}
# Events follow the chat's department when they happened (every chat starts in triage, seen
# by all); chat.hidden goes to who lost sight of a chat: leaving triage for a department
# they lack, or H moving from Suporte to Vendas; every attendant hears of every attendant
# (transfer targets, Online dots).
DEPARTMENT, ALL = "the chat's department then", "every attendant"
EVENTS: dict[EventType, str | dict[str, str]] = {
    EventType.CHAT_UPSERTED: DEPARTMENT,
    EventType.MESSAGE_UPSERTED: DEPARTMENT,
    EventType.CHAT_HIDDEN: {ADMIN: "", ANA: "AFHV", BRUNO: "FGHS", CARLA: "AHV"},
    EventType.ATTENDANT_UPSERTED: ALL,
}

# --- the matrix -----------------------------------------------------------------------------
# One row per request: the route it exercises, the concrete path ({S} a chat, {att:S_public}
# an attachment of perm_world), the body, and the answer for each caller in PRINCIPALS order:
# an int status, "403 reason" (status and details.reason), or None: not sent, with the reason
# in the row's note (an allowed action that would change the world the other rows rely on; the
# same caller's access is proven by the row on the archived chat A).

U = 401  # unauthenticated
NV = "403 not_visible"
NR = "403 not_responsible"
ND = "403 no_department_access"
ARCH = "409 archived"
Cell = int | str | None


@dataclass(frozen=True)
class Row:
    method: str
    route: str
    path: str
    cells: tuple[Cell, ...]
    body: dict[str, Any] = field(default_factory=dict[str, Any])
    note: str = ""


API = "/api/v2"
CHAT = f"{API}/chats/{{chat_id}}"


def chat_rows() -> list[Row]:
    rows: list[Row] = []
    for route, suffix in ((CHAT, ""), (f"{CHAT}/messages", "/messages")):
        for chat, cells in (
            ("S", (U, U, U, 200, 200, NV, 200)),
            ("V", (U, U, U, 200, NV, 200, NV)),
            ("T", (U, U, U, 200, 200, 200, 200)),
            ("F", (U, U, U, 200, NV, NV, 200)),
            ("G", (U, U, U, 200, 200, NV, 200)),
            ("A", (U, U, U, 200, NV, 200, NV)),
            ("H", (U, U, U, 200, NV, 200, NV)),
        ):
            rows.append(Row("GET", route, f"{API}/chats/{{{chat}}}{suffix}", cells))
    # Every action on the archived Vendas chat: access decides first (403 for outsiders),
    # then the state (409 for those who may see it): no row changes the world.
    archived = (U, U, U, ARCH, NV, ARCH, NV)
    for method, route, suffix, body in (
        ("PUT", f"{CHAT}/assume", "/assume", {}),
        ("PUT", f"{CHAT}/leave", "/leave", {}),
        ("PUT", f"{CHAT}/cancel", "/cancel", {}),
        ("PUT", f"{CHAT}/archive", "/archive", {}),
        ("PUT", CHAT, "", {"json": {"department_id": VENDAS}}),
        ("PUT", CHAT, "", {"json": {"user_id": ATTENDANT_IDS[BRUNO]}}),
        ("POST", f"{CHAT}/messages", "/messages", {"json": {"text": "x", "internal": True}}),
        ("POST", f"{CHAT}/messages", "/messages", {"json": {"text": "x"}}),
    ):
        rows.append(Row(method, route, f"{API}/chats/{{A}}{suffix}", archived, body))
    skip = "would change S for the rows after it; proven on A"
    rows += [
        # S is Ana's, in Suporte: assuming without take_over never moves it.
        Row(
            "PUT",
            f"{CHAT}/assume",
            f"{API}/chats/{{S}}/assume",
            (U, U, U, "409 already_taken", "409 already_yours", NV, "409 already_taken"),
        ),
        Row(
            "PUT",
            f"{CHAT}/leave",
            f"{API}/chats/{{S}}/leave",
            (U, U, U, NR, None, NV, NR),
            note=skip,
        ),
        Row(
            "PUT",
            f"{CHAT}/leave",
            f"{API}/chats/{{V}}/leave",
            (U, U, U, "409 not_taken", NV, "409 not_taken", NV),
        ),
        Row(
            "PUT",
            f"{CHAT}/cancel",
            f"{API}/chats/{{S}}/cancel",
            (U, U, U, None, None, NV, NR),
            note=skip,
        ),
        Row(
            "PUT",
            f"{CHAT}/archive",
            f"{API}/chats/{{S}}/archive",
            (U, U, U, None, None, NV, NR),
            note=skip,
        ),
        # Transfer S to Vendas: only who sees both departments (the admin) may.
        Row(
            "PUT",
            CHAT,
            f"{API}/chats/{{S}}",
            (U, U, U, None, ND, NV, ND),
            {"json": {"department_id": VENDAS}},
            note=skip,
        ),
        # Give V to Ana: she has no access to Vendas, whoever asks.
        Row(
            "PUT",
            CHAT,
            f"{API}/chats/{{V}}",
            (U, U, U, ND, NV, ND, NV),
            {"json": {"user_id": ATTENDANT_IDS[ANA]}},
        ),
        # Public messages need the chat to be yours; internal comments only access.
        Row(
            "POST",
            f"{CHAT}/messages",
            f"{API}/chats/{{S}}/messages",
            (U, U, U, NR, 201, NV, NR),
            {"json": {"text": "resposta"}},
        ),
        Row(
            "POST",
            f"{CHAT}/messages",
            f"{API}/chats/{{S}}/messages",
            (U, U, U, 201, 201, NV, 201),
            {"json": {"text": f"{SECRET} nota", "internal": True}},
        ),
        Row(
            "POST",
            f"{CHAT}/messages",
            f"{API}/chats/{{V}}/messages",
            (U, U, U, 201, NV, 201, NV),
            {"json": {"text": f"{SECRET} nota", "internal": True}},
        ),
        Row(
            "POST",
            f"{CHAT}/messages",
            f"{API}/chats/{{T}}/messages",
            (U, U, U, 201, 201, 201, 201),
            {"json": {"text": f"{SECRET} nota", "internal": True}},
        ),
        Row(
            "POST",
            f"{CHAT}/messages",
            f"{API}/chats/{{F}}/messages",
            (U, U, U, 201, NV, NV, 201),
            {"json": {"text": f"{SECRET} nota", "internal": True}},
        ),
        # Novo chat into Vendas: only who has Vendas gets past access (then the 24 h rule).
        Row(
            "POST",
            f"{API}/chats/send_message",
            f"{API}/chats/send_message",
            (U, U, U, "422 outside_24h_window", ND, "422 outside_24h_window", ND),
            {
                "json": {
                    "number": "11955554444",
                    "integration_id": 2,
                    "message": "Olá",
                    "department_id": VENDAS,
                }
            },
        ),
    ]
    return rows


def other_rows() -> list[Row]:
    signed_in = (U, U, U, 200, 200, 200, 200)
    rows = [
        Row("GET", f"{API}/me", f"{API}/me", signed_in),
        Row("PUT", f"{API}/me/status", f"{API}/me/status", signed_in, {"json": {"online": True}}),
        Row(
            "POST",
            f"{API}/auth/login",
            f"{API}/auth/login",
            (401,) * 7,
            {"json": {"email": ANA, "password": "not her password"}},
        ),
        Row("GET", f"{API}/events", f"{API}/events", signed_in),
        Row(
            "POST",
            f"{API}/tickets",
            f"{API}/tickets",
            (U, U, U, 422, 422, 422, 422),
            {"files": {"title": (None, "")}},
            note="an incomplete form: access passes, validation answers",
        ),
    ]
    for chats in ("inbox", "mine", "in_attendance", "archived", "counts"):
        rows.append(Row("GET", f"{API}/chats/{chats}", f"{API}/chats/{chats}", signed_in))
    for lookup in (
        "departments",
        "attendants",
        "technical-users",
        "attendant-groups",
        "integrations",
        "message-templates",
        "templates/gupshup",
        "templates/whatsapp_cloud",
        "contacts",
        "clients",
    ):
        rows.append(Row("GET", f"{API}/{lookup}", f"{API}/{lookup}", signed_in))
    for route, path in (
        ("clients/{client_id}/desks", "clients/1/desks"),
        ("clients/{client_id}/requestors", "clients/1/requestors"),
        ("desks/{desk_id}/priorities", "desks/1/priorities"),
        ("desks/{desk_id}/services-catalogs-items", "desks/1/services-catalogs-items"),
    ):
        rows.append(Row("GET", f"{API}/{route}", f"{API}/{path}", signed_in))
    attachment = f"{API}/attachments/{{attachment_id}}"
    rows += [
        Row("GET", attachment, f"{API}/attachments/{{att:S_public}}", (U, U, U, 200, 200, NV, 200)),
        Row(
            "GET", attachment, f"{API}/attachments/{{att:S_internal}}", (U, U, U, 200, 200, NV, 200)
        ),
        Row("GET", attachment, f"{API}/attachments/{{att:V_visitor}}", (U, U, U, 200, NV, 200, NV)),
    ]
    # The customer API: only a visitor's token (here visitor A, whose chat is S).
    customer_only = (U, U, 200, U, U, U, U)
    customer_attachment = f"{API}/customer/attachments/{{attachment_id}}"
    rows += [
        Row("GET", f"{API}/customer/messages", f"{API}/customer/messages", customer_only),
        Row(
            "POST",
            f"{API}/customer/messages",
            f"{API}/customer/messages",
            (U, U, 201, U, U, U, U),
            {"json": {"text": "ainda estou aqui"}},
        ),
        Row(
            "GET",
            customer_attachment,
            f"{API}/customer/attachments/{{att:S_public}}",
            customer_only,
        ),
        Row(
            "GET",
            customer_attachment,
            f"{API}/customer/attachments/{{att:S_internal}}",
            (U, U, 404, U, U, U, U),
            note="an internal comment's file, in the visitor's own chat",
        ),
        Row(
            "GET",
            customer_attachment,
            f"{API}/customer/attachments/{{att:V_visitor}}",
            (U, U, 404, U, U, U, U),
            note="another visitor's file",
        ),
        Row(
            "POST",
            f"{API}/customer/sessions",
            f"{API}/customer/sessions",
            (201,) * 7,
            {"json": {"integration_id": 1, "name": "Matriz Visitante"}},
            note="anyone may open a widget session (rate-limited per address)",
        ),
        Row(
            "POST",
            f"{API}/customer/sessions",
            f"{API}/customer/sessions",
            (403,) * 7,
            {"json": {"integration_id": GUPSHUP_ID, "name": "Matriz Intrusa"}},
            note="a provider channel's customers come through the provider, not this API",
        ),
    ]
    # Provider webhooks and signed links: no sign-in, their own secrets; a bearer token of
    # any kind opens nothing.
    public = f"{API}/webhooks"
    rows += [
        Row(
            "GET",
            f"{public}/whatsapp-cloud/{{integration_id}}",
            f"{public}/whatsapp-cloud/2?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1",
            (403,) * 7,
        ),
        Row(
            "POST",
            f"{public}/whatsapp-cloud/{{integration_id}}",
            f"{public}/whatsapp-cloud/2",
            (403,) * 7,
            {"json": {"object": "whatsapp_business_account", "entry": []}},
            note="unsigned",
        ),
        Row(
            "POST",
            f"{public}/gupshup/{{integration_id}}",
            f"{public}/gupshup/{GUPSHUP_ID}?token=wrong",
            (403,) * 7,
            {"json": {}},
        ),
        Row(
            "POST",
            f"{public}/gupshup/{{integration_id}}",
            f"{public}/gupshup/{GUPSHUP_ID}?token={CALLBACK_TOKEN}",
            (200,) * 7,
            note="Gupshup's empty check of a new callback URL",
        ),
        Row(
            "GET",
            f"{API}/public-files/{{storage_key}}",
            f"{API}/public-files/{'0' * 32}?exp=99999999999&sig=forged",
            (403,) * 7,
        ),
        Row("GET", f"{API}/health", f"{API}/health", (200,) * 7),
        Row("GET", f"{API}/openapi.json", f"{API}/openapi.json", (200,) * 7),
        Row("GET", "/openapi.json", "/openapi.json", (200,) * 7),
        Row("GET", f"{API}/docs", f"{API}/docs", (200,) * 7),
        Row("GET", "/docs/oauth2-redirect", "/docs/oauth2-redirect", (200,) * 7),
        Row("GET", "/widget/embed.js", "/widget/embed.js", (200,) * 7),
        Row("GET", "/widget/static/{name}", "/widget/static/widget.js", (200,) * 7),
        Row("GET", "/widget/{integration_id}", "/widget/1", (200,) * 7),
        Row(
            "GET",
            "/widget/{integration_id}",
            "/widget/2",
            (404,) * 7,
            note="a WhatsApp integration has no widget page",
        ),
    ]
    return rows


# Logging out ends the session: the last row of all, then the tokens must be dead.
LOGOUT = Row("POST", f"{API}/auth/logout", f"{API}/auth/logout", (U, U, U, 204, 204, 204, 204))
# The two WebSockets: "open" (accepted and streaming) or the close code.
SOCKETS: dict[str, tuple[int | str, ...]] = {
    f"{API}/events/ws": (4401, 4401, 4401, "open", "open", "open", "open"),
    f"{API}/customer/ws": (4401, 4401, "open", 4401, 4401, 4401, 4401),
}
ROWS = chat_rows() + other_rows() + [LOGOUT]


# --- running it -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("permissions"))
    try:
        yield built
    finally:
        built.close()


def token_of(world: World, who: str) -> str | None:
    if who == NONE:
        return None
    if who == BAD:
        return "not-a-token-at-all"
    if who == VISITOR:
        return world.visitor_tokens["A"]
    return world.tokens[who]


def concrete(world: World, path: str) -> str:
    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.startswith("att:"):
            return str(world.attachments[key[4:]])
        return str(world.chats[key])

    return re.sub(r"\{([A-Z]|att:[A-Za-z_]+)\}", fill, path)


def app_routes(world: World) -> set[str]:
    """Every route the running app serves, as "METHOD /path" ("WS /path" for sockets).
    FastAPI 0.16x keeps included routers whole in ``app.routes``; their effective routes
    (with the prefix) come from ``effective_route_contexts``."""
    app = world.server.server.config.app
    assert isinstance(app, FastAPI)
    found: set[str] = set()

    def add(route: Any, path: str) -> None:
        methods = getattr(route, "methods", None)
        if not methods:
            found.add(f"WS {path}")
            return
        for method in methods - {"HEAD"}:
            found.add(f"{method} {path}")

    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            add(route, route.path)  # pyright: ignore[reportAttributeAccessIssue]
            continue
        prefix = route.include_context.prefix  # pyright: ignore[reportAttributeAccessIssue]
        for context in contexts():
            original = context.original_route
            add(original, context.path or f"{prefix}{original.path}")
    return found


def outcome(response: httpx.Response) -> str:
    try:
        reason = (response.json().get("details") or {}).get("reason")
    except (ValueError, AttributeError):
        reason = None
    return f"{response.status_code} {reason}" if reason else str(response.status_code)


def matches(expected: Cell, response: httpx.Response) -> bool:
    if isinstance(expected, int):
        return response.status_code == expected
    return outcome(response) == expected


def send(world: World, who: str, row: Row) -> httpx.Response:
    token = token_of(world, who)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return world.plain.request(row.method, concrete(world, row.path), headers=headers, **row.body)


def test_the_matrix_covers_every_route_of_the_service(world: World) -> None:
    covered = {f"{row.method} {row.route}" for row in ROWS} | {f"WS {p}" for p in SOCKETS}
    missing = app_routes(world) - covered
    assert not missing, f"routes with no row in the permission matrix: {sorted(missing)}"
    stale = covered - app_routes(world)
    assert not stale, f"rows for routes the service no longer has: {sorted(stale)}"
    for row in ROWS:
        assert len(row.cells) == len(PRINCIPALS), row
        assert None not in row.cells or row.note, f"{row}: a skipped cell needs its reason"
    assert set(EVENTS) == set(EventType), "an event type has no visibility rule in EVENTS"


def test_every_caller_gets_exactly_what_the_matrix_says(world: World) -> None:
    wrong: list[str] = []
    sent = 0
    for row in ROWS:
        if row is LOGOUT:
            continue
        for who, expected in zip(PRINCIPALS, row.cells, strict=True):
            if expected is None:
                continue
            response = send(world, who, row)
            sent += 1
            if not matches(expected, response):
                wrong.append(
                    f"{row.method} {concrete(world, row.path)} {row.body} as {who}: "
                    f"expected {expected}, got {outcome(response)} {response.text[:200]}"
                )
    print(
        f"permission matrix: {len(app_routes(world))} routes, {len(ROWS)} rows x "
        f"{len(PRINCIPALS)} callers, {sent} requests"
    )
    assert not wrong, "\n".join(wrong)


def _ids(chats: list[dict[str, Any]], world: World) -> str:
    names = {v: k for k, v in world.chats.items()}
    return "".join(sorted(names[c["id"]] for c in chats if c["id"] in names))


def _visible(keys: str, who: str) -> str:
    return "".join(sorted(k for k in keys if k in SEES_NOW[who]))


@pytest.mark.parametrize("who", ATTENDANTS)
def test_lists_counts_and_search_hold_only_what_the_attendant_may_see(
    world: World, who: str
) -> None:
    client = world.attendants[who]
    counts = client.get("/chats/counts").json()
    for tab, keys in TABS.items():
        expected = _visible(keys, who)
        listed = client.get(f"/chats/{tab}", params={"limit": 200}).json()
        assert _ids(listed, world) == expected, (who, DEPARTMENTS[who], tab)
        assert counts[tab] == len(expected), (who, tab)
        # Search: every requestor is a "Matriz", so the search finds the same, no more.
        found = client.get(f"/chats/{tab}", params={"q": "matriz", "limit": 200}).json()
        assert _ids(found, world) == expected, (who, tab, "q")
        # By department name: "vendas" finds Vendas chats only for who sees Vendas.
        found = client.get(
            f"/chats/{tab}", params={"q": "vendas", "search_by": "department", "limit": 200}
        ).json()
        assert _ids(found, world) == _visible("".join(k for k in keys if k in "VAH"), who)
    mine = client.get("/chats/mine", params={"limit": 200}).json()
    assert _ids(mine, world) == MINE[who]
    assert counts["mine"] == len(MINE[who])
    # Filtering by a department one cannot see finds nothing, never that department's chats.
    others = client.get("/chats/in_attendance", params={"department_id": VENDAS}).json()
    assert set(_ids(others, world)) <= set(SEES_NOW[who])
    departments = {d["id"] for d in client.get("/departments").json()}
    assert departments == ({1, 2, 3} if who == ADMIN else _DEPARTMENT_IDS[who])


_DEPARTMENT_IDS = {ANA: {1}, BRUNO: {2}, CARLA: {1, 3}}


def _event_chat(event: dict[str, Any]) -> int | None:
    data = event["data"]
    if event["type"] == EventType.MESSAGE_UPSERTED.value:
        return int(data["chat_id"])
    if event["type"] == EventType.ATTENDANT_UPSERTED.value:
        return None
    return int(data["id"])


def _departments_then(everything: list[dict[str, Any]]) -> dict[int, int | None]:
    """seq -> the department of the event's chat at that moment, from the admin's log
    (which holds every chat and message event)."""
    current: dict[int, int | None] = {}
    then: dict[int, int | None] = {}
    for event in everything:
        chat = _event_chat(event)
        if chat is None:
            continue
        if event["type"] == EventType.CHAT_UPSERTED.value:
            current[chat] = (event["data"].get("department") or {}).get("id")
        then[event["seq"]] = current.get(chat)
    return then


def _check_events(
    world: World, who: str, events: list[dict[str, Any]], everything: list[dict[str, Any]]
) -> None:
    names = {v: k for k, v in world.chats.items()}
    then = _departments_then(everything)
    for event_type, rule in EVENTS.items():
        of_type = [e for e in events if e["type"] == event_type.value]
        if rule == ALL:
            assert {e["data"]["id"] for e in of_type} == set(ATTENDANT_IDS.values()), who
        elif rule == DEPARTMENT:
            expected = [
                e["seq"]
                for e in everything
                if e["type"] == event_type.value and then[e["seq"]] in SEES_DEPARTMENTS[who]
            ]
            assert [e["seq"] for e in of_type] == expected, (who, event_type.value)
            assert of_type, (who, event_type.value)
        else:
            assert isinstance(rule, dict)
            keys = "".join(sorted({names[c] for e in of_type if (c := _event_chat(e)) in names}))
            assert keys == rule[who], (who, DEPARTMENTS[who], event_type.value)


def _all_events(client: httpx.Client) -> tuple[list[dict[str, Any]], int]:
    page = client.get("/events", params={"after": 0, "limit": 1000}).json()
    assert page["last_seq"] == page["head_seq"], "one page holds this small log"
    return list(page["events"]), int(page["head_seq"])


def _replay(world: World, who: str, head: int) -> list[dict[str, Any]]:
    """What /events/ws sends from the start up to ``head`` (then it would stream live); the
    attendant's last event may be older than ``head``, so a quiet second ends it too."""
    got: list[dict[str, Any]] = []
    with connect(
        f"{world.live.ws}/events/ws?after=0",
        additional_headers={"Authorization": f"Bearer {world.tokens[who]}"},
        open_timeout=10,
        close_timeout=1,
    ) as socket:
        while not got or got[-1]["seq"] < head:
            try:
                got.append(json.loads(socket.recv(timeout=1)))
            except TimeoutError:
                break  # nothing more for this attendant up to head
    return [e for e in got if e["seq"] <= head]


@pytest.mark.parametrize("who", ATTENDANTS)
def test_events_over_http_and_the_socket_follow_the_departments(world: World, who: str) -> None:
    events, head = _all_events(world.attendants[who])
    # The admin's log holds every chat event; read after, so it reaches at least ``head``
    # (delivery statuses from the providers may still be coming in).
    everything = [e for e in _all_events(world.attendants[ADMIN])[0] if e["seq"] <= head]
    _check_events(world, who, events, everything)
    replayed = _replay(world, who, head)
    assert [e["seq"] for e in replayed] == [e["seq"] for e in events]
    _check_events(world, who, replayed, everything)


def _close_code(world: World, path: str, token: str | None) -> int | str:
    query = f"?token={token}" if token else ""
    headers = {}
    if token and path.endswith("/events/ws"):
        headers = {"Authorization": f"Bearer {token}"}
        query = ""
    socket: ClientConnection
    with connect(
        f"{world.live.ws.removesuffix('/api/v2')}{path}{query}",
        additional_headers=headers,
        open_timeout=10,
        close_timeout=1,
    ) as socket:
        try:
            socket.recv(timeout=3)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else "closed"
        except TimeoutError:
            return "open"  # nothing yet, still open: an event stream with no news
        return "open"


def test_each_caller_is_let_into_the_sockets_the_matrix_allows(world: World) -> None:
    wrong = []
    for path, cells in SOCKETS.items():
        for who, expected in zip(PRINCIPALS, cells, strict=True):
            got = _close_code(world, path, token_of(world, who))
            if got != expected:
                wrong.append(f"{path} as {who}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_internal_comments_never_reach_a_customer(world: World) -> None:
    # The providers: the public message sent after each internal comment arrived, so the
    # comment would have gone before it.
    graph = wait_for(lambda: [t for t in graph_texts(world) if f"{PUBLIC}-F" in t], 20.0, "Graph")
    gupshup = wait_for(
        lambda: [t for t in gupshup_texts(world) if f"{PUBLIC}-G" in t], what="Gupshup"
    )
    assert graph
    assert gupshup
    assert not [t for t in graph_texts(world) + gupshup_texts(world) if SECRET in t]
    # The widget: visitor A's chat S holds Carla's internal comments and their file.
    visitor = world.visitors["A"]
    messages = visitor.inbox_all()
    assert messages
    assert {m["chat_id"] for m in messages} == {world.chats["S"]}
    assert not [m for m in messages if SECRET in json.dumps(m)]
    assert all(not m.get("internal") for m in messages)
    with connect(
        f"{world.live.ws}/customer/ws?token={world.visitor_tokens['A']}&after_id=0",
        open_timeout=10,
        close_timeout=1,
    ) as socket:
        update = json.loads(socket.recv(timeout=10))
    assert update["messages"]
    assert SECRET not in json.dumps(update)
    assert {m["chat_id"] for m in update["messages"]} == {world.chats["S"]}


def test_a_visitor_never_sees_another_visitors_chat(world: World) -> None:
    for key, chat in (("A", "S"), ("B", "V"), ("C", "T"), ("D", "A"), ("E", "H")):
        messages = world.visitors[key].inbox_all()
        assert {m["chat_id"] for m in messages} == {world.chats[chat]}, key


def test_logging_out_ends_only_that_session_and_nothing_opens_with_it(world: World) -> None:
    # Last: it ends the sessions the other tests use.
    for who, expected in zip(PRINCIPALS, LOGOUT.cells, strict=True):
        assert matches(expected, send(world, who, LOGOUT)), who
    for who in ATTENDANTS:
        assert world.attendants[who].get("/me").status_code == 401, who
