"""Bad and hostile input: every refusal is a JSON {"code", "message"} with the right status,
nothing is ever a 5xx, and refused requests change nothing."""

from __future__ import annotations

import itertools
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from support import ADMIN, ANA, BRUNO, CARLA, SUPORTE, WHATSAPP_CLOUD, Live

CLOUD_TEMPLATE = 3


def assert_error(response: httpx.Response, status: int, code: int | None = None) -> None:
    assert response.status_code == status, (response.request.url, response.text)
    body = response.json()
    assert isinstance(body["code"], int)
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["code"] // 100 == status
    if code is not None:
        assert body["code"] == code, body


def send_json(client: httpx.Client, method: str, path: str, raw: str | bytes) -> httpx.Response:
    return client.request(method, path, content=raw, headers={"Content-Type": "application/json"})


# --- malformed, unknown, wrong -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ['{"email": "a@b.c", ', "not json", "{'email': 'x'}", "\xff\xfe", "[1, 2,]"]
)
def test_malformed_json_is_400_40001(live: Live, raw: str) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer().open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    encoded = raw.encode("latin-1")
    assert_error(send_json(live.anonymous(), "POST", "/auth/login", encoded), 400, 40001)
    assert_error(send_json(admin, "PUT", "/me/status", encoded), 400, 40001)
    assert_error(send_json(admin, "PUT", f"/chats/{chat_id}", encoded), 400, 40001)
    assert_error(send_json(admin, "POST", f"/chats/{chat_id}/messages", encoded), 400, 40001)
    assert_error(send_json(admin, "POST", "/chats/send_message", encoded), 400, 40001)
    customer = live.customer(name="Malformado")
    assert_error(send_json(customer.http, "POST", "/customer/messages", encoded), 400, 40001)


def test_deeply_nested_json_is_refused_not_a_crash(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer().open_chat("1")
    deep = "[" * 100_000 + "]" * 100_000
    for method, path in (
        ("POST", "/auth/login"),
        ("PUT", "/me/status"),
        ("POST", f"/chats/{chat_id}/messages"),
        ("PUT", f"/chats/{chat_id}"),
    ):
        response = send_json(admin, method, path, deep)
        assert response.status_code in (400, 422), (path, response.text)
        assert_error(response, response.status_code)
    customer = live.customer(name="Profundo")
    response = send_json(customer.http, "POST", "/customer/messages", deep)
    assert response.status_code in (400, 422)
    assert admin.get("/me").status_code == 200  # still serving


def test_unknown_fields_are_422_42201(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer().open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("PUT", "/me/status", {"online": True, "away": True}),
        ("PUT", f"/chats/{chat_id}", {"department_id": SUPORTE, "priority": 1}),
        ("PUT", f"/chats/{chat_id}/archive", {"services_catalogs_item_id": None, "note": "x"}),
        ("PUT", f"/chats/{chat_id}/assume", {"take_over": True, "force": True}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "oi", "html": "<b>oi</b>"}),
        ("POST", "/chats/send_message", {"number": "11999990000", "integration_id": 2, "x": 1}),
    ]
    for method, path, body in cases:
        assert_error(admin.request(method, path, json=body), 422, 42201)
    login = live.anonymous().post(
        "/auth/login", json={"email": ADMIN, "password": "demo1234", "remember": True}
    )
    assert_error(login, 422, 42201)
    assert_error(
        live.anonymous().post(
            "/customer/sessions", json={"integration_id": 1, "name": "A", "x": 1}
        ),
        422,
        42201,
    )
    # Nothing was done by any of them.
    chat = admin.get(f"/chats/{chat_id}").json()
    assert chat["status"] == "waiting_client"
    assert chat["department"]["id"] == SUPORTE


