"""The outbox's order and patience, with a typed stand-in for the service's answers: one
message the service keeps failing on never holds up another chat's, and fails for good
after a few tries; the network being down holds everything, failing nothing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.net import ApiClient, ServerError, Unreachable
from tiflux_desktop.protocol import MessageOut
from tiflux_desktop.store import Cache, OutboxState, Store
from tiflux_desktop.sync import ChangeHub, Outbox
from tiflux_desktop.sync.outbox import SERVER_TROUBLE_ATTEMPTS


class ScriptedApi(ApiClient):
    """Answers post_message from a rule per chat instead of a service (no socket used)."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9")
        self.failing_chats: set[int] = set()
        self.offline = False
        self.posted: list[str] = []
        self.attempts = 0
        self._next_id = 100

    async def post_message(self, chat_id: int, **fields: Any) -> list[MessageOut]:  # type: ignore[override]
        self.attempts += 1
        if self.offline:
            raise Unreachable("connection refused")
        if chat_id in self.failing_chats:
            raise ServerError(503, 50301, "temporarily unavailable")
        self._next_id += 1
        self.posted.append(fields["text"])
        return [
            MessageOut.model_validate(
                {
                    "id": self._next_id,
                    "chat_id": chat_id,
                    "author": {"type": "attendant", "id": 1, "name": "Ana"},
                    "text": fields["text"],
                    "client_message_id": fields["client_message_id"],
                    "status": "sent",
                    "created_at": datetime.now(UTC),
                    "version": 1,
                }
            )
        ]


async def _queue(outbox: Outbox, items: Sequence[tuple[int, str]]) -> None:
    for chat_id, text in items:
        await outbox.enqueue(chat_id, text=text)


async def _states(store: Store) -> dict[str, str]:
    return {i.text or "": i.state.value for i in await store.call(Cache.outbox)}


async def test_one_troubled_message_holds_up_only_its_own_chat() -> None:
    store = await Store.open(None, 1)
    api = ScriptedApi()
    outbox = Outbox(store, api, ChangeHub(), limits=AttachmentLimits)
    try:
        api.failing_chats = {1}
        await _queue(outbox, [(1, "a1"), (1, "a2"), (2, "b1"), (2, "b2")])
        assert await outbox.deliver_queued() is None  # something waits
        assert api.posted == ["b1", "b2"]  # chat 2 went; chat 1 keeps its order
        assert await _states(store) == {"a1": "queued", "a2": "queued"}
        for _ in range(SERVER_TROUBLE_ATTEMPTS - 1):
            await outbox.deliver_queued()
        # Given up after a few tries, with the reason; the next of its chat was tried.
        assert await _states(store) == {"a1": "failed", "a2": "queued"}
        failed = (await store.call(Cache.outbox, states=(OutboxState.FAILED,)))[0]
        assert (failed.error_code, failed.error_message) == (50301, "temporarily unavailable")
        api.failing_chats = set()
        assert await outbox.deliver_queued() is True
        assert api.posted[-1] == "a2"
        await outbox.retry(failed.client_message_id)  # the attendant asks
        assert await outbox.deliver_queued() is True
        assert api.posted[-1] == "a1"
        assert await _states(store) == {}
    finally:
        await store.close()
        await api.aclose()


async def test_no_network_holds_everything_and_fails_nothing() -> None:
    store = await Store.open(None, 1)
    api = ScriptedApi()
    outbox = Outbox(store, api, ChangeHub(), limits=AttachmentLimits)
    try:
        api.offline = True
        await _queue(outbox, [(1, "a1"), (2, "b1")])
        for _ in range(SERVER_TROUBLE_ATTEMPTS * 2):
            assert await outbox.deliver_queued() is None
        assert await _states(store) == {"a1": "queued", "b1": "queued"}
        api.offline = False
        assert await outbox.deliver_queued() is True
        assert api.posted == ["a1", "b1"]
    finally:
        await store.close()
        await api.aclose()


async def test_while_offline_a_new_message_waits_for_the_network_instead_of_knocking() -> None:
    store = await Store.open(None, 1)
    api = ScriptedApi()
    # A long timed retry: every try in this test comes from a wake-up.
    outbox = Outbox(store, api, ChangeHub(), limits=AttachmentLimits, retry_delay=60)
    running = asyncio.ensure_future(outbox.run())
    try:
        api.offline = True
        await _queue(outbox, [(1, "a1")])
        await _until(lambda: api.attempts >= 1)
        await asyncio.sleep(0.2)  # the tries this message set off are over
        tried = api.attempts
        await _queue(outbox, [(1, "a2"), (2, "b1"), (1, "a3")])
        await asyncio.sleep(0.3)
        assert api.attempts == tried  # no try per message while the network is known down
        assert await _states(store) == {t: "queued" for t in ("a1", "a2", "b1", "a3")}
        api.offline = False
        outbox.wake()  # the connection is back (the sync engine says so)
        await _until(lambda: len(api.posted) == 4)
        assert api.posted == ["a1", "a2", "b1", "a3"]
        await _queue(outbox, [(2, "b2")])  # online again: a new message goes at once
        await _until(lambda: api.posted[-1] == "b2")
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await store.close()
        await api.aclose()


async def _until(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)
