"""The website widget's routes (the snippet, the page, its files: cached, under a strict
Content-Security-Policy, only for active site widgets) and what the widget's visitor gets from
the customer API: a live stream of their public messages and their chat's end, never an
internal comment or anything about an attendant but a name; messages stored once however often
the page retries; files refused past the limits; downloads of their own chats' files only."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from support import ANA, CARLA, GUPSHUP, WHATSAPP_CLOUD, WIDGET, Customer, Live, make_config
from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.config import IntegrationConfig, ServiceConfig

KB = 1024
# What a visitor's message may say about its author: nothing else leaves the service.
MESSAGE_KEYS = {
    "id",
    "chat_id",
    "chat_status",
    "author",
    "text",
    "media",
    "created_at",
    "client_id",
}


SHOP, CLOSED_SHOP = 7, 8  # widgets declared in the config file


@pytest.fixture
def service_config(tmp_path: Path) -> ServiceConfig:
    limits = AttachmentLimits(file_max_bytes=200 * KB, media_max_bytes=100 * KB)
    integrations = (
        IntegrationConfig(
            id=SHOP,
            type="site_widget",
            name="Loja",
            provider={"allowed_origins": "https://loja.example https://www.loja.example"},
        ),
        IntegrationConfig(id=CLOSED_SHOP, type="site_widget", name="Antiga", active=False),
    )
    return make_config(tmp_path, limits=limits, integrations=integrations)


def site(live: Live) -> httpx.Client:
    client = httpx.Client(base_url=live.base_url, timeout=15)
    live._clients.append(client)  # pyright: ignore[reportPrivateUsage]
    return client


def visitor_socket(live: Live, customer: Customer, after_id: int = 0) -> ClientConnection:
    token = customer.http.headers["Authorization"].removeprefix("Bearer ")
    return connect(f"{live.ws}/customer/ws?token={token}&after_id={after_id}", open_timeout=10)


def next_update(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    update = json.loads(ws.recv(timeout=timeout))
    assert update["type"] == "update"
    return update


def updates_until(ws: ClientConnection, done: Any, timeout: float = 15) -> list[dict[str, Any]]:
    """Every update received until ``done(updates)`` holds."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not done(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"gave up waiting; got {seen}"
        seen.append(next_update(ws, left))
    return seen


def texts(updates: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for u in updates for m in u["messages"] if m["text"]]


def assume(live: Live, email: str, chat_id: int) -> httpx.Client:
    attendant = live.attendant(email)
    assert attendant.put(f"/chats/{chat_id}/assume").status_code == 200
    return attendant


# --- the routes ---------------------------------------------------------------------------


