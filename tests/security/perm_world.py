"""The organisation the permission matrix runs against: one real service on 127.0.0.1 with the
demo's people (support.py), its WhatsApp Cloud and Gupshup integrations made real against
recording fakes of the providers, and a handful of chats placed so every rule shows:

  S  Suporte, widget visitor A, assumed by Ana; a public file from Ana, an internal comment
     with a file from Carla
  V  Vendas, widget visitor B, waiting in the inbox; a file from the visitor
  T  triage (no department yet), widget visitor C
  F  Financeiro, WhatsApp Cloud, assumed by Carla; an internal comment and a public message
  G  Suporte, Gupshup, assumed by Ana; an internal comment and a public message
  A  Vendas, widget visitor D, finished by Bruno (archived)
  H  Suporte at first, then transferred to Vendas by the admin (chat.hidden for Suporte)

Every requestor's name has "Matriz" in it, so one search finds them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import httpx

from server.fake_graph import APP_SECRET, FakeGraph, cloud_integration, envelope, message
from server.fake_gupshup import API_KEY, APP_NAME, SOURCE_NUMBER, FakeGupshup
from support import (
    ADMIN,
    ANA,
    BRUNO,
    CARLA,
    VENDAS,
    WIDGET,
    Customer,
    Live,
    ServerThread,
    make_config,
    wait_for,
)
from tiflux_desktop.server.channels.whatsapp_cloud import sign
from tiflux_desktop.server.config import IntegrationConfig, ServiceConfig

GUPSHUP_ID = 3
CALLBACK_TOKEN = "perm-callback-token-NOT-REAL"
CLOUD_PHONE = "5511977770001"
GUPSHUP_PHONE = "5511977770002"
SECRET = "SEGREDO"  # in every internal comment: must never reach a customer
PUBLIC = "PUBLICO"  # in the public messages sent after them: proves the recorders see sends

ATTENDANT_IDS = {ADMIN: 1, ANA: 2, BRUNO: 3, CARLA: 4}


def gupshup_integration(base_url: str) -> IntegrationConfig:
    return IntegrationConfig(
        id=GUPSHUP_ID,
        type="gupshup",
        name="Gupshup",
        provider=MappingProxyType(
            {
                "app_name": APP_NAME,
                "api_key": API_KEY,
                "source_number": SOURCE_NUMBER,
                "base_url": base_url,
                "callback_token": CALLBACK_TOKEN,
            }
        ),
    )


def gupshup_text(message_id: str, text: str, name: str) -> dict[str, Any]:
    """A v2 inbound text callback as Gupshup's documentation shows it."""
    return {
        "app": APP_NAME,
        "timestamp": 1750000000000,
        "version": 2,
        "type": "message",
        "payload": {
            "id": message_id,
            "source": GUPSHUP_PHONE,
            "type": "text",
            "payload": {"text": text},
            "sender": {
                "phone": GUPSHUP_PHONE,
                "name": name,
                "country_code": "55",
                "dial_code": GUPSHUP_PHONE[2:],
            },
        },
    }


@dataclass
class World:
    live: Live
    server: ServerThread
    graph: FakeGraph
    gupshup: FakeGupshup
    attendants: dict[str, httpx.Client] = field(default_factory=dict[str, httpx.Client])
    tokens: dict[str, str] = field(default_factory=dict[str, str])
    visitors: dict[str, Customer] = field(default_factory=dict[str, Customer])
    visitor_tokens: dict[str, str] = field(default_factory=dict[str, str])
    chats: dict[str, int] = field(default_factory=dict[str, int])
    attachments: dict[str, int] = field(default_factory=dict[str, int])
    _plain: httpx.Client | None = None

    @property
    def plain(self) -> httpx.Client:
        """A client with no credentials of its own, kept alive (headers per request)."""
        if self._plain is None:
            self._plain = httpx.Client(base_url=self.live.base_url, timeout=15)
            self.live._clients.append(self._plain)  # pyright: ignore[reportPrivateUsage]
        return self._plain

    @property
    def api(self) -> str:
        return self.live.api

    def close(self) -> None:
        self.live.close()
        self.server.stop()
        self.graph.stop()
        self.gupshup.stop()


def _config(tmp: Path, graph: FakeGraph, gupshup: FakeGupshup) -> ServiceConfig:
    return make_config(
        tmp,
        integrations=(cloud_integration(graph), gupshup_integration(gupshup.base_url)),
        send_retry_delays=(0.1,),
    )


def build_world(tmp: Path) -> World:
    graph = FakeGraph()
    graph.start()
    gupshup = FakeGupshup().start()
    server = ServerThread(_config(tmp, graph, gupshup))
    server.start()
    world = World(Live(server.base_url, server_config(server)), server, graph, gupshup)
    try:
        _populate(world)
    except BaseException:
        world.close()
        raise
    return world


def server_config(server: ServerThread) -> ServiceConfig:
    app: Any = server.server.config.app
    return app.state.service.config


def _visitor(world: World, key: str, name: str) -> Customer:
    response = world.live.anonymous().post(
        "/customer/sessions", json={"integration_id": WIDGET, "name": name}
    )
    assert response.status_code == 201, response.text
    token = str(response.json()["token"])
    client = httpx.Client(
        base_url=world.api, timeout=15, headers={"Authorization": f"Bearer {token}"}
    )
    world.live._clients.append(client)  # pyright: ignore[reportPrivateUsage]
    visitor = Customer(client, int(response.json()["contact_id"]))
    world.visitors[key] = visitor
    world.visitor_tokens[key] = token
    return visitor


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json() if response.content else None


