"""The channel core with a real provider channel (WhatsApp Cloud against a fake Graph API on
127.0.0.1): attendants' messages, media and templates go out in order and are marked sent with
the provider's id; statuses move them forward and never back; provider errors become a reason
the attendant reads; passing failures are retried, also across a restart; the rating after
Finalizar is stored as the chat's rating."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from core.core_support import RestartableService
from fake_graph import (
    CLOUD,
    FakeGraph,
    chats_of,
    cloud_integration,
    envelope,
    fixture,
    message,
    messages_of,
    post_webhook,
    status,
)
from support import ADMIN, Live, make_config, wait_for
from tiflux_desktop.server.channels.model import Delivery
from tiflux_desktop.server.channels.whatsapp_cloud import parse
from tiflux_desktop.server.config import ServiceConfig

PHONE = "5511900000001"


@pytest.fixture
def service_config(tmp_path: Path, graph: FakeGraph) -> ServiceConfig:
    return make_config(
        tmp_path,
        integrations=(cloud_integration(graph),),
        send_retry_delays=(0.05, 0.1),
        rating_after_finish=True,
    )


def _taken_chat(api: str, admin: httpx.Client) -> int:
    """A WhatsApp customer writes, picks Suporte, and the admin assumes the chat."""
    assert post_webhook(api, fixture("inbound/wa_inbound_text.json")).status_code == 200
    chat_id = wait_for(lambda: chats_of(admin, PHONE), what="the chat")[0]["id"]
    answer = message("text", "wamid.IN_OPTION", text={"body": "1"})
    assert post_webhook(api, envelope(answer)).status_code == 200
    wait_for(
        lambda: admin.get(f"/chats/{chat_id}").json()["status"] == "waiting_attendance",
        what="the chat in Suporte's inbox",
    )
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    return chat_id


def _message(admin: httpx.Client, chat_id: int, message_id: int) -> dict[str, Any]:
    return next(m for m in messages_of(admin, chat_id) if m["id"] == message_id)


def _say(admin: httpx.Client, chat_id: int, **body: Any) -> int:
    response = admin.post(f"/chats/{chat_id}/messages", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["messages"][0]["id"])


def _sent(admin: httpx.Client, chat_id: int, message_id: int) -> dict[str, Any]:
    return wait_for(
        lambda: (m := _message(admin, chat_id, message_id))["status"] != "queued" and m,
        what=f"message {message_id} leaving the queue",
    )


def _graph_id(graph: FakeGraph, text: str) -> str:
    """The wamid the fake gave the send whose text body is ``text``."""
    index = next(
        i for i, r in enumerate(graph.sends()) if (r.json.get("text") or {}).get("body") == text
    )
    return f"wamid.FAKE_{index + 1:04d}"


# --- outbound ---------------------------------------------------------------------------------


def test_text_quote_media_and_template_go_to_graph_as_it_expects(
    live: Live, graph: FakeGraph
) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    customer_message = next(
        m for m in messages_of(admin, chat_id) if m["author"]["type"] == "client"
    )
    text_id = _say(
        admin, chat_id, text="Pode me mandar o print?", quoted_message_id=customer_message["id"]
    )
    assert _sent(admin, chat_id, text_id)["status"] == "sent"
    request = next(
        r
        for r in graph.sends()
        if (r.json.get("text") or {}).get("body") == "Pode me mandar o print?"
    )
    expected = json.loads(fixture("graph_send/graph_send_text_request.json"))
    assert set(request.json) >= set(expected) - {"text"}
    assert request.json["to"] == expected["to"]
    assert request.json["recipient_type"] == "individual"
    assert request.json["text"]["preview_url"] is False
    assert request.json["context"] == {"message_id": "wamid.TEST_IN_TEXT_0001"}

    files = {"files[]": ("manual.pdf", b"%PDF-1.4 manual", "application/pdf")}
    response = admin.post(
        f"/chats/{chat_id}/messages", data={"text": "Segue o manual"}, files=files
    )
    assert response.status_code == 201, response.text
    pdf_id = int(response.json()["messages"][0]["id"])
    assert _sent(admin, chat_id, pdf_id)["status"] == "sent"
    upload = graph.uploads()[-1]
    assert upload.form == {"messaging_product": "whatsapp", "type": "application/pdf"}
    assert upload.file == ("manual.pdf", "application/pdf", b"%PDF-1.4 manual")
    document = graph.sends()[-1].json
    assert document["type"] == "document"
    assert document["document"]["caption"] == "Segue o manual"
    assert document["document"]["filename"] == "manual.pdf"
    assert document["document"]["id"]

    templates = admin.get("/templates/whatsapp_cloud", params={"integration_id": CLOUD}).json()
    approved = next(t for t in templates if t["status"] == "APPROVED")
    template_id = _say(
        admin, chat_id, template_id=approved["id"], parameters=["Cliente Teste", "o boleto"]
    )
    assert _sent(admin, chat_id, template_id)["status"] == "sent"
    template = graph.sends()[-1].json
    assert template["type"] == "template"
    assert template["template"]["language"] == {"code": "pt_BR"}
    assert template["template"]["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Cliente Teste"},
                {"type": "text", "text": "o boleto"},
            ],
        }
    ]


def test_messages_go_out_in_order_and_a_passing_failure_is_retried(
    live: Live, graph: FakeGraph
) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    wait_for(
        lambda: all(m["status"] != "queued" for m in messages_of(admin, chat_id)),
        what="the greeting sent",
    )
    graph.fail_next(500, {"error": {"message": "Internal error", "code": 1}})
    ids = [_say(admin, chat_id, text=f"Parte {n}") for n in range(1, 4)]
    for message_id in ids:
        assert _sent(admin, chat_id, message_id)["status"] == "sent"
    bodies = [(r.json.get("text") or {}).get("body") for r in graph.sends()]
    tail = [b for b in bodies if b and b.startswith("Parte")]
    assert tail == ["Parte 1", "Parte 1", "Parte 2", "Parte 3"]  # the first one twice: retried


def test_a_send_outside_the_24h_window_fails_with_a_reason_the_attendant_reads(
    live: Live, graph: FakeGraph
) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    wait_for(
        lambda: all(m["status"] != "queued" for m in messages_of(admin, chat_id)),
        what="the greeting sent",
    )
    graph.fail_next(400, json.loads(fixture("graph_send/graph_error_131047_reengagement.json")))
    refused = _sent(admin, chat_id, _say(admin, chat_id, text="Olá de novo"))
    assert refused["status"] == "failed"
    assert refused["status_reason"] == "Fora da janela de 24 horas: envie um modelo aprovado."
    # An expired token is not retried either; five failures in a row are given up on.
    graph.fail_next(401, {"error": {"message": "Session has expired", "code": 190}})
    expired = _sent(admin, chat_id, _say(admin, chat_id, text="Token"))
    assert expired["status"] == "failed"
    assert "token" in expired["status_reason"].lower()
    graph.fail_next(503, {"error": {"message": "Unavailable", "code": 131016}}, times=5)
    given_up = _sent(admin, chat_id, _say(admin, chat_id, text="Instável"))
    assert given_up["status"] == "failed"
    assert given_up["status_reason"].startswith("Não foi possível enviar a mensagem")


# --- statuses ---------------------------------------------------------------------------------


def test_statuses_move_messages_forward_never_back(live: Live, graph: FakeGraph) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    message_id = _say(admin, chat_id, text="Resolvido?")
    _sent(admin, chat_id, message_id)
    wamid = _graph_id(graph, "Resolvido?")
    seq = admin.get("/events", params={"after": 0, "limit": 1000}).json()["last_seq"]
    for state in ("read", "delivered", "sent"):  # out of order, and repeated
        assert post_webhook(live.api, envelope(statuses=[status(wamid, state)])).status_code == 200
    failed = status(wamid, "failed", errors=[{"code": 131026, "title": "Message undeliverable"}])
    assert post_webhook(live.api, envelope(statuses=[failed])).status_code == 200
    # Unknown ids are ignored (logged), and the fixture's status names one we never sent.
    assert post_webhook(live.api, fixture("status/wa_status_delivered.json")).status_code == 200
    wait_for(lambda: _message(admin, chat_id, message_id)["status"] == "read", what="read")
    marker = _say(admin, chat_id, text="marcador")
    _sent(admin, chat_id, marker)  # everything posted before it has been handled by now
    assert _message(admin, chat_id, message_id)["status"] == "read"
    events = admin.get("/events", params={"after": seq, "limit": 1000}).json()["events"]
    seen = [
        e["data"]["status"]
        for e in events
        if e["type"] == "message.upserted" and e["data"]["id"] == message_id
    ]
    assert seen == ["read"]  # attendants saw it live, once


def test_a_status_that_beats_the_sends_answer_is_applied_once_the_id_is_known(
    live: Live, graph: FakeGraph
) -> None:
    """Meta's 'delivered' can arrive before the answer to the send that carries the id."""
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)

    async def delivered_first(wamid: str) -> None:
        raw = envelope(statuses=[status(wamid, "delivered")])
        answered = await asyncio.to_thread(post_webhook, live.api, raw)
        assert answered.status_code == 200
        await asyncio.sleep(0.5)  # the service has looked for the id by now, and not found it

    graph.before_answer = delivered_first
    try:
        message_id = _say(admin, chat_id, text="Corrida")
        wait_for(
            lambda: _message(admin, chat_id, message_id)["status"] == "delivered",
            what="the early status applied",
        )
    finally:
        graph.before_answer = None