def test_the_snippet_script_is_served_cached_and_defines_one_namespace(live: Live) -> None:
    response = site(live).get("/widget/embed.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "max-age=" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "window.TifluxWidget =" in response.text
    # The only global it assigns: everything else lives inside its function.
    assert set(re.findall(r"window\.(\w+)\s*=", response.text)) == {"TifluxWidget"}


def test_the_page_runs_under_a_policy_of_only_its_own_files(live: Live) -> None:
    response = site(live).get(f"/widget/{WIDGET}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    policy = dict(
        ([*part.split(" ", 1), ""])[:2]
        for part in response.headers["content-security-policy"].split("; ")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"].startswith("'self' ws://127.0.0.1:")
    assert policy["frame-ancestors"] == "*"  # embeddable in any customer's site
    assert "unsafe" not in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
    page = response.text
    # No inline script, style or handler the policy would block: the page works as served.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page)
    assert f'data-integration="{WIDGET}"' in page
    assert 'data-file-max="204800"' in page
    assert 'data-media-max="102400"' in page
    assert "{{" not in page
    for asset in re.findall(r'(?:src|href)="(static/[^"]+)"', page):
        fetched = site(live).get(f"/widget/{asset}")
        assert fetched.status_code == 200, asset
        assert "max-age=86400" in fetched.headers["cache-control"]


def test_a_widget_declared_with_allowed_origins_is_shown_only_on_those_sites(
    live: Live,
) -> None:
    response = site(live).get(f"/widget/{SHOP}")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors https://loja.example https://www.loja.example" in policy
    assert 'data-title="Loja"' in response.text
    assert site(live).get(f"/widget/{CLOSED_SHOP}").status_code == 404


def test_the_page_escapes_the_integration_name(live: Live) -> None:
    database = live.config.data_dir / "service.db"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE integrations SET name = ? WHERE id = ?", ('Loja "A" <b>&</b>', WIDGET))
    page = site(live).get(f"/widget/{WIDGET}").text
    assert "<b>" not in page
    assert 'data-title="Loja &quot;A&quot; &lt;b&gt;&amp;&lt;/b&gt;"' in page


@pytest.mark.parametrize("integration_id", [WHATSAPP_CLOUD, GUPSHUP, 999])
def test_no_page_for_other_integrations(live: Live, integration_id: int) -> None:
    response = site(live).get(f"/widget/{integration_id}")
    assert response.status_code == 404
    assert "indisponível" in response.text
    assert "<script" not in response.text


def test_no_page_for_an_inactive_widget(live: Live) -> None:
    with sqlite3.connect(live.config.data_dir / "service.db") as conn:
        conn.execute("UPDATE integrations SET active = 0 WHERE id = ?", (WIDGET,))
    assert site(live).get(f"/widget/{WIDGET}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/widget/static/embed.js.map",
        "/widget/static/..%2F..%2Fapp.py",
        "/widget/static/widget.html",
    ],
)
def test_only_the_pages_files_are_served(live: Live, path: str) -> None:
    assert site(live).get(path).status_code == 404


# --- the visitor's live stream ------------------------------------------------------------


def test_the_stream_carries_public_replies_and_the_end_never_internal_comments(
    live: Live,
) -> None:
    visitor = live.customer(WIDGET, "Visitante do Site")
    with visitor_socket(live, visitor) as ws:
        assert next_update(ws) == {"type": "update", "messages": [], "chat": None}
        chat_id = int(visitor.say("Olá, preciso de ajuda")["chat_id"])
        first = updates_until(ws, lambda u: len(texts(u)) >= 2)
        visitor.say("1")
        updates_until(ws, lambda u: any("Aguarde" in t for t in texts(u)))

        ana = assume(live, ANA, chat_id)
        ana.post(f"/chats/{chat_id}/messages", json={"text": "Nota: cliente VIP", "internal": True})
        carla = live.attendant(CARLA)
        carla.post(
            f"/chats/{chat_id}/messages", json={"text": "Outra nota da equipe", "internal": True}
        )
        ana.post(f"/chats/{chat_id}/messages", json={"text": "Oi! Como posso ajudar?"})
        later = updates_until(ws, lambda u: "Oi! Como posso ajudar?" in texts(u))

        assert ana.put(f"/chats/{chat_id}/archive").status_code == 202
        end = updates_until(ws, lambda u: bool(u) and u[-1]["chat"]["ended"])

    everything = first + later + end
    shown = texts(everything)
    assert not any("nota" in t.lower() for t in shown), shown
    assert "Olá, preciso de ajuda" in shown
    assert any("Ana Souza" in t for t in shown)  # the greeting on assume, by her name
    for update in everything:
        for message in update["messages"]:
            assert set(message) <= MESSAGE_KEYS, message
            assert set(message["author"]) == {"type", "name"}
            assert "@" not in json.dumps(message)  # no e-mail of anyone
    authors = {
        (m["author"]["type"], m["author"]["name"]) for u in everything for m in u["messages"]
    }
    assert ("attendant", "Ana Souza") in authors
    assert ("client", "Visitante do Site") in authors
    assert end[-1]["chat"] == {"id": chat_id, "status": "finished", "ended": True}
    ids = [m["id"] for u in everything for m in u["messages"]]
    assert ids == sorted(set(ids))  # each once, in order


def test_the_stream_resumes_after_the_last_message_seen(live: Live) -> None:
    visitor = live.customer(WIDGET, "Visitante Volta")
    chat_id = visitor.open_chat("1")
    seen = max(m["id"] for m in visitor.inbox_all())
    assume(live, ANA, chat_id).post(f"/chats/{chat_id}/messages", json={"text": "Ainda aí?"})
    with visitor_socket(live, visitor, after_id=seen) as ws:
        update = next_update(ws)
    assert all(m["id"] > seen for m in update["messages"])
    assert texts([update])[-1] == "Ainda aí?"
    assert update["chat"]["id"] == chat_id
    assert update["chat"]["ended"] is False


def test_another_visitors_chat_never_reaches_the_stream(live: Live) -> None:
    visitor = live.customer(WIDGET, "Visitante A")
    other = live.customer(WIDGET, "Visitante B")
    with visitor_socket(live, visitor) as ws:
        next_update(ws)
        other.open_chat("1")
        visitor.say("Sou o A")
        updates = updates_until(ws, lambda u: any("Como posso" in t for t in texts(u)))
    assert "Sou o A" in texts(updates)
    assert all(m["author"]["name"] != "Visitante B" for u in updates for m in u["messages"])


def test_an_unknown_token_closes_the_stream_with_4401(live: Live) -> None:
    with connect(f"{live.ws}/customer/ws?token=nope", open_timeout=10) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


# --- sending ------------------------------------------------------------------------------


def test_a_retried_message_is_stored_once(live: Live) -> None:
    visitor = live.customer(WIDGET, "Visitante Repete")
    client_id = uuid.uuid4().hex
    first = visitor.http.post("/customer/messages", json={"text": "Oi", "client_id": client_id})
    again = visitor.http.post("/customer/messages", json={"text": "Oi", "client_id": client_id})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    mine = [m for m in visitor.inbox_all() if m["author"]["type"] == "client"]
    assert [(m["text"], m["client_id"]) for m in mine] == [("Oi", client_id)]
    # A different visitor reusing the id stores their own message (ids are per visitor).
    other = live.customer(WIDGET, "Outro")
    reused = other.http.post("/customer/messages", json={"text": "Oi", "client_id": client_id})
    assert reused.status_code == 201
    assert reused.json()["message_id"] != first.json()["message_id"]


def test_a_bad_client_id_is_refused(live: Live) -> None:
    visitor = live.customer(WIDGET)
    response = visitor.http.post("/customer/messages", json={"text": "x", "client_id": "a b"})
    assert response.status_code == 422


def attachment_files(live: Live) -> list[Path]:
    return [p for p in live.config.attachments_dir.rglob("*") if p.is_file()]


def test_a_file_over_the_limit_is_refused_and_not_kept(live: Live) -> None:
    visitor = live.customer(WIDGET, "Visitante Arquivo")
    visitor.say("Olá")
    before = attachment_files(live)
    big_photo = visitor.http.post(
        "/customer/messages",
        data={"text": "foto", "client_id": uuid.uuid4().hex},
        files={"files": ("foto.jpg", b"\xff" * (101 * KB), "image/jpeg")},
    )
    assert big_photo.status_code == 413
    body = big_photo.json()
    assert body["code"] == ErrorCode.TOO_LARGE.value
    assert body["details"]["limit_bytes"] == 100 * KB
    assert "foto.jpg" in body["message"]
    assert attachment_files(live) == before
    assert not [m for m in visitor.inbox_all() if m["text"] == "foto"]


def test_a_file_within_the_limit_arrives_and_only_its_visitor_downloads_it(live: Live) -> None:
    visitor = live.customer(WIDGET, "Visitante PDF")
    chat_id = visitor.open_chat("1")
    content = b"%PDF-1.4 " + bytes(range(256)) * 100
    client_id = uuid.uuid4().hex
    sent = visitor.http.post(
        "/customer/messages",
        data={"text": "o boleto", "client_id": client_id},
        files={"files": ("boleto.pdf", content, "application/pdf")},
    )
    assert sent.status_code == 201, sent.text
    again = visitor.http.post(
        "/customer/messages",
        data={"text": "o boleto", "client_id": client_id},
        files={"files": ("boleto.pdf", content, "application/pdf")},
    )
    assert again.json() == sent.json()
    assert len(attachment_files(live)) == 1  # the retry's copy was not kept
    [mine] = [m for m in visitor.inbox_all() if m["media"]]
    media = mine["media"]
    assert (media["filename"], media["size"]) == ("boleto.pdf", len(content))

    download = visitor.http.get(f"/customer/attachments/{media['id']}")
    assert download.status_code == 200
    assert download.content == content
    assert "attachment" in download.headers["content-disposition"]
    stranger = live.customer(WIDGET, "Curioso")
    assert stranger.http.get(f"/customer/attachments/{media['id']}").status_code == 404

    # A file on an internal comment stays with the team.
    ana = assume(live, ANA, chat_id)
    note = ana.post(
        f"/chats/{chat_id}/messages",
        data={"text": "print interno", "internal": "true"},
        files={"files[]": ("interno.png", b"\x89PNG" + b"0" * 100, "image/png")},
    )
    assert note.status_code == 201, note.text
    note_media = note.json()["messages"][0]["media"]
    assert visitor.http.get(f"/customer/attachments/{note_media['id']}").status_code == 404
    assert all(m["text"] != "print interno" for m in visitor.inbox_all())


def test_a_visitor_who_types_a_known_address_gets_a_contact_of_their_own(live: Live) -> None:
    """Anyone can open a widget session and type any e-mail or number: joining the contact
    who has it would hand over that person's chats."""
    first = live.customer(SHOP, name="Cliente Real", telephone="5511955550000")
    first.say("Meu pedido 1234, endereço Rua das Flores 10")
    intruder = live.customer(SHOP, name="Curioso", telephone="5511955550000")
    assert intruder.contact_id != first.contact_id
    assert intruder.inbox_all() == []
