"""A service newer than the app may list a chat the app cannot read (a status it does not know):
a full refresh still rebuilds everything else, and the cached copy of that chat stays rather
than leave as if it had closed. (The same refresh drops messages of chats the cache never got.) The real service runs; an httpx transport in front of the
app's client rewrites one chat of its open-chats answers as a newer service would send it."""

from __future__ import annotations

import asyncio
import json

import httpx

from core_support import RestartableService, Sessions, eventually
from support import ADMIN
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.protocol import MessageOut
from tiflux_desktop.store import Cache


def message_out(message_id: int, *, chat_id: int, text: str) -> MessageOut:
    return MessageOut.model_validate(
        {
            "id": message_id,
            "chat_id": chat_id,
            "author": {"type": "client", "id": 1, "name": "Cliente"},
            "text": text,
            "created_at": "2026-11-25T12:00:00Z",
            "version": 1,
        }
    )


class NewerService(httpx.AsyncBaseTransport):
    """The real service's answers, with ``chat_id`` in a status of a newer version."""

    def __init__(self) -> None:
        self._http = httpx.AsyncHTTPTransport()
        self.chat_id: int | None = None
        self.rewritten = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._http.handle_async_request(request)
        if self.chat_id is None or not request.url.path.endswith("/chats/in_attendance"):
            return response
        body = json.loads(await response.aread())
        for chat in body:
            if chat["id"] == self.chat_id:
                chat["status"] = "snoozed"
                self.rewritten += 1
        headers = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "content-encoding")
        ]
        return httpx.Response(response.status_code, headers=headers, json=body)

    async def aclose(self) -> None:
        await self._http.aclose()


async def test_a_chat_the_app_cannot_read_keeps_its_copy_and_the_refresh_goes_on(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    first = await asyncio.to_thread(live.customer(name="Cliente Antigo").open_chat, "1")
    odd = await asyncio.to_thread(live.customer(name="Cliente Adiado").open_chat, "1")
    newer = NewerService()
    admin = await sessions.sign_in(ADMIN, transport=newer)
    await eventually(lambda: admin.session.connection is ConnectionState.ONLINE)
    chats = admin.session.chats
    assert await chats.chat(odd) is not None

    # A message of a chat this attendant never received (an event raced the chat's move, say):
    # the refresh drops it, as nothing can show it.
    stray = message_out(9_999_999, chat_id=8_888_888, text="de um chat que não veio")
    await admin.session.store.transaction(lambda cache: cache.put_message(stray))

    # From now on the service lists that chat with a status this app does not know.
    newer.chat_id = odd
    later = await asyncio.to_thread(live.customer(name="Cliente Novo").open_chat, "1")
    refreshes = admin.session.sync.refreshes
    await admin.session.sync.full_refresh()  # raised BadResponse for the whole list before
    assert newer.rewritten >= 1
    assert admin.session.sync.refreshes == refreshes + 1
    for chat_id in (first, later):
        assert await chats.chat(chat_id) is not None
    kept = await chats.chat(odd)
    assert kept is not None  # the copy from before stays, not dropped as if closed
    assert kept.chat.requestor is not None
    assert kept.chat.requestor.name == "Cliente Adiado"
    assert not (await admin.session.store.call(Cache.messages, 8_888_888)).messages