def test_wrong_types_are_422(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer().open_chat("1")
    cases: list[tuple[str, str, Any]] = [
        ("PUT", "/me/status", {"online": "maybe"}),
        ("PUT", "/me/status", {"online": None}),
        ("PUT", "/me/status", {}),
        ("PUT", "/me/status", [True]),
        ("PUT", "/me/status", "online"),
        ("PUT", f"/chats/{chat_id}", {"department_id": "Suporte"}),
        ("PUT", f"/chats/{chat_id}", {"user_id": [1]}),
        ("PUT", f"/chats/{chat_id}", {"ticket_number": 1.5}),
        ("PUT", f"/chats/{chat_id}", {}),
        ("PUT", f"/chats/{chat_id}/assume", {"take_over": {"yes": 1}}),
        ("POST", f"/chats/{chat_id}/messages", {"text": 12}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "oi", "client_message_id": "not-a-uuid"}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "oi", "parameters": "a,b"}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "  "}),
        ("POST", f"/chats/{chat_id}/messages", ["oi"]),
        ("POST", "/chats/send_message", {"number": "abc", "integration_id": 2, "message": "x"}),
        ("POST", "/chats/send_message", {"number": "11999990000", "integration_id": "two"}),
    ]
    for method, path, body in cases:
        assert_error(admin.request(method, path, json=body), 422, 42201)
    for params in ({"department_id": "x"}, {"started_by": 1}, {"search_by": "tudo"}):
        assert_error(admin.get("/chats/inbox", params=params), 422, 42201)
    assert_error(admin.get("/chats/abc"), 422, 42201)
    assert_error(admin.get("/events", params={"after": -5}), 422, 42201)
    assert_error(admin.get("/events", params={"limit": 1001}), 422, 42201)
    assert_error(live.anonymous().post("/auth/login", json={"email": 1, "password": 2}), 422)


def test_unknown_ids_are_404_40401(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer().open_chat("1")
    missing = 987_654
    cases: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", f"/chats/{missing}", None),
        ("GET", f"/chats/{missing}/messages", None),
        ("PUT", f"/chats/{missing}", {"department_id": SUPORTE}),
        ("PUT", f"/chats/{missing}/assume", None),
        ("PUT", f"/chats/{missing}/leave", None),
        ("PUT", f"/chats/{missing}/cancel", None),
        ("PUT", f"/chats/{missing}/archive", None),
        ("POST", f"/chats/{missing}/messages", {"text": "oi", "internal": True}),
        ("PUT", f"/chats/{chat_id}", {"department_id": missing}),
        ("PUT", f"/chats/{chat_id}", {"user_id": missing}),
        ("PUT", f"/chats/{chat_id}", {"ticket_number": missing}),
        ("GET", f"/attachments/{missing}", None),
        ("GET", f"/clients/{missing}/desks", None),
        ("GET", f"/clients/{missing}/requestors", None),
        ("GET", f"/desks/{missing}/priorities", None),
        ("GET", f"/desks/{missing}/services-catalogs-items", None),
        ("GET", "/no/such/route", None),
    ]
    for method, path, body in cases:
        assert_error(admin.request(method, path, json=body), 404, 40401)
    started = admin.post(
        "/chats/send_message",
        json={"number": "11988887777", "integration_id": missing, "message": "Oi"},
    )
    assert_error(started, 404, 40401)
    assert_error(
        live.anonymous().post("/customer/sessions", json={"integration_id": missing, "name": "X"}),
        404,
        40401,
    )
    # The chat was not touched by the refused transfers.
    chat = admin.get(f"/chats/{chat_id}").json()
    assert (chat["department"]["id"], chat["responsible"], chat["ticket"]) == (SUPORTE, None, None)


def test_missing_or_bad_auth_is_401(live: Live) -> None:
    anonymous = live.anonymous()
    for method, path in (
        ("GET", "/me"),
        ("PUT", "/me/status"),
        ("GET", "/chats/inbox"),
        ("GET", "/chats/counts"),
        ("GET", "/chats/1"),
        ("PUT", "/chats/1/assume"),
        ("POST", "/chats/1/messages"),
        ("GET", "/departments"),
        ("GET", "/events"),
        ("POST", "/auth/logout"),
        ("POST", "/tickets"),
        ("GET", "/attachments/1"),
        ("GET", "/customer/messages"),
    ):
        response = anonymous.request(method, path)
        assert_error(response, 401, 40101)
        wrong = anonymous.request(method, path, headers={"Authorization": "Bearer nope"})
        assert_error(wrong, 401, 40101)
        basic = anonymous.request(method, path, headers={"Authorization": "Basic YTpi"})
        assert_error(basic, 401, 40101)


