"""Follow the chat service from a terminal, as an attendant would.

    python scripts/watch_demo.py [BASE_URL]              watch the live event stream
    python scripts/watch_demo.py [BASE_URL] walkthrough  play one customer through triage,
                                                         assume, reply and finish

BASE_URL defaults to http://127.0.0.1:8765 (tiflux-desktop serve --demo). Signs in as the
demo ADMINISTRADOR; see docs/service.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import uuid
from typing import Any

import httpx
from websockets.asyncio.client import connect

EMAIL, PASSWORD = "admin@demo.tiflux.local", "demo1234"


def sign_in(api: httpx.Client) -> str:
    response = api.post("/auth/login", json={"email": EMAIL, "password": PASSWORD})
    response.raise_for_status()
    return str(response.json()["token"])


def describe(event: dict[str, Any]) -> str:
    data = event.get("data", {})
    kind = event.get("type")
    if kind == "message.upserted":
        who = f"{data['author']['name']} ({data['author']['type']})"
        private = " [interno]" if data.get("internal") else ""
        text = data.get("text") or (data.get("media") or {}).get("filename") or ""
        status = data.get("status") or "-"
        return f"#{event['seq']} chat {data['chat_id']}: {who}{private}: {text!s:.90} [{status}]"
    if kind == "chat.upserted":
        who = (data.get("requestor") or {}).get("name")
        dept = (data.get("department") or {}).get("name") or "-"
        resp = (data.get("responsible") or {}).get("name") or "-"
        state = data["status"]
        return f"#{event['seq']} chat {data['id']} {who}: {state} dept={dept} responsible={resp}"
    if kind == "chat.hidden":
        return f"#{event['seq']} chat {data['id']} left your departments"
    if kind == "attendant.upserted":
        return f"#{event['seq']} {data['name']} is {'Online' if data['online'] else 'Offline'}"
    return json.dumps(event)


def newest_seq(base: str) -> tuple[str, int]:
    with httpx.Client(base_url=f"{base}/api/v2", timeout=10) as api:
        token = sign_in(api)
        return token, api.get(
            "/events", params={"after": 0, "limit": 1}, headers={"Authorization": f"Bearer {token}"}
        ).json()["head_seq"]


async def watch(base: str) -> None:
    token, after = newest_seq(base)
    ws_url = f"{base.replace('http', 'ws', 1)}/api/v2/events/ws?after={max(0, after - 20)}"
    print(f"Watching {base} (Ctrl+C stops)")
    async with connect(ws_url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        async for frame in ws:
            print(describe(json.loads(frame)), flush=True)


def walkthrough(base: str) -> None:
    with httpx.Client(base_url=f"{base}/api/v2", timeout=10) as api:
        headers = {"Authorization": f"Bearer {sign_in(api)}"}
        api.put("/me/status", json={"online": True}, headers=headers).raise_for_status()

        session = api.post(
            "/customer/sessions", json={"integration_id": 1, "name": "Visitante Curioso"}
        )
        customer = {"Authorization": f"Bearer {session.json()['token']}"}
        chat_id = api.post(
            "/customer/messages", json={"text": "Oi! Meu sistema travou."}, headers=customer
        ).json()["chat_id"]
        print(f"1. customer opened chat {chat_id}; the bot answers:")
        for message in api.get("/customer/messages", headers=customer).json()["messages"]:
            print(f"   {message['author']['name']}: {message['text']}")

        sent = api.post("/customer/messages", json={"text": "1"}, headers=customer).json()
        print(f"2. customer chose 1; chat is now {sent['chat_status']}")

        chat = api.put(f"/chats/{chat_id}/assume", headers=headers).json()
        department = chat["department"]["name"]
        print(f"3. ADMINISTRADOR assumed it: status {chat['status']}, department {department}")

        api.post(
            f"/chats/{chat_id}/messages",
            headers=headers,
            json={"text": "Vou verificar, um momento.", "client_message_id": str(uuid.uuid4())},
        ).raise_for_status()
        api.post(
            f"/chats/{chat_id}/messages",
            headers=headers,
            json={"text": "Cliente VIP, atenção.", "internal": True},
        ).raise_for_status()
        print("4. replied, and left an internal comment; the customer sees:")
        for message in api.get("/customer/messages", headers=customer).json()["messages"]:
            print(f"   {message['author']['name']}: {message['text']}")

        finished = api.put(f"/chats/{chat_id}/archive", headers=headers, json={})
        print(f"5. Finalizar -> HTTP {finished.status_code}, status {finished.json()['status']}")


def main() -> None:
    args = sys.argv[1:]
    base = args[0].rstrip("/") if args and args[0].startswith("http") else "http://127.0.0.1:8765"
    if "walkthrough" in args:
        walkthrough(base)
    else:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(watch(base))


if __name__ == "__main__":
    main()
