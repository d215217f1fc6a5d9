"""Demo mode's customers arrive through the real channel paths: signed WhatsApp Cloud webhooks,
Gupshup callbacks and the widget's customer API; what attendants send leaves through the real
senders to the demo's simulated providers, whose status webhooks move it to delivered and read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from support import (
    ADMIN,
    GUPSHUP,
    WHATSAPP_CLOUD,
    WIDGET,
    Live,
    ServerThread,
    make_config,
    wait_for,
)
from tiflux_desktop.server.demo import SCENARIOS
from tiflux_desktop.server.demo_providers import DemoProviders

REPLIES = {reply for scenario in SCENARIOS for reply in scenario.replies}


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Live, DemoProviders]]:
    config = make_config(tmp_path, demo_customers=True, demo_pace=0.02)
    server = ServerThread(config)
    server.start()
    app = server.server.config.app
    assert isinstance(app, FastAPI)
    providers = app.state.demo_providers
    assert isinstance(providers, DemoProviders)
    live = Live(server.base_url, config)
    try:
        yield live, providers
    finally:
        live.close()
        server.stop()


def open_chats(admin: httpx.Client) -> list[dict[str, Any]]:
    response = admin.get("/chats/in_attendance", params={"limit": 100})
    assert response.status_code == 200, response.text
    return list(response.json())


def messages_of(admin: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    response = admin.get(f"/chats/{chat_id}/messages", params={"limit": 200})
    assert response.status_code == 200, response.text
    return list(response.json())


def waiting_on(admin: httpx.Client, integration_id: int) -> dict[str, Any] | None:
    return next(
        (
            c
            for c in open_chats(admin)
            if c["integration_id"] == integration_id and c["status"] == "waiting_attendance"
        ),
        None,
    )


def answer_and_follow(
    admin: httpx.Client, providers: DemoProviders, integration_id: int, text: str
) -> None:
    """Assume a chat of this channel, reply, and see the reply go out and come back read."""
    chat = wait_for(
        lambda: waiting_on(admin, integration_id),
        timeout=30,
        what=f"a chat waiting on integration {integration_id}",
    )
    phone = chat["requestor"]["telephone"]
    assert admin.put(f"/chats/{chat['id']}/assume").status_code == 200
    posted = admin.post(f"/chats/{chat['id']}/messages", json={"text": text})
    assert posted.status_code == 201, posted.text
    ours = next(m for m in posted.json()["messages"] if m["text"] == text)
    assert ours["status"] == "queued"  # a provider channel: the sender takes it from here

    sent = wait_for(
        lambda: [m for m in providers.sent if m.text == text], timeout=15, what="the send"
    )
    assert len(sent) == 1
    assert sent[0].integration_id == integration_id
    assert sent[0].to == phone

    def statuses() -> list[str]:
        """Our message's statuses in order, from the event log."""
        events = admin.get("/events", params={"after": 0, "limit": 1000}).json()["events"]
        found = [
            e["data"]["status"]
            for e in events
            if e["type"] == "message.upserted" and e["data"]["id"] == ours["id"]
        ]
        return [s for i, s in enumerate(found) if i == 0 or found[i - 1] != s]

    # Sent (the sender's answer), then delivered and read (see below for where read comes from).
    wait_for(lambda: "read" in statuses(), timeout=15, what="the reply read by the customer")
    # Forward only, from queued to read. A status webhook may be stored before an earlier one
    # (they are separate requests) and is then skipped: never a step back.
    seen = statuses()
    order = ["queued", "sent", "delivered", "read"]
    assert seen[0] == "queued"
    assert seen[-1] == "read"
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)

    def answered() -> list[tuple[str, int]]:
        """The status webhooks about our message and the service's answers. The simulated
        provider records an answer once it is back, a moment after the service stored it."""
        return [
            (p.what, p.status_code)
            for p in providers.posted
            if p.provider_message_id == sent[0].provider_message_id
        ]

    # Sent and delivered come from the provider. Read comes from its webhook, or earlier from
    # the customer answering (an answer means they saw what came before, and the phone may have
    # answered the greeting sent with ours): then the provider's read may never come.
    wait_for(
        lambda: {("status:sent", 200), ("status:delivered", 200)} <= set(answered()),
        timeout=15,
        what="the sent and delivered webhooks answered",
    )
    assert all(code == 200 for _, code in answered()), answered()
    # The customer read it and answers with their scenario's next line, through the webhook.
    wait_for(
        lambda: [
            m
            for m in messages_of(admin, chat["id"])
            if m["id"] > ours["id"] and m["author"]["type"] == "client" and m["text"] in REPLIES
        ],
        timeout=15,
        what="the customer's answer",
    )