def test_actions_in_the_wrong_state_are_409(live: Live) -> None:
    admin, ana = live.attendant(ADMIN), live.attendant(ANA)
    customer = live.customer(name="Estados")
    chat_id = customer.open_chat("1")

    assert_error(ana.put(f"/chats/{chat_id}/leave"), 409, 40901)  # nobody took it
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    assert_error(ana.put(f"/chats/{chat_id}/assume"), 409, 40901)  # already hers
    taken = live.attendant(CARLA).put(f"/chats/{chat_id}/assume")
    assert_error(taken, 409, 40902)
    assert taken.json()["details"]["responsible"]["name"] == "Ana Souza"
    offline = live.attendant(BRUNO, online=False)
    vendas = live.customer(name="Vendas").open_chat("2")
    assert_error(offline.put(f"/chats/{vendas}/assume"), 409, 40904)

    assert ana.put(f"/chats/{chat_id}/archive").status_code == 202
    for method, path, body in (
        ("PUT", f"/chats/{chat_id}/assume", None),
        ("PUT", f"/chats/{chat_id}/leave", None),
        ("PUT", f"/chats/{chat_id}/archive", None),
        ("PUT", f"/chats/{chat_id}/cancel", None),
        ("PUT", f"/chats/{chat_id}", {"department_id": SUPORTE}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "Ainda aí?"}),
        ("POST", f"/chats/{chat_id}/messages", {"text": "nota", "internal": True}),
    ):
        assert_error(admin.request(method, path, json=body), 409, 40905)

    phone = "5511977776666"
    first = admin.post(
        "/chats/send_message",
        json={
            "number": phone,
            "integration_id": WHATSAPP_CLOUD,
            "template_id": CLOUD_TEMPLATE,
            "parameters": ["A", "B"],
        },
    )
    assert first.status_code == 201, first.text
    again = admin.post(
        "/chats/send_message",
        json={
            "number": phone,
            "integration_id": WHATSAPP_CLOUD,
            "template_id": CLOUD_TEMPLATE,
            "parameters": ["A", "B"],
        },
    )
    assert_error(again, 409, 40903)
    assert again.json()["details"]["chat_id"] == first.json()["chat"]["id"]


# --- a bounded storm of hostile input over the whole API ---------------------------------

HUGE = "x" * 300_000
HOSTILE_PATH = [
    "0",
    "-1",
    str(2**63 - 1),
    str(2**63),
    str(-(2**63) - 1),
    "99999999999999999999999999",
    "1.5",
    "abc",
    "%00",
    "ção😀",
    "..%2F..%2Fetc%2Fpasswd",
    "x" * 3000,
]
HOSTILE_QUERY = [
    "-1",
    "-5",
    "0",
    str(2**63),
    "99999999999999999999999999",
    "abc",
    "",
    "1.5",
    "true",
    "null",
    "[]",
    "\x00",
    "ção😀‮",
    "%",
    "_",
    "9999-12-31T23:59:59-23:00",
    "0001-01-01T00:00:00+14:00",
    "x" * 3000,
]
HOSTILE_BODY: list[Any] = [
    None,
    [],
    [1, 2, 3],
    {},
    "",
    HUGE,
    "ção😀" * 60_000,
    0,
    -1,
    2**63,
    -(2**63) - 1,
    10**30,
    1.5,
    1e308,
    True,
    {"a": {"b": {"c": [None]}}},
    [{"text": "oi"}],
]
# Values put in one field at a time. Strings are all too long for any field, and there is no
# 0 or 1 (a valid boolean), so no hostile request is accidentally a valid one.
HOSTILE_FIELD: list[Any] = [
    None,
    [],
    {},
    HUGE,
    "ção😀" * 60_000,
    -1,
    2**63,
    -(2**63) - 1,
    10**30,
    1.5,
    "abc",
    [None, {"x": []}],
]
HOSTILE_RAW = [
    b"",
    b"{",
    b"\x00\xff\xfe",
    b'{"a":' * 5000,
    b"[" * 50_000 + b"]" * 50_000,
    b'{"text": "' + b"\xc3" + b'"}',
]


