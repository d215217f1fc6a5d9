"""Read-only queries: the four tab lists with their filters and search modes, counts, a
chat's messages by page, and the event log as the caller may see it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from tiflux_desktop.domain import Attendant, ChatFilters, ChatStatus, SearchBy, Tab, fold
from tiflux_desktop.protocol import ChatOut, EventType, MessageOut

from . import db
from .events import StoredEvent, visible_to
from .storage import JOINED, Storage, chat_out, chat_select, message_out, message_select

_TAKEN = [ChatStatus.IN_ATTENDANCE.value, ChatStatus.WAITING_CLIENT.value]
_ACTIVE = [s.value for s in ChatStatus if not s.archived]
_ARCHIVED = [ChatStatus.FINISHED.value, ChatStatus.CANCELED.value]


def visibility(attendant: Attendant) -> sa.ColumnElement[bool]:
    """Admins see all; others their departments' chats and chats without a department."""
    if attendant.admin:
        return sa.true()
    return sa.or_(
        db.chats.c.department_id.is_(None),
        db.chats.c.department_id.in_(sorted(attendant.department_ids)),
    )


def tab_clause(tab: Tab, attendant: Attendant) -> sa.ColumnElement[bool]:
    if tab is Tab.INBOX:
        return db.chats.c.status == ChatStatus.WAITING_ATTENDANCE.value
    if tab is Tab.MINE:
        return sa.and_(db.chats.c.status.in_(_TAKEN), db.chats.c.responsible_id == attendant.id)
    if tab is Tab.IN_ATTENDANCE:
        return db.chats.c.status.in_(_ACTIVE)
    return db.chats.c.status.in_(_ARCHIVED)


def _search(q: str, search_by: SearchBy) -> sa.ColumnElement[bool]:
    words = fold(q).split()
    if search_by is SearchBy.ATTENDANT_GROUP:
        groups = sa.select(db.group_departments.c.department_id).join(
            db.attendant_groups, db.attendant_groups.c.id == db.group_departments.c.group_id
        )
        for word in words:
            groups = groups.where(db.attendant_groups.c.name_fold.contains(word, autoescape=True))
        return db.chats.c.department_id.in_(groups)
    column = JOINED[search_by.value].c.name_fold
    return sa.and_(*(column.contains(word, autoescape=True) for word in words))


def filter_clauses(tab: Tab, f: ChatFilters) -> list[sa.ColumnElement[bool]]:
    c = db.chats.c
    where: list[sa.ColumnElement[bool]] = []
    if f.department_id is not None:
        where.append(c.department_id == f.department_id)
    if f.client_id is not None:
        where.append(c.client_id == f.client_id)
    if f.requestor_id is not None:
        where.append(c.requestor_id == f.requestor_id)
    if f.number:
        where.append(JOINED["requestor"].c.telephone.contains(f.number, autoescape=True))
    if f.origins:
        where.append(c.origin.in_([o.value for o in f.origins]))
    if f.started_by is not None:
        where.append(c.started_by == f.started_by.value)
    if f.created_at_start is not None:
        where.append(c.created_at >= f.created_at_start)
    if f.created_at_end is not None:
        where.append(c.created_at <= f.created_at_end)
    if f.finished_at_start is not None:
        where.append(c.finished_at >= f.finished_at_start)
    if f.finished_at_end is not None:
        where.append(c.finished_at <= f.finished_at_end)
    if f.statuses and tab is Tab.IN_ATTENDANCE:
        where.append(c.status.in_([s.value for s in f.statuses]))
    if f.user_id is not None:
        where.append(c.responsible_id == f.user_id)
    if f.canceled is not None and tab is Tab.ARCHIVED:
        where.append(c.status == (ChatStatus.CANCELED if f.canceled else ChatStatus.FINISHED).value)
    if f.q and f.q.strip():
        where.append(_search(f.q, f.search_by))
    return where


def tab_order(tab: Tab) -> list[sa.ColumnElement[Any]]:
    """The same order as domain.chats.sort_key: Entrada oldest-waiting first, others latest."""
    c = db.chats.c
    if tab is Tab.INBOX:
        return [c.waiting_since.asc(), c.id.asc()]
    if tab is Tab.ARCHIVED:
        return [sa.func.coalesce(c.finished_at, c.updated_at).desc(), c.id.desc()]
    return [sa.func.coalesce(c.last_message_at, c.created_at).desc(), c.id.desc()]