def _file(name: str, content: bytes, content_type: str) -> dict[str, tuple[str, bytes, str]]:
    return {"files[]": (name, content, content_type)}


def _chat_of(admin: httpx.Client, origin: str, name: str) -> int:
    def found() -> int | None:
        chats = _ok(admin.get("/chats/in_attendance", params={"origins": origin, "limit": 50}))
        for chat in chats:
            if (chat.get("requestor") or {}).get("name") == name and chat.get("department"):
                return int(chat["id"])
        return None

    return int(wait_for(found, 20.0, f"the {origin} chat of {name}"))


def _populate(world: World) -> None:
    live = world.live
    for email in (ADMIN, ANA, BRUNO, CARLA):
        client = live.attendant(email)
        world.attendants[email] = client
        world.tokens[email] = str(client.headers["Authorization"]).removeprefix("Bearer ")
    admin, ana, bruno, carla = (world.attendants[e] for e in (ADMIN, ANA, BRUNO, CARLA))

    # S: Suporte, assumed by Ana, a public file and an internal comment with a file.
    s = world.chats["S"] = _visitor(world, "A", "Matriz Alfa").open_chat("1")
    _ok(ana.put(f"/chats/{s}/assume"))
    sent = _ok(
        ana.post(
            f"/chats/{s}/messages",
            data={"text": "segue o contrato"},
            files=_file("contrato.pdf", b"%PDF-1.7 publico", "application/pdf"),
        ),
        201,
    )
    world.attachments["S_public"] = int(sent["messages"][0]["media"]["id"])
    sent = _ok(
        carla.post(
            f"/chats/{s}/messages",
            data={"text": f"{SECRET}-S nota da equipe", "internal": "true"},
            files=_file("interno.txt", b"so a equipe", "text/plain"),
        ),
        201,
    )
    world.attachments["S_internal"] = int(sent["messages"][0]["media"]["id"])

    # V: Vendas inbox, a file from the visitor.
    visitor_b = _visitor(world, "B", "Matriz Beta")
    v = world.chats["V"] = visitor_b.open_chat("2")
    _ok(
        visitor_b.http.post(
            "/customer/messages", files={"files": ("foto.png", b"\x89PNG beta", "image/png")}
        ),
        201,
    )
    files = [m for m in _ok(bruno.get(f"/chats/{v}/messages")) if m.get("media")]
    world.attachments["V_visitor"] = int(files[-1]["media"]["id"])

    # T: triage only.
    world.chats["T"] = int(_visitor(world, "C", "Matriz Gama").say("Oi")["chat_id"])

    # A: Vendas, finished by Bruno.
    a = world.chats["A"] = _visitor(world, "D", "Matriz Epsilon").open_chat("2")
    _ok(bruno.put(f"/chats/{a}/assume"))
    _ok(bruno.put(f"/chats/{a}/archive"), 202)

    # H: Suporte, then moved to Vendas by the admin.
    h = world.chats["H"] = _visitor(world, "E", "Matriz Zeta").open_chat("1")
    _ok(admin.put(f"/chats/{h}", json={"department_id": VENDAS}))

    # F: WhatsApp Cloud, Financeiro, Carla's.
    contacts = [{"profile": {"name": "Matriz Delta"}, "wa_id": CLOUD_PHONE}]
    for index, text in enumerate(("Olá", "3")):
        raw = envelope(
            message("text", f"wamid.PERM{index}", CLOUD_PHONE, text={"body": text}),
            contacts=contacts,
        )
        response = httpx.post(
            f"{world.api}/webhooks/whatsapp-cloud/2",
            content=raw,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": sign(APP_SECRET, raw),
            },
            timeout=15,
        )
        assert response.status_code == 200, response.text
        if index == 0:
            wait_for(lambda: _has_chat(admin, "whatsapp_cloud"), 20.0, "the Cloud chat")
    f = world.chats["F"] = _chat_of(admin, "whatsapp_cloud", "Matriz Delta")
    _ok(carla.put(f"/chats/{f}/assume"))
    _ok(carla.post(f"/chats/{f}/messages", json={"text": f"{SECRET}-F", "internal": True}), 201)
    _ok(carla.post(f"/chats/{f}/messages", json={"text": f"{PUBLIC}-F"}), 201)

    # G: Gupshup, Suporte, Ana's.
    for index, text in enumerate(("Olá", "1")):
        response = httpx.post(
            f"{world.api}/webhooks/gupshup/{GUPSHUP_ID}",
            params={"token": CALLBACK_TOKEN},
            json=gupshup_text(f"ABEGPERM{index}", text, "Matriz Eta"),
            timeout=15,
        )
        assert response.status_code == 200, response.text
        if index == 0:
            wait_for(lambda: _has_chat(admin, "gupshup"), 20.0, "the Gupshup chat")
    g = world.chats["G"] = _chat_of(admin, "gupshup", "Matriz Eta")
    _ok(ana.put(f"/chats/{g}/assume"))
    _ok(ana.post(f"/chats/{g}/messages", json={"text": f"{SECRET}-G", "internal": True}), 201)
    _ok(ana.post(f"/chats/{g}/messages", json={"text": f"{PUBLIC}-G"}), 201)


def _has_chat(admin: httpx.Client, origin: str) -> bool:
    return bool(_ok(admin.get("/chats/in_attendance", params={"origins": origin})))


def graph_texts(world: World) -> list[str]:
    return [json.dumps(r.json, ensure_ascii=False) for r in world.graph.sends()]


def gupshup_texts(world: World) -> list[str]:
    return [json.dumps(r.form, ensure_ascii=False) for r in world.gupshup.sends()]