def test_demo_customers_arrive_on_all_three_channels_through_their_routes(
    demo: tuple[Live, DemoProviders],
) -> None:
    live, providers = demo
    admin = live.attendant(ADMIN)
    by_channel = wait_for(
        lambda: (
            found if len(found := {c["integration_id"] for c in open_chats(admin)}) == 3 else None
        ),
        timeout=30,
        what="chats on the three channels",
    )
    assert by_channel == {WIDGET, WHATSAPP_CLOUD, GUPSHUP}
    # WhatsApp and Gupshup customers wrote as webhooks the real routes accepted (the simulated
    # provider records an answer once it is back, a moment after the chat was stored).
    wait_for(
        lambda: (
            {(WHATSAPP_CLOUD, "message"), (GUPSHUP, "message")}
            <= {(p.integration_id, p.what) for p in providers.posted if p.status_code == 200}
        ),
        timeout=15,
        what="both customers' webhooks answered",
    )
    assert not [p for p in providers.posted if p.status_code != 200]
    # The bot's menu went out through each provider to the customer's phone (the sender
    # takes it from the queue a moment after the chat appears).
    wait_for(
        lambda: {m.integration_id for m in providers.sent} == {WHATSAPP_CLOUD, GUPSHUP},
        timeout=15,
        what="the bot's menu sent through both providers",
    )
    # On the provider channels the demo's integrations are real: no customer API.
    refused = live.anonymous().post(
        "/customer/sessions", json={"integration_id": WHATSAPP_CLOUD, "name": "Intruso"}
    )
    assert refused.status_code == 403
    widget = live.anonymous().post(
        "/customer/sessions", json={"integration_id": WIDGET, "name": "Visitante"}
    )
    assert widget.status_code == 201


def test_an_attendant_answers_demo_customers_on_whatsapp_and_gupshup(
    demo: tuple[Live, DemoProviders],
) -> None:
    live, providers = demo
    admin = live.attendant(ADMIN)
    answer_and_follow(admin, providers, WHATSAPP_CLOUD, "Olá! Vou verificar pelo WhatsApp.")
    answer_and_follow(admin, providers, GUPSHUP, "Olá! Vou verificar pelo Gupshup.")


def test_the_simulated_providers_check_credentials_like_the_real_ones(
    demo: tuple[Live, DemoProviders],
) -> None:
    live, _ = demo
    with httpx.Client(base_url=live.base_url, timeout=15) as anyone:
        graph = anyone.post(
            "/demo-providers/graph/v21.0/100000000000002/messages",
            json={"messaging_product": "whatsapp", "to": "5511987650001", "type": "text"},
            headers={"Authorization": "Bearer wrong"},
        )
        assert graph.status_code == 401
        assert graph.json()["error"]["code"] == 190
        gupshup = anyone.post(
            "/demo-providers/gupshup/wa/api/v1/msg",
            data={"channel": "whatsapp", "destination": "5511987650001"},
            headers={"apikey": "wrong"},
        )
        assert gupshup.status_code == 401
        # And the service's webhook refuses what the demo's secret did not sign.
        unsigned = anyone.post(
            f"/api/v2/webhooks/whatsapp-cloud/{WHATSAPP_CLOUD}",
            content=b'{"object": "whatsapp_business_account", "entry": []}',
            headers={"X-Hub-Signature-256": "sha256=" + "0" * 64},
        )
        assert unsigned.status_code == 403
        no_token = anyone.post(f"/api/v2/webhooks/gupshup/{GUPSHUP}", json={"type": "message"})
        assert no_token.status_code == 403


def test_without_demo_customers_the_provider_integrations_stay_simulated(live: Live) -> None:
    """The tests' organisation: customers written in through the customer API on 2 and 3,
    no simulated provider mounted."""
    customer = live.customer(integration_id=WHATSAPP_CLOUD, telephone="5511987650001")
    chat_id = customer.open_chat()
    admin = live.attendant(ADMIN)
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    posted = admin.post(f"/chats/{chat_id}/messages", json={"text": "Oi"})
    assert posted.status_code == 201
    # Delivered through the customer API at once, not queued for a provider.
    assert all(m["status"] != "queued" for m in posted.json()["messages"])
    assert "Oi" in [m["text"] for m in customer.inbox_all()]
    with httpx.Client(base_url=live.base_url, timeout=15) as anyone:
        assert anyone.post("/demo-providers/gupshup/wa/api/v1/msg").status_code == 404