def _schema(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(JSON field names, multipart field names) of an operation's request body."""
    content = operation.get("requestBody", {}).get("content", {})
    json_fields: list[str] = []
    form_fields: list[str] = []
    if "application/json" in content:
        schema = _schema(spec, content["application/json"].get("schema", {}))
        for option in schema.get("anyOf", [schema]):
            json_fields += list(_schema(spec, option).get("properties", {}))
    if "multipart/form-data" in content:
        form_fields = list(_schema(spec, content["multipart/form-data"]["schema"])["properties"])
    return json_fields, form_fields


def _state(client: httpx.Client) -> dict[str, Any]:
    counts = client.get("/chats/counts").json()
    head = client.get("/events", params={"after": 0, "limit": 1}).json()["head_seq"]
    contacts = client.get("/contacts", params={"limit": 1}).headers["X-Total-Items"]
    me = client.get("/me").json()["user"]
    return {"counts": counts, "head_seq": head, "contacts": contacts, "me": me}


def _fill(path: str, value: str) -> str:
    out = path
    while "{" in out:
        start = out.index("{")
        out = out[:start] + value + out[out.index("}", start) + 1 :]
    return out


@dataclass(frozen=True)
class Case:
    client: httpx.Client
    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict[str, Any])


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: int
    body: Any

    def describe(self) -> str:
        params = self.case.kwargs.get("params")
        return f"{self.case.method} {self.case.path[:120]} {params!r:.120} -> {self.status}"


def _send(case: Case) -> Outcome | None:
    try:
        response = case.client.request(case.method, case.path, **case.kwargs)
    except httpx.InvalidURL:
        return None  # not even sendable: nothing reached the service
    try:
        body = response.json()
    except ValueError:
        body = None
    return Outcome(case, response.status_code, body)