def test_a_failed_status_gives_the_providers_reason(live: Live, graph: FakeGraph) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    message_id = _say(admin, chat_id, text="Vai falhar")
    _sent(admin, chat_id, message_id)
    failed = status(
        _graph_id(graph, "Vai falhar"),
        "failed",
        errors=[{"code": 131047, "title": "Re-engagement message"}],
    )
    assert post_webhook(live.api, envelope(statuses=[failed])).status_code == 200
    got = wait_for(
        lambda: (m := _message(admin, chat_id, message_id))["status"] == "failed" and m,
        what="failed",
    )
    assert got["status_reason"] == "Fora da janela de 24 horas: envie um modelo aprovado."


# --- rating -----------------------------------------------------------------------------------


def test_the_rating_after_finalizar_is_stored_on_the_chat_not_as_a_new_request(
    live: Live, graph: FakeGraph
) -> None:
    admin = live.attendant(ADMIN)
    chat_id = _taken_chat(live.api, admin)
    assert admin.put(f"/chats/{chat_id}/archive", json={}).status_code == 202
    question = wait_for(
        lambda: [r for r in graph.sends() if r.json.get("type") == "interactive"],
        what="the rating question",
    )[0].json
    rows = question["interactive"]["action"]["sections"][0]["rows"]
    assert [r["id"] for r in rows] == [f"rating-{n}" for n in range(1, 6)]
    answer = message(
        "interactive",
        "wamid.IN_RATING",
        interactive={"type": "list_reply", "list_reply": {"id": "rating-5", "title": "5 - Ótimo"}},
        context={"from": PHONE, "id": "wamid.FAKE_0001"},
    )
    for _ in range(2):
        assert post_webhook(live.api, envelope(answer)).status_code == 200
    chat = wait_for(
        lambda: (c := admin.get(f"/chats/{chat_id}").json())["assessment"] and c, what="rating"
    )
    assert chat["assessment"] == 5
    assert chat["rating_time"]
    assert chat["status"] == "finished"
    assert len(chats_of(admin, PHONE)) == 1  # no new chat
    # Writing again afterwards is a new request, as always.
    again = message("text", "wamid.IN_AGAIN", text={"body": "Outra dúvida"})
    assert post_webhook(live.api, envelope(again)).status_code == 200
    wait_for(lambda: len(chats_of(admin, PHONE)) == 2, what="a new chat")


