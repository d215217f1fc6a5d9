"""The attendant's intents on chats: lists, reading, search and every action.

Each action is checked first against the domain rules on the cached chat (the same rules
the service applies, so a button the window enables is one the service accepts), then sent;
the service's answer is stored at once and published.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from tiflux_desktop.domain import (
    Attendant,
    ChatFilters,
    Contact,
    Refusal,
    Tab,
    can_see,
    check_assume,
    check_close,
    check_leave,
    check_transfer,
    check_update,
)
from tiflux_desktop.net import ApiError, BadResponse, LoginRequired, Unreachable
from tiflux_desktop.protocol import ChatOut, attendant_to_domain, chat_to_domain
from tiflux_desktop.store import Cache, ChatEntry, Counts, Draft, MessagePage, SearchResults
from tiflux_desktop.sync import Applied, publish, remember_me
from tiflux_desktop.sync.apply import remove_chat

from .context import Context
from .errors import Refused, UnknownChat

OLDER_PAGE = 50

T = TypeVar("T")


async def _or_cache(fetch: Awaitable[T]) -> T | None:
    """A read that falls back to the cache (None) when the service cannot answer it now:
    no network, 5xx, 429, a garbled answer, the chat just moved out of sight. A refused
    token is not among them: that needs a sign-in."""
    try:
        return await fetch
    except LoginRequired:
        raise
    except (Unreachable, BadResponse, ApiError):
        return None


def _refuse(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise Refused(refusal)


class ChatService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- lists (from the cache: instant, and the same offline) --------------------------

    async def tab(
        self,
        tab: Tab,
        filters: ChatFilters | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ChatEntry]:
        """A tab's chats in its order; ``limit``/``offset`` page it (a fast first paint)."""
        return await self._ctx.store.call(Cache.tab, tab, filters, limit=limit, offset=offset)

    async def counts(self) -> Counts:
        return await self._ctx.store.call(Cache.counts)

    async def chat(self, chat_id: int) -> ChatEntry | None:
        return await self._ctx.store.call(Cache.chat, chat_id)

    async def search(self, text: str, *, limit: int = 50) -> SearchResults:
        """Offline full-text search of messages and names (see Cache.search)."""
        return await self._ctx.store.call(Cache.search, text, limit=limit)

    async def contact_chats(self, chat_id: int, *, refresh: bool = True) -> list[ChatEntry]:
        """The requester's other chats, for "+ Informações": the cached ones, after asking
        the service for their closed chats when it can be reached."""
        entry = await self._ctx.entry(chat_id)
        requestor = entry.chat.requestor
        if requestor is None:
            return []
        if refresh and self._ctx.connected():
            found = await _or_cache(
                self._ctx.api.all_chats(
                    Tab.ARCHIVED, ChatFilters(requestor_id=requestor.id), max_items=50
                )
            )
            if found is not None:
                await self._ctx.commit(chats=found.items)
        return await self._ctx.store.call(
            Cache.contact_chats, requestor.id, exclude_chat_id=chat_id
        )

    async def contact(self, contact_id: int) -> Contact | None:
        """The requester's details as last synced (for "+ Informações")."""
        return await self._ctx.store.call(Cache.contact, contact_id)

    # --- reading ------------------------------------------------------------------------

    async def cached_messages(self, chat_id: int, *, limit: int = OLDER_PAGE) -> MessagePage:
        """The newest messages the cache holds: shown at once when a chat opens."""
        return await self._ctx.store.call(Cache.messages, chat_id, limit=limit)

    async def open(self, chat_id: int, *, limit: int = OLDER_PAGE) -> MessagePage:
        """Fetch the newest page from the service, store it, mark the chat read, and
        return the newest page. Offline, the cached page (``complete`` says whether it may
        have gaps)."""
        page = None
        if self._ctx.connected():
            page = await _or_cache(self._ctx.api.messages(chat_id, latest=True, limit=limit))
        if page is not None:
            await self._ctx.commit(messages=page.items)
            first = page.items[0].id if page.items else None
            at_start = page.size >= page.total
            await self._ctx.store.transaction(_joined, chat_id, first, at_start)
        await self.mark_read(chat_id)
        return await self._ctx.store.call(Cache.messages, chat_id, limit=limit)

    async def load_older(
        self, chat_id: int, before_id: int, *, limit: int = OLDER_PAGE
    ) -> MessagePage:
        """The page before ``before_id``: from the cache when it holds it without gaps,
        otherwise from the service (and kept)."""
        cached = await self._ctx.store.call(
            Cache.messages, chat_id, before_id=before_id, limit=limit
        )
        if not self._ctx.connected() or (
            cached.complete and (len(cached.messages) >= limit or cached.at_start)
        ):
            return cached
        page = await _or_cache(self._ctx.api.messages(chat_id, before_id=before_id, limit=limit))
        if page is None:
            return cached
        await self._ctx.commit(messages=page.items)
        first = page.items[0].id if page.items else 0
        await self._ctx.store.transaction(
            _extended, chat_id, before_id, first, at_start=page.size < limit
        )
        return await self._ctx.store.call(Cache.messages, chat_id, before_id=before_id, limit=limit)

    async def mark_read(self, chat_id: int) -> None:
        if await self._ctx.store.call(Cache.mark_read, chat_id):
            entry = await self._ctx.store.call(Cache.chat, chat_id)
            if entry is not None:
                self._ctx.hub.chats([entry])

    # --- drafts -------------------------------------------------------------------------

    async def save_draft(self, draft: Draft) -> None:
        await self._ctx.store.call(Cache.save_draft, draft)

    async def draft(self, chat_id: int) -> Draft | None:
        return await self._ctx.store.call(Cache.draft, chat_id)

    # --- actions ------------------------------------------------------------------------

    async def assume(self, chat_id: int, *, take_over: bool = False) -> ChatEntry:
        """Assumir. ``take_over`` takes a chat another attendant holds."""
        entry = await self._ctx.entry(chat_id)
        _refuse(check_assume(self._ctx.attendant, entry.chat, take_over=take_over))
        with self._ctx.moving(chat_id):
            out = await self._ctx.api.assume(chat_id, take_over=take_over)
        return await self._kept(out)

    async def transfer(
        self, chat_id: int, *, department_id: int | None = None, attendant_id: int | None = None
    ) -> ChatEntry | None:
        """Transferir to a department (back to its inbox) and/or an attendant. None when the
        chat left the attendant's sight with it."""
        entry = await self._ctx.entry(chat_id)
        target: Attendant | None = None
        if attendant_id is not None:
            target = await self._ctx.store.call(Cache.attendant, attendant_id)
        _refuse(
            check_transfer(
                self._ctx.attendant, entry.chat, department_id=department_id, target=target
            )
        )
        with self._ctx.moving(chat_id):
            out = await self._ctx.api.update_chat(
                chat_id, user_id=attendant_id, department_id=department_id
            )
        return await self._stored(out)

    async def leave(self, chat_id: int) -> ChatEntry:
        """Sair: back to the department's inbox."""
        entry = await self._ctx.entry(chat_id)
        _refuse(check_leave(self._ctx.attendant, entry.chat))
        with self._ctx.moving(chat_id):
            out = await self._ctx.api.leave(chat_id)
        return await self._kept(out)

    async def finish(self, chat_id: int, *, catalog_item_id: int | None = None) -> ChatEntry:
        """Finalizar (with the catalog item when the organisation requires one)."""
        entry = await self._ctx.entry(chat_id)
        _refuse(check_close(self._ctx.attendant, entry.chat))
        out = await self._ctx.api.archive(chat_id, catalog_item_id=catalog_item_id)
        return await self._kept(out)

    async def cancel(self, chat_id: int) -> ChatEntry:
        """Cancelar: closed at once, no ticket, no formal conclusion."""
        entry = await self._ctx.entry(chat_id)
        _refuse(check_close(self._ctx.attendant, entry.chat))
        out = await self._ctx.api.cancel(chat_id)
        return await self._kept(out)

    async def link_ticket(self, chat_id: int, ticket_number: int) -> ChatEntry:
        entry = await self._ctx.entry(chat_id)
        _refuse(check_update(self._ctx.attendant, entry.chat))
        out = await self._ctx.api.update_chat(chat_id, ticket_number=ticket_number)
        return await self._kept(out)

    async def _stored(self, out: ChatOut) -> ChatEntry | None:
        """Keep the service's answer; a chat that left the attendant's sight with the
        action (a transfer elsewhere) leaves the cache."""
        if not can_see(self._ctx.attendant, chat_to_domain(out)):
            applied = await self._ctx.store.transaction(_forget, out.id)
            publish(self._ctx.hub, applied, self._ctx.store.attendant_id)
            return None
        await self._ctx.commit(chats=[out])
        return await self._ctx.store.call(Cache.chat, out.id)

    async def _kept(self, out: ChatOut) -> ChatEntry:
        entry = await self._stored(out)
        if entry is None:  # only a transfer can take a chat out of sight
            raise UnknownChat(out.id)
        return entry

    # --- presence -----------------------------------------------------------------------

    async def set_online(self, online: bool) -> Attendant:
        """Online / Offline: only an Online attendant can assume chats."""
        user = await self._ctx.api.set_online(online)
        self._ctx.me = self._ctx.me.model_copy(update={"user": user})
        await self._ctx.store.call(remember_me, self._ctx.me.model_dump_json())
        attendant = attendant_to_domain(user)
        self._ctx.hub.attendants([attendant], attendant.id)
        return attendant


def _joined(cache: Cache, chat_id: int, first: int | None, at_start: bool) -> None:
    """After fetching the newest page: the cache now holds every message from its first
    one on (and, while the events flowed without a gap, everything it held before)."""
    if at_start:
        cache.set_history_from(chat_id, 0)
        return
    if first is None:
        return
    known = cache.history_from(chat_id)
    cache.set_history_from(chat_id, first if known is None else min(known, first))


def _extended(cache: Cache, chat_id: int, before_id: int, first: int, *, at_start: bool) -> None:
    """A page right before ``before_id`` joins the complete history when that id was its
    start."""
    known = cache.history_from(chat_id)
    if known is not None and known <= before_id:
        cache.set_history_from(chat_id, 0 if at_start else min(known, first))


def _forget(cache: Cache, chat_id: int) -> Applied:
    applied = Applied()
    remove_chat(cache, chat_id, applied)
    return applied.finish(cache)