def _storm(
    spec: dict[str, Any], admin: httpx.Client, anonymous: httpx.Client, real_id: int
) -> list[Case]:
    operations = [
        (method.upper(), path.removeprefix("/api/v2"), operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in ("get", "put", "post", "delete", "patch")
    ]
    assert len(operations) > 30
    cases: list[Case] = []
    paged = 0
    for method, path, operation in operations:
        concrete = _fill(path, str(real_id))
        # 1. Path parameters.
        if "{" in path:
            cases += [Case(admin, method, _fill(path, value)) for value in HOSTILE_PATH]
        # 2. Query parameters, one at a time (so the others cannot mask it). offset and limit
        # are one shared dependency: a few operations are enough for them.
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        if "offset" in names:
            paged += 1
            if paged > 3:
                names = [n for n in names if n not in ("offset", "limit")]
        cases += [
            Case(admin, method, concrete, {"params": {name: value}})
            for name, value in itertools.product(names, HOSTILE_QUERY)
        ]
        # 3. Bodies: whole, field by field, raw bytes and broken multipart. Never a sign-out:
        # that would end the session the storm uses (it is tried without credentials below).
        if method in ("POST", "PUT", "PATCH") and path != "/auth/logout":
            json_fields, form_fields = _body_fields(spec, operation)
            cases += [Case(admin, method, concrete, {"json": body}) for body in HOSTILE_BODY]
            cases += [
                Case(admin, method, concrete, {"json": {name: value}})
                for name, value in itertools.product(json_fields, HOSTILE_FIELD)
            ]
            json_header = {"Content-Type": "application/json"}
            cases += [
                Case(admin, method, concrete, {"content": raw, "headers": json_header})
                for raw in HOSTILE_RAW
            ]
            garbage = b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n' + b"y" * 10
            for content_type in ("multipart/form-data", "multipart/form-data; boundary=b"):
                headers = {"Content-Type": content_type}
                cases.append(
                    Case(admin, method, concrete, {"content": garbage, "headers": headers})
                )
            for name in form_fields:
                for value in ("", "abc", "-1", str(2**63), "x" * 300_000):
                    files = [
                        (name.removesuffix("[]"), (None, value)),
                        ("unrelated", ("a.bin", b"\x00" * 10, "application/octet-stream")),
                    ]
                    cases.append(Case(admin, method, concrete, {"files": files}))
        # 4. Without credentials.
        cases.append(Case(anonymous, method, concrete))
    return cases


def test_no_hostile_input_anywhere_is_ever_a_5xx_and_nothing_changes(live: Live) -> None:
    admin = live.attendant(ADMIN)
    ana = live.attendant(ANA)
    anonymous = live.anonymous()
    # Something for the ids to point at: a finished chat with a file (every action on it is
    # refused, but only after the request was parsed) and a chat still in triage.
    finished = live.customer(name="Arquivado").open_chat("1")
    assert admin.put(f"/chats/{finished}/assume").status_code == 200
    upload = admin.post(
        f"/chats/{finished}/messages",
        data={"text": "anexo"},
        files=[("files[]", ("nota.txt", b"conteudo", "text/plain"))],
    )
    assert upload.status_code == 201, upload.text
    assert admin.put(f"/chats/{finished}/archive").status_code == 202
    triage = int(live.customer(name="Triagem").say("Oi")["chat_id"])
    before = _state(admin)

    cases = _storm(admin.get("/openapi.json").json(), admin, anonymous, finished)
    for path in (f"/chats/{triage}", f"/chats/{triage}/messages", "/attachments/1"):
        cases += [
            Case(ana, "GET", path, {"params": {"before_id": v, "after_id": v, "limit": 5}})
            for v in HOSTILE_QUERY
        ]
    cases += [Case(anonymous, "POST", "/auth/logout"), Case(anonymous, "GET", "/events/ws")]
    assert len(cases) > 1000
    # Bounded: a few requests at a time, so the storm takes seconds.
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = [o for o in pool.map(_send, cases) if o is not None]

    crashes = [o.describe() for o in outcomes if o.status >= 500]
    assert not crashes, "\n".join(crashes[:20])
    for outcome in outcomes:
        if outcome.status >= 400:
            body = outcome.body
            assert isinstance(body, dict), outcome.describe()
            assert isinstance(body.get("code"), int), outcome.describe()
            assert isinstance(body.get("message"), str), outcome.describe()
            assert body["code"] // 100 == outcome.status, outcome.describe()
    assert sum(1 for o in outcomes if o.status < 300) > 20  # the good paths were reached too
    assert {o.status for o in outcomes} >= {200, 400, 401, 404, 409, 422}
    assert _state(admin) == before
    assert admin.get(f"/chats/{finished}").json()["status"] == "finished"
    assert admin.get(f"/chats/{triage}").json()["status"] == "triage"


def test_customer_api_hostile_input(live: Live) -> None:
    customer = live.customer(name="Cliente Hostil")
    admin = live.attendant(ADMIN)
    before = _state(admin)
    for body in HOSTILE_BODY:
        response = customer.http.post("/customer/messages", json=body)
        assert response.status_code in (400, 422), body if not isinstance(body, str) else "str"
        assert_error(response, response.status_code)
    for value in HOSTILE_FIELD:
        if isinstance(value, str) and len(value) <= 10_000:
            continue  # a short text is a fine thing for a customer to write
        response = customer.http.post("/customer/messages", json={"text": value})
        assert response.status_code in (400, 422)
    for value in HOSTILE_QUERY:
        response = customer.http.get("/customer/messages", params={"after_id": value})
        assert response.status_code in (200, 422)
    for body in HOSTILE_BODY:
        response = live.anonymous().post("/customer/sessions", json=body)
        assert response.status_code in (400, 422)
    assert _state(admin) == before
    # And an idempotency key that is not a UUID is refused rather than stored.
    chat_id = live.customer(name="Outro").open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    ok = admin.post(
        f"/chats/{chat_id}/messages", json={"text": "oi", "client_message_id": str(uuid.uuid4())}
    )
    assert ok.status_code == 201
