"""Found by the chaos run: a widget message and its client id are stored together.

The service used to store a visitor's message, then record the page's client id in a second
transaction. A crash between the two (the chaos run SIGKILLs the service while customers
write) left the message without its id, and the page's retry stored it a second time. The
attendants were also told about the message without the id the service later listed. Now
both go in one transaction, so the event the attendants get already carries it.
"""

from __future__ import annotations

from typing import Any

from support import ADMIN, Live


def test_the_event_of_a_widget_message_carries_its_client_id(live: Live) -> None:
    customer = live.customer(name="Cliente Repetido")
    admin = live.attendant(ADMIN)
    sent = customer.http.post(
        "/customer/messages", json={"text": "preciso de ajuda", "client_id": "page-0001"}
    )
    assert sent.status_code == 201, sent.text
    again = customer.http.post(
        "/customer/messages", json={"text": "preciso de ajuda", "client_id": "page-0001"}
    )
    assert again.json()["message_id"] == sent.json()["message_id"]
    stored = f"w{customer.contact_id}:page-0001"

    page = admin.get("/events", params={"after": 0, "limit": 1000})
    assert page.status_code == 200, page.text
    told: list[dict[str, Any]] = [
        e["data"]
        for e in page.json()["events"]
        if e["type"] == "message.upserted" and e["data"]["id"] == sent.json()["message_id"]
    ]
    assert told, "no event for the customer's message"
    assert {m["client_message_id"] for m in told} == {stored}

    listed = admin.get(f"/chats/{sent.json()['chat_id']}/messages").json()
    mine = [m for m in listed if m["text"] == "preciso de ajuda"]
    assert [(m["id"], m["client_message_id"]) for m in mine] == [(told[-1]["id"], stored)]