# --- restart ----------------------------------------------------------------------------------


def test_queued_messages_left_at_shutdown_are_sent_at_the_next_start(
    tmp_path: Path, graph: FakeGraph
) -> None:
    config = make_config(
        tmp_path, integrations=(cloud_integration(graph),), send_retry_delays=(60.0,)
    )
    running = RestartableService(config)
    running.start()
    try:
        live = running.live
        admin = live.attendant(ADMIN)
        chat_id = _taken_chat(live.api, admin)
        wait_for(
            lambda: all(m["status"] != "queued" for m in messages_of(admin, chat_id)),
            what="the greeting sent",
        )
        graph.fail_next(502, {"error": {"message": "Bad gateway", "code": 2}})
        message_id = _say(admin, chat_id, text="Depois do reinício")
        wait_for(
            lambda: (
                len(graph.sends())
                and graph.sends()[-1].json.get("text", {}).get("body") == "Depois do reinício"
            ),
            what="the failed try",
        )
        running.stop()  # during the minute's pause before the next try
        running.start()
        admin = replace(live).attendant(ADMIN)
        assert _sent(admin, chat_id, message_id)["status"] == "sent"
    finally:
        running.close()


def test_a_delivery_acknowledged_before_a_crash_is_stored_at_the_next_start(
    tmp_path: Path, graph: FakeGraph
) -> None:
    """The provider got its 200 (the delivery was kept in channel_inbox) and the service died
    before the worker stored it: the next start stores it, once."""
    config = make_config(tmp_path, integrations=(cloud_integration(graph),))
    running = RestartableService(config)
    running.start()
    running.stop()  # the database exists, at the current schema
    delivery = parse(json.loads(fixture("inbound/wa_inbound_text.json")))
    with sqlite3.connect(config.data_dir / "service.db") as db:
        for _ in range(2):  # kept twice: the provider retried before the crash
            db.execute(
                "INSERT INTO channel_inbox (integration_id, delivery, received_at) VALUES (?, ?, ?)",
                (CLOUD, TypeAdapter(Delivery).dump_json(delivery).decode(), "2026-01-01 00:00:00"),
            )
    running.start()
    try:
        admin = running.live.attendant(ADMIN)
        chats = wait_for(lambda: chats_of(admin, PHONE), what="the customer's chat")
        texts = [m["text"] for m in messages_of(admin, chats[0]["id"])]
        assert texts.count("Olá") == 1
        with sqlite3.connect(config.data_dir / "service.db") as db:
            assert wait_for(
                lambda: db.execute("SELECT COUNT(*) FROM channel_inbox").fetchone()[0] == 0,
                what="the kept deliveries gone",
            )
    finally:
        running.close()