async def list_chats(
    conn: AsyncConnection, attendant: Attendant, tab: Tab, f: ChatFilters, page: int, limit: int
) -> tuple[list[ChatOut], int]:
    where = [visibility(attendant), tab_clause(tab, attendant), *filter_clauses(tab, f)]
    total = await conn.scalar(
        sa.select(sa.func.count()).select_from(chat_select().where(*where).subquery())
    )
    rows = (
        await conn.execute(
            chat_select()
            .where(*where)
            .order_by(*tab_order(tab))
            .limit(limit)
            .offset((page - 1) * limit)
        )
    ).mappings()
    return [chat_out(r) for r in rows], int(total or 0)


async def counts(conn: AsyncConnection, attendant: Attendant) -> dict[str, int]:
    c = db.chats.c
    visible = visibility(attendant)
    row = (
        await conn.execute(
            sa.select(
                sa.func.count().filter(c.status == ChatStatus.WAITING_ATTENDANCE.value),
                sa.func.count().filter(
                    sa.and_(c.status.in_(_TAKEN), c.responsible_id == attendant.id)
                ),
                sa.func.count().filter(c.status.in_(_ACTIVE)),
                sa.func.count().filter(c.status.in_(_ARCHIVED)),
            ).where(visible)
        )
    ).one()
    return {"inbox": row[0], "mine": row[1], "in_attendance": row[2], "archived": row[3]}


async def chat_messages(
    conn: AsyncConnection,
    chat_id: int,
    *,
    page: int,
    limit: int,
    before_id: int | None,
    after_id: int | None,
    latest: bool,
) -> tuple[list[MessageOut], int]:
    """Chronological. ``before_id``: the ``limit`` messages right before it (load older);
    ``after_id``: the ones right after it; ``latest``: the newest page; else Tiflux pages."""
    m = db.messages.c
    total = int(await conn.scalar(sa.select(sa.func.count()).where(m.chat_id == chat_id)) or 0)
    query = message_select().where(m.chat_id == chat_id)
    if before_id is not None or latest:
        if before_id is not None:
            query = query.where(m.id < before_id)
        rows = list((await conn.execute(query.order_by(m.id.desc()).limit(limit))).mappings())
        rows.reverse()
    else:
        if after_id is not None:
            query = query.where(m.id > after_id)
        rows = list(
            (
                await conn.execute(
                    query.order_by(m.id.asc()).limit(limit).offset((page - 1) * limit)
                )
            ).mappings()
        )
    return [message_out(r) for r in rows], total


async def events_after(
    storage: Storage, attendant: Attendant, after: int, limit: int, *, retention: int | None = None
) -> tuple[list[StoredEvent], int, bool]:
    """(events the attendant may see, seq the page reaches, resync needed).

    ``retention`` is the service's ``event_retention``: pruning keeps at least that many of
    the newest events, so a cursor that recent cannot be older than the log and the database
    is not asked for its first seq (every event socket asks this at every wake)."""
    last = storage.hub.last_seq
    if after > last:
        # A cursor this log never gave out (another database, e.g. a fresh demo): skipping
        # to it would silently lose events.
        return [], last, True
    if retention is None or after < last - retention:
        first = await storage.first_seq()
        if after < first - 1 and first > 0:  # older than the retained log
            return [], last, True
    found: list[StoredEvent] = []
    reached = after
    cached = storage.hub.tail_after(after)
    if cached is not None:
        for event in cached:
            reached = event.seq
            if visible_to(event, attendant):
                found.append(event)
                if len(found) >= limit:
                    break
        return found, reached, False
    async with storage.read() as conn:
        while len(found) < limit:
            rows = (
                await conn.execute(
                    sa.select(db.events)
                    .where(db.events.c.seq > reached)
                    .order_by(db.events.c.seq)
                    .limit(500)
                )
            ).mappings()
            batch = [stored_event(r) for r in rows]
            if not batch:
                break
            for event in batch:
                reached = event.seq
                if visible_to(event, attendant):
                    found.append(event)
                    if len(found) >= limit:
                        break
    return found, reached, False


def stored_event(row: sa.RowMapping) -> StoredEvent:
    type_ = EventType(row["type"])
    return StoredEvent(
        seq=row["seq"],
        type=type_,
        at=row["at"].isoformat(),
        department_id=row["department_id"],
        prev_department_id=row["prev_department_id"],
        internal=bool(row["internal"]),
        data=row["data"],
        chat_event=type_ is not EventType.ATTENDANT_UPSERTED,
    )
