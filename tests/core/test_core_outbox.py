"""The outbox: what the attendant types is kept at once and delivered exactly once, through
outages and lost answers; what the service refuses is marked failed with its reason."""

from __future__ import annotations

import asyncio
import time

import httpx

from core_support import (
    RestartableService,
    Running,
    Sessions,
    attendant_texts,
    cached_messages,
    delivered,
    eventually,
    outbox_state,
    service_messages,
)
from support import ANA
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.services import Session
from tiflux_desktop.store import OutboxState

GREETING = "Olá, meu nome é Ana Souza e serei o responsável pelo seu atendimento!"


async def _ana_with_a_chat(
    service: RestartableService, sessions: Sessions, *, assume: bool = True
) -> tuple[Running, int]:
    chat_id = service.live.customer(name="Cliente Outbox").open_chat("1")
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    if assume:
        await ana.session.chats.set_online(True)
        await ana.session.chats.assume(chat_id)
    return ana, chat_id


async def _tried_and_requeued(session: Session, chat_id: int) -> bool:
    pending = await session.composer.pending(chat_id)
    return (
        bool(pending)
        and all(p.state is OutboxState.QUEUED for p in pending)
        and (pending[0].attempts >= 1)
    )


async def test_messages_typed_during_an_outage_are_delivered_once_each_in_order(
    service: RestartableService, sessions: Sessions
) -> None:
    ana, chat_id = await _ana_with_a_chat(service, sessions)
    session = ana.session
    await service.astop()

    texts = [f"Mensagem {n} durante a queda" for n in range(1, 6)]
    items = []
    for text in texts:
        started = time.monotonic()
        items.append(await session.composer.send(chat_id, text))
        assert time.monotonic() - started < 1.0  # kept at once, never waiting for the network
    assert [i.state for i in items] == [OutboxState.QUEUED] * 5
    pending = await session.composer.pending(chat_id)
    assert [p.text for p in pending] == texts
    assert [p.client_message_id for p in pending] == [i.client_message_id for i in items]
    # The outbox tries, finds nobody there, and keeps them queued (never failed).
    await eventually(lambda: _tried_and_requeued(session, chat_id), what="tried and requeued")
    assert {o.client_message_id for c in ana.changes for o in c.outbox_upserted} == {
        i.client_message_id for i in items
    }

    await service.astart()
    await eventually(lambda: delivered(session, chat_id), timeout=15, what="the outbox emptied")

    on_service = service_messages(service.live.attendant(ANA), chat_id)
    assert attendant_texts(on_service) == [GREETING, *texts]  # each once, in order
    server_id = {m["client_message_id"]: m["id"] for m in on_service if m["client_message_id"]}
    cached = await cached_messages(session.store, chat_id)
    assert [m for m in cached if m[2] is not None] == [
        (server_id[i.client_message_id], i.text, i.client_message_id) for i in items
    ]
    # From the first message it heard of on, the cache holds the chat without a gap.
    assert [m[0] for m in cached] == [m["id"] for m in on_service if m["id"] >= cached[0][0]]
    # The window hears of each one leaving the outbox (a moment after the cache says so).
    await eventually(
        lambda: (
            {cmid for c in ana.changes for cmid in c.outbox_removed}
            == {i.client_message_id for i in items}
        ),
        what="every item's removal published",
    )
    appended = ana.appended_ids()
    assert len(appended) == len(set(appended))
    assert set(server_id.values()) <= set(appended)


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """Delivers every request, but the answer to the first message posted never comes back
    (the connection drops after the service acted), as on a flaky network."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.posts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/messages"):
            self.posts += 1
            if self.posts == 1:
                await response.aclose()
                raise httpx.ReadError("connection dropped before the answer", request=request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_a_lost_answer_is_sent_again_without_a_second_message(
    service: RestartableService, sessions: Sessions
) -> None:
    live = service.live
    chat_id = live.customer(name="Cliente Rede Ruim").open_chat("1")
    ana_http = live.attendant(ANA)
    assert ana_http.put(f"/chats/{chat_id}/assume").status_code == 200
    transport = LoseFirstAnswer()
    # Not started: the echo on the event stream would confirm the message before the retry;
    # here the outbox alone has to get it right.
    ana = await sessions.sign_in(ANA, start=False, transport=transport)
    outbox = ana.session.outbox
    item = await outbox.enqueue(chat_id, text="Chegou?")

    assert await outbox.deliver_queued() is None  # blocked: no answer
    after_loss = await ana.session.composer.pending(chat_id)
    assert [(p.state, p.attempts) for p in after_loss] == [(OutboxState.QUEUED, 1)]
    assert attendant_texts(service_messages(ana_http, chat_id)) == [GREETING, "Chegou?"]

    assert await outbox.deliver_queued() is True  # the same client_message_id again
    assert transport.posts == 2
    assert await ana.session.composer.pending(chat_id) == []
    on_service = service_messages(ana_http, chat_id)
    assert attendant_texts(on_service) == [GREETING, "Chegou?"]  # still once
    sent = [m for m in on_service if m["client_message_id"] == item.client_message_id]
    assert len(sent) == 1
    cached = await cached_messages(ana.session.store, chat_id)
    assert [m for m in cached if m[2] is not None] == [
        (sent[0]["id"], "Chegou?", item.client_message_id)
    ]


async def test_a_message_the_service_refuses_fails_with_its_reason_and_goes_on_retry(
    service: RestartableService, sessions: Sessions
) -> None:
    ana, chat_id = await _ana_with_a_chat(service, sessions, assume=False)
    session = ana.session
    # Not Ana's chat: the composer refuses a public message itself, so queue it directly
    # (as when the chat changed hands between typing and sending).
    item = await session.outbox.enqueue(chat_id, text="Posso ajudar?")
    failed = await eventually(lambda: outbox_state(session, chat_id, OutboxState.FAILED))
    assert failed.client_message_id == item.client_message_id
    assert failed.error_code == ErrorCode.NO_PERMISSION
    assert failed.error_message
    await eventually(  # the window is told a moment after the cache holds it
        lambda: any(
            o.state is OutboxState.FAILED and o.error_code == ErrorCode.NO_PERMISSION
            for c in ana.changes
            for o in c.outbox_upserted
        ),
        what="the failure published",
    )
    await asyncio.sleep(0.3)  # a refusal is not retried by itself
    still = await session.composer.pending(chat_id)
    assert [(p.state, p.attempts) for p in still] == [(OutboxState.FAILED, 1)]

    # The cause goes away (Ana takes the chat) and she retries: delivered, once.
    await session.chats.set_online(True)
    await session.chats.assume(chat_id)
    retried = await session.composer.retry(item.client_message_id)
    assert retried is not None
    assert retried.state is OutboxState.QUEUED
    await eventually(lambda: delivered(session, chat_id))
    on_service = service_messages(service.live.attendant(ANA), chat_id)
    assert attendant_texts(on_service) == [GREETING, "Posso ajudar?"]
    assert [m["client_message_id"] for m in on_service if m["text"] == "Posso ajudar?"] == [
        item.client_message_id
    ]


async def test_a_message_to_a_chat_finished_meanwhile_fails_and_can_be_discarded(
    service: RestartableService, sessions: Sessions
) -> None:
    ana, chat_id = await _ana_with_a_chat(service, sessions)
    await service.astop()
    item = await ana.session.composer.send(chat_id, "Ainda está aí?")
    await sessions.close(ana)

    # While the app was closed, the chat was finished (from the web, say).
    await service.astart()
    ana_http = service.live.attendant(ANA)
    assert ana_http.put(f"/chats/{chat_id}/archive").status_code == 202

    again = await sessions.resume(ana.machine)
    session = again.session
    failed = await eventually(lambda: outbox_state(session, chat_id, OutboxState.FAILED))
    assert failed.client_message_id == item.client_message_id
    assert failed.error_code == ErrorCode.ARCHIVED
    # Retrying cannot help a finished chat: it fails again, for the same reason.
    await session.composer.retry(item.client_message_id)
    failed = await eventually(
        lambda: outbox_state(session, chat_id, OutboxState.FAILED, attempts=2),
        what="the second refusal",
    )
    assert failed.error_code == ErrorCode.ARCHIVED
    assert await session.composer.discard(item.client_message_id)
    assert await session.composer.pending(chat_id) == []
    assert any(item.client_message_id in c.outbox_removed for c in again.changes)
    assert "Ainda está aí?" not in attendant_texts(service_messages(ana_http, chat_id))
