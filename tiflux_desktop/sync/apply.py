"""Applying the event log to the cache. These functions run on the store thread, inside
one transaction (``Store.transaction``), and return what changed for the ChangeSet."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from tiflux_desktop.domain import Attendant, AuthorType, Message, can_see
from tiflux_desktop.protocol import (
    AttendantGroupOut,
    AttendantOut,
    AttendantUpserted,
    ChatHidden,
    ChatOut,
    ChatUpserted,
    DepartmentOut,
    Event,
    IntegrationOut,
    MeOut,
    MessageOut,
    MessageUpserted,
    attendant_to_domain,
    message_to_domain,
)
from tiflux_desktop.store import Cache, ChatEntry, Counts, OutboxItem

log = logging.getLogger(__name__)

ME_KEY = "me"  # the last GET /me answer (user and organisation), JSON
LOG_ID = "log_id"  # the service's event log the cursor belongs to


@dataclass(slots=True)
class Applied:
    """What one transaction changed."""

    chat_ids: set[int] = field(default_factory=set[int])
    removed: set[int] = field(default_factory=set[int])
    appended: list[Message] = field(default_factory=list[Message])
    updated: list[Message] = field(default_factory=list[Message])
    confirmed: list[OutboxItem] = field(default_factory=list[OutboxItem])  # echoes matched
    attendants: list[Attendant] = field(default_factory=list[Attendant])
    entries: list[ChatEntry] = field(default_factory=list[ChatEntry])
    counts: Counts | None = None
    cursor: int = 0
    skipped: int = 0  # duplicates and events at or below the cursor

    unread_moved: set[int] = field(default_factory=set[int])  # a customer message arrived
    # The attendant can now see more (a new department, admin): chats that already exist
    # send no event, so only a full refresh brings them.
    needs_refresh: bool = False

    def finish(self, cache: Cache) -> Applied:
        """Read back the changed chats (with this machine's unread counts), and the counts
        when a chat itself changed (a message alone moves no chat between tabs)."""
        self.chat_ids -= self.removed
        self.entries = cache.chats(sorted((self.chat_ids | self.unread_moved) - self.removed))
        if self.chat_ids or self.removed:
            self.counts = cache.counts()
        return self


def me_from_cache(cache: Cache) -> MeOut | None:
    raw = cache.get_meta(ME_KEY)
    return MeOut.model_validate_json(raw) if raw else None


def remember_me(cache: Cache, me_json: str) -> None:
    """Keep GET /me's answer: a later start knows the attendant before the network does."""
    cache.set_meta(ME_KEY, me_json)


def put_chat(cache: Cache, chat: ChatOut, applied: Applied, *, force: bool = False) -> None:
    if cache.put_chat(chat, force=force):
        applied.chat_ids.add(chat.id)
        applied.removed.discard(chat.id)


def remove_chat(cache: Cache, chat_id: int, applied: Applied) -> None:
    if cache.remove_chat(chat_id):
        applied.removed.add(chat_id)
    applied.chat_ids.discard(chat_id)


def put_messages(cache: Cache, messages: Iterable[MessageOut], applied: Applied) -> None:
    """Store messages; one that carries the client_message_id of an outbox item is the
    service's echo of it: the item is confirmed and leaves the outbox."""
    for out in messages:
        change = cache.put_message(out)
        if change is None:
            continue
        message = message_to_domain(out)
        if change == "new":
            applied.appended.append(message)
            if out.author.type is AuthorType.CLIENT and not out.internal:
                applied.unread_moved.add(out.chat_id)
            if out.client_message_id and (item := cache.remove_outbox(out.client_message_id)):
                applied.confirmed.append(item)
        else:
            applied.updated.append(message)


def put_attendant(cache: Cache, out: AttendantOut, applied: Applied) -> None:
    if not cache.put_attendant(out):
        return
    attendant = attendant_to_domain(out)
    applied.attendants.append(attendant)
    if attendant.id != cache.attendant_id:
        return
    me = me_from_cache(cache)
    if me is not None:
        before = me.user
        if (out.admin and not before.admin) or not set(out.department_ids) <= set(
            before.department_ids
        ):
            applied.needs_refresh = True
        user = me.user.model_copy(
            update={
                "online": out.online,
                "admin": out.admin,
                "name": out.name,
                "department_ids": out.department_ids,
                "attendant_group_ids": out.attendant_group_ids,
            }
        )
        cache.set_meta(ME_KEY, me.model_copy(update={"user": user}).model_dump_json())
    forget_unseeable(cache, attendant, applied)


def forget_unseeable(cache: Cache, me: Attendant, applied: Applied) -> None:
    """When the attendant loses a department, its chats leave the cache."""
    if me.admin:
        return
    for entry in cache.chats(cache.chat_ids()):
        if not can_see(me, entry.chat):
            remove_chat(cache, entry.id, applied)


def apply_events(cache: Cache, events: Sequence[Event], last_seq: int | None = None) -> Applied:
    """Apply events in seq order, idempotently: an event at or below the cursor was applied
    already, and a resource at or below the cached version is stale. The cursor moves in the
    same transaction, so it never runs ahead of what was committed."""
    applied = Applied()
    cursor = cache.cursor
    reached = cursor
    for event in sorted(events, key=lambda e: e.seq):
        if event.seq <= reached:
            applied.skipped += 1
            continue
        reached = event.seq
        if not _held(cache, lambda e=event: _apply_event(cache, e, applied), "event", event.seq):
            applied.skipped += 1
    # GET /events may reach past its last visible event (events of other departments).
    if last_seq is not None:
        reached = max(reached, last_seq)
    if reached > cursor:
        cache.set_cursor(reached)
    applied.cursor = reached
    return applied.finish(cache)


def _held(cache: Cache, write: Callable[[], None], what: str, ident: int) -> bool:
    """``write`` in a savepoint. What the cache cannot hold (a number past SQLite's 64 bits,
    a time no datetime can read back) is undone, logged without its content, and False:
    failing the whole batch instead would fail every catch-up or refresh at that one
    resource, and sync would stop for good."""
    try:
        with cache.db.atomic():
            write()
    except (ValueError, OverflowError) as exc:
        log.warning("skipped %s %d: %s", what, ident, type(exc).__name__)
        return False
    return True


def _apply_event(cache: Cache, event: Event, applied: Applied) -> None:
    if isinstance(event, ChatUpserted):
        put_chat(cache, event.data, applied)
    elif isinstance(event, ChatHidden):
        current = cache.chat_version(event.data.id)
        if current is not None and current <= event.data.version:
            remove_chat(cache, event.data.id, applied)
        else:
            applied.skipped += 1
    elif isinstance(event, MessageUpserted):
        put_messages(cache, [event.data], applied)
    elif isinstance(event, AttendantUpserted):  # pyright: ignore[reportUnnecessaryIsInstance]
        put_attendant(cache, event.data, applied)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a full refresh fetched, applied in one transaction."""

    me: MeOut
    head_seq: int
    active: Sequence[ChatOut]  # every open chat the attendant may see
    archived: Sequence[ChatOut]  # the most recent closed ones
    archived_total: int
    departments: Sequence[DepartmentOut]
    attendants: Sequence[AttendantOut]
    groups: Sequence[AttendantGroupOut]
    integrations: Sequence[IntegrationOut]
    templates: dict[str, list[tuple[int, str, str]]]
    reset: bool = False  # the service's log is not the one the cache followed
    log_id: str = ""
    # Open chats the service listed in a form the app cannot read (a status from a newer
    # service, say): their cached copies stay rather than leave as if closed.
    unreadable: frozenset[int] = frozenset()


def apply_snapshot(cache: Cache, snap: Snapshot) -> Applied:
    """Rebuild the lists from a full refresh. Open chats the service no longer lists for the
    attendant (closed long ago, or out of sight) leave the cache; histories can no longer be
    called complete, since events were missed."""
    applied = Applied()
    if snap.reset:
        for chat_id in cache.chat_ids():
            remove_chat(cache, chat_id, applied)
    cache.set_meta(ME_KEY, snap.me.model_dump_json())
    cache.replace_departments(snap.departments)
    cache.replace_groups(snap.groups)
    cache.replace_integrations(snap.integrations)
    cache.replace_attendants(snap.attendants)
    cache.put_attendant(snap.me.user)
    for kind, rows in snap.templates.items():
        cache.replace_templates(kind, rows)
    applied.attendants = [attendant_to_domain(a) for a in snap.attendants]
    forget_unseeable(cache, attendant_to_domain(snap.me.user), applied)  # closed ones too
    listed = {c.id for c in snap.active}
    for chat_id in cache.chat_ids(archived=False) - listed - snap.unreadable:
        remove_chat(cache, chat_id, applied)
    for chat in (*snap.active, *snap.archived):
        _held(cache, lambda c=chat: put_chat(cache, c, applied, force=True), "chat", chat.id)
    cache.forget_history()
    if orphans := cache.forget_orphans():
        log.info("a full refresh dropped %d message(s) of chats not in the cache", orphans)
    cache.set_archived_total(snap.archived_total)
    cache.set_cursor(snap.head_seq)
    if snap.log_id:
        cache.set_meta(LOG_ID, snap.log_id)
    applied.cursor = snap.head_seq
    applied.finish(cache)
    applied.counts = cache.counts()
    return applied


def template_rows(items: Iterable[BaseModel], title_field: str) -> list[tuple[int, str, str]]:
    """(id, title, JSON) rows for the templates table from the service's models."""
    rows: list[tuple[int, str, str]] = []
    for item in items:
        data = item.model_dump(mode="json")
        rows.append((int(data["id"]), str(data[title_field]), item.model_dump_json()))
    return rows
