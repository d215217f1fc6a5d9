"""What every group of intents shares: the cache, the API client, the change hub, the
outbox, and the signed-in attendant as last seen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tiflux_desktop.domain import AttachmentLimits, Attendant
from tiflux_desktop.net import ApiClient
from tiflux_desktop.protocol import ChatOut, MeOut, MessageOut, attendant_to_domain
from tiflux_desktop.store import Cache, ChatEntry, Store
from tiflux_desktop.sync import Applied, ChangeHub, Outbox, me_from_cache, publish
from tiflux_desktop.sync.apply import put_chat, put_messages

from .errors import UnknownChat


@dataclass(slots=True)
class Context:
    store: Store
    api: ApiClient
    hub: ChangeHub
    outbox: Outbox
    me: MeOut
    # Whether the event stream is up: reads that would only wait out the retries of an
    # unreachable service answer from the cache at once when it is not.
    connected: Callable[[], bool] = field(default=lambda: True)
    # Chats the attendant is moving themselves (services.attention does not announce them).
    own: set[int] = field(default_factory=set[int])

    @property
    def attendant(self) -> Attendant:
        return attendant_to_domain(self.me.user)

    @property
    def limits(self) -> AttachmentLimits:
        org = self.me.organization
        return AttachmentLimits(
            file_max_bytes=org.file_max_bytes,
            media_max_bytes=org.media_max_bytes,
            max_files_per_message=org.max_files_per_message,
        )

    @contextmanager
    def moving(self, chat_id: int) -> Iterator[None]:
        """The attendant moves this chat (Assumir, Sair, Transferir): marked before the
        request, since its event may come back before the answer; unmarked if it fails."""
        self.own.add(chat_id)
        try:
            yield
        except BaseException:
            self.own.discard(chat_id)
            raise

    async def entry(self, chat_id: int) -> ChatEntry:
        entry = await self.store.call(Cache.chat, chat_id)
        if entry is None:
            raise UnknownChat(chat_id)
        return entry

    async def commit(
        self, chats: list[ChatOut] | None = None, messages: list[MessageOut] | None = None
    ) -> Applied:
        """Store what the service answered to an action at once, without waiting for its
        event, and tell the window. The event that follows is then a harmless duplicate."""
        applied = await self.store.transaction(_commit, chats or [], messages or [])
        publish(self.hub, applied, self.store.attendant_id)
        return applied

    async def refresh_me(self) -> MeOut:
        me = await self.store.call(me_from_cache)
        if me is not None:
            self.me = me
        return self.me


def _commit(cache: Cache, chats: list[ChatOut], messages: list[MessageOut]) -> Applied:
    applied = Applied()
    for chat in chats:
        put_chat(cache, chat, applied)
    put_messages(cache, messages, applied)
    return applied.finish(cache)
