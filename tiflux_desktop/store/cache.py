"""The cache's reads and writes. A ``Cache`` is bound to the connection's thread: the app
reaches it only through ``Store.call`` (store.py), never from the event loop directly."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import sqlite_utils

from tiflux_desktop.domain import (
    Attendant,
    AttendantGroup,
    AuthorType,
    ChatFilters,
    ChatStatus,
    Contact,
    Department,
    Message,
    SearchBy,
    Tab,
    fold,
)
from tiflux_desktop.protocol import (
    AttendantGroupOut,
    AttendantOut,
    ChatOut,
    DepartmentOut,
    IntegrationOut,
    MessageOut,
    RequestorOut,
    UserOut,
)

from . import codec
from .records import (
    MATCH_END,
    MATCH_START,
    ChatEntry,
    ChatHit,
    Counts,
    Draft,
    MessageHit,
    MessagePage,
    OutboxFile,
    OutboxItem,
    OutboxState,
    SearchResults,
)

_TAKEN = (ChatStatus.IN_ATTENDANCE.value, ChatStatus.WAITING_CLIENT.value)
_ACTIVE = tuple(s.value for s in ChatStatus if not s.archived)
_ARCHIVED = (ChatStatus.FINISHED.value, ChatStatus.CANCELED.value)

MessageChange = Literal["new", "updated"] | None

_CHAT_INSERT = (
    f"INSERT INTO chats ({', '.join(codec.CHAT_WIRE_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(codec.CHAT_WIRE_COLUMNS))})"
)
_CHAT_UPDATE = (
    f"UPDATE chats SET {', '.join(f'{c} = ?' for c in codec.CHAT_WIRE_COLUMNS[1:])} WHERE id = ?"
)
_MESSAGE_INSERT = (
    f"INSERT INTO messages ({codec.MESSAGE_SELECT}) "
    f"VALUES ({', '.join('?' * len(codec.MESSAGE_COLUMNS))})"
)
_MESSAGE_UPDATE = (
    f"UPDATE messages SET {', '.join(f'{c} = ?' for c in codec.MESSAGE_COLUMNS[1:])} WHERE id = ?"
)
_OUTBOX_SELECT = (
    "client_message_id, chat_id, created_at, position, state, text, internal, "
    "quoted_message_id, template_id, parameters, files, error_code, error_message, attempts"
)


def _in(values: Sequence[object]) -> str:
    return f"({', '.join('?' * len(values))})"


def _like(word: str) -> str:
    """A LIKE pattern for ``word`` anywhere, with LIKE's own characters taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(text: str) -> list[str]:
    """The words of a search, folded and cut to letters and digits (what the unicode61
    tokenizer keeps); at most 16."""
    return re.findall(r"\w+", fold(text))[:16]


def _fts(words: Sequence[str]) -> str:
    """Every word quoted (so nothing typed is read as FTS syntax) and a prefix."""
    return " ".join(f'"{word}"*' for word in words)


def fts_query(text: str) -> str | None:
    """A safe FTS5 query: every word of ``text`` as a prefix, all required."""
    words = search_words(text)
    return _fts(words) if words else None


# Searches of 2 to 4 words also try names + text: each way of taking some words for the
# chat's names (at most _NAMED_CHATS chats) and the rest for the message text.
_MAX_SPLIT_WORDS = 4
_NAMED_CHATS = 500


def _splits(words: list[str]) -> list[tuple[list[str], list[str]]]:
    if not 2 <= len(words) <= _MAX_SPLIT_WORDS:
        return []
    out: list[tuple[list[str], list[str]]] = []
    for mask in range(1, (1 << len(words)) - 1):
        names = [w for i, w in enumerate(words) if mask >> i & 1]
        rest = [w for i, w in enumerate(words) if not mask >> i & 1]
        out.append((names, rest))
    return out


SEARCH_WINDOW = 5000  # the newest matches ranked by relevance (see Cache.search)


def snippet(body: str, words: list[str], width: int = 12) -> str:
    """About ``width`` words of ``body`` around the first match, matched words between
    MATCH_START and MATCH_END. Cut here rather than by FTS5's snippet(), which re-reads the
    merged doclists of every prefix for each row."""
    spans = [(m.start(), m.end(), fold(m.group())) for m in re.finditer(r"\w+", body)]
    hits = [i for i, (_s, _e, t) in enumerate(spans) if any(t.startswith(w) for w in words)]
    if not hits:
        return body[:80]
    first = max(0, min(hits[0] - 2, len(spans) - width))
    shown = spans[first : first + width]
    out: list[str] = ["…" if first else body[: shown[0][0]]]
    cursor = shown[0][0]
    for start, end, token in shown:
        out.append(body[cursor:start])
        word = body[start:end]
        matched = any(token.startswith(w) for w in words)
        out.append(f"{MATCH_START}{word}{MATCH_END}" if matched else word)
        cursor = end
    out.append("…" if first + width < len(spans) else body[cursor:])
    return "".join(out)


class Cache:
    """Reads and writes of one attendant's cache. Not thread-safe by design: one thread."""

    def __init__(self, db: sqlite_utils.Database, attendant_id: int) -> None:
        self.db = db
        self.attendant_id = attendant_id
        self._sql = db.conn.execute

    # --- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._sql("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self._sql("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._sql(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def cursor(self) -> int:
        """The seq of the last event applied (0: never synced, a full refresh is needed)."""
        return int(self.get_meta("cursor") or 0)

    def set_cursor(self, seq: int) -> None:
        self.set_meta("cursor", str(seq))

    # --- chats --------------------------------------------------------------------------

    def chat_version(self, chat_id: int) -> int | None:
        row = self._sql("SELECT version FROM chats WHERE id = ?", (chat_id,)).fetchone()
        return row[0] if row else None

    def put_chat(self, chat: ChatOut, *, force: bool = False) -> bool:
        """Store ``chat`` unless the cache already has it at this or a newer version
        (``force``: a full refresh, whose lists are the truth). True when stored."""
        current = self.chat_version(chat.id)
        if current is not None and current >= chat.version and not force:
            return False
        row = codec.chat_row(chat)
        if current is None:
            self._sql(_CHAT_INSERT, row)
            if chat.status.archived:
                self._counted_beyond(chat)
        else:
            self._sql(_CHAT_UPDATE, (*row[1:], chat.id))
        if chat.requestor is not None:
            self.put_contact(chat.requestor)
        return True

    def remove_chat(self, chat_id: int) -> bool:
        """Forget a chat that left the attendant's visibility, with its messages."""
        self._sql("DELETE FROM messages WHERE chat_id = ?", (chat_id,))
        return self._sql("DELETE FROM chats WHERE id = ?", (chat_id,)).rowcount > 0

    def chat(self, chat_id: int) -> ChatEntry | None:
        row = self._sql(
            f"SELECT {codec.CHAT_SELECT} FROM chats WHERE id = ?", (chat_id,)
        ).fetchone()
        return codec.chat_entry(row) if row else None

    def chats(self, ids: Iterable[int]) -> list[ChatEntry]:
        wanted = list(dict.fromkeys(ids))
        found: dict[int, ChatEntry] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for row in self._sql(
                f"SELECT {codec.CHAT_SELECT} FROM chats WHERE id IN {_in(chunk)}", chunk
            ):
                entry = codec.chat_entry(row)
                found[entry.id] = entry
        return [found[i] for i in wanted if i in found]

    def chat_ids(self, *, archived: bool | None = None) -> set[int]:
        if archived is None:
            rows = self._sql("SELECT id FROM chats")
        else:
            statuses = _ARCHIVED if archived else _ACTIVE
            rows = self._sql(f"SELECT id FROM chats WHERE status IN {_in(statuses)}", statuses)
        return {r[0] for r in rows}

    def mark_read(self, chat_id: int, upto_message_id: int | None = None) -> bool:
        """The attendant opened the chat and saw its messages up to ``upto_message_id``."""
        if upto_message_id is None:
            row = self._sql("SELECT max(id) FROM messages WHERE chat_id = ?", (chat_id,)).fetchone()
            upto_message_id = row[0] or 0
        cur = self._sql(
            "UPDATE chats SET seen = 1, read_upto = max(read_upto, ?), "
            "unread = (SELECT count(*) FROM messages WHERE chat_id = ? AND id > max(read_upto, ?)"
            " AND author_type = 'client' AND internal = 0) "
            "WHERE id = ? AND (seen = 0 OR unread != 0 OR read_upto < ?)",
            (upto_message_id, chat_id, upto_message_id, chat_id, upto_message_id),
        )
        return cur.rowcount > 0

    def history_from(self, chat_id: int) -> int | None:
        row = self._sql("SELECT history_from FROM chats WHERE id = ?", (chat_id,)).fetchone()
        return row[0] if row else None

    def set_history_from(self, chat_id: int, message_id: int | None) -> None:
        self._sql("UPDATE chats SET history_from = ? WHERE id = ?", (message_id, chat_id))

    def forget_orphans(self) -> int:
        """Drop messages whose chat the cache does not hold (they came by events for a chat
        the attendant never received): nothing shows them, and search would find them with
        no chat to open. How many went."""
        return self._sql(
            "DELETE FROM messages WHERE chat_id NOT IN (SELECT id FROM chats)"
        ).rowcount

    def forget_history(self) -> None:
        """After events were lost (a resync), no chat's history can be called complete."""
        self._sql("UPDATE chats SET history_from = NULL WHERE history_from IS NOT NULL")

    # --- the four tabs ------------------------------------------------------------------

    def _tab_where(self, tab: Tab, f: ChatFilters) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if tab is Tab.INBOX:
            where.append("status = ?")
            params.append(ChatStatus.WAITING_ATTENDANCE.value)
        elif tab is Tab.MINE:
            where.append(f"status IN {_in(_TAKEN)} AND responsible_id = ?")
            params += [*_TAKEN, self.attendant_id]
        elif tab is Tab.IN_ATTENDANCE:
            where.append("closed = 0")  # every open status, in index order
        else:
            where.append("closed = 1")
        for column, value in (
            ("department_id", f.department_id),
            ("client_id", f.client_id),
            ("requestor_id", f.requestor_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if f.number:
            where.append("requestor_telephone LIKE ? ESCAPE '\\'")
            params.append(_like(f.number))
        if f.origins:
            where.append(f"origin IN {_in(f.origins)}")
            params += [o.value for o in f.origins]
        if f.started_by is not None:
            where.append("started_by = ?")
            params.append(f.started_by.value)
        for column, op, value in (
            ("created_at", ">=", f.created_at_start),
            ("created_at", "<=", f.created_at_end),
            ("finished_at", ">=", f.finished_at_start),
            ("finished_at", "<=", f.finished_at_end),
        ):
            if value is not None:
                where.append(f"{column} {op} ?")
                # A date without a zone is UTC, as the service reads it.
                params.append((value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp())
        if f.statuses and tab is Tab.IN_ATTENDANCE:
            where.append(f"status IN {_in(f.statuses)}")
            params += [s.value for s in f.statuses]
        if f.user_id is not None:
            where.append("responsible_id = ?")
            params.append(f.user_id)
        if f.canceled is not None and tab is Tab.ARCHIVED:
            where.append("status = ?")
            params.append((ChatStatus.CANCELED if f.canceled else ChatStatus.FINISHED).value)
        if f.searching:
            self._search_where(f.q or "", f.search_by, where, params)
        return where, params

    def _search_where(self, q: str, by: SearchBy, where: list[str], params: list[Any]) -> None:
        """Every word, accent- and case-insensitive, anywhere in the chosen name (as the
        service searches, so a list reads the same online and offline)."""
        words = fold(q).split()
        if not words:  # e.g. a lone accent typed with a dead key: nothing to narrow by
            return
        if by is SearchBy.ATTENDANT_GROUP:
            inner = " AND ".join("g.name_fold LIKE ? ESCAPE '\\'" for _ in words)
            where.append(
                "department_id IN (SELECT CAST(d.value AS INTEGER) FROM attendant_groups g, "
                f"json_each(g.department_ids) d WHERE {inner})"
            )
            params += [_like(w) for w in words]
            return
        column = f"{by.value}_fold"
        for word in words:
            where.append(f"{column} LIKE ? ESCAPE '\\'")
            params.append(_like(word))

    @staticmethod
    def _tab_order(tab: Tab) -> str:
        """The order of domain.chats.sort_key and of the service's lists."""
        if tab is Tab.INBOX:
            return "waiting_since ASC, id ASC"
        if tab is Tab.ARCHIVED:
            return "sort_archived DESC, id DESC"
        return "sort_active DESC, id DESC"

    def tab(
        self,
        tab: Tab,
        filters: ChatFilters | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ChatEntry]:
        where, params = self._tab_where(tab, filters or ChatFilters())
        sql = (
            f"SELECT {codec.CHAT_SELECT} FROM chats WHERE {' AND '.join(where)} "
            f"ORDER BY {self._tab_order(tab)}"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [codec.chat_entry(r) for r in self._sql(sql, params)]

    def tab_count(self, tab: Tab, filters: ChatFilters | None = None) -> int:
        where, params = self._tab_where(tab, filters or ChatFilters())
        return self._sql(
            f"SELECT count(*) FROM chats WHERE {' AND '.join(where)}", params
        ).fetchone()[0]

    def counts(self) -> Counts:
        """Entrada, Meus and Em atendimento are counted from the cache, which holds every
        open chat the attendant may see. Encerrados adds what the service reported beyond
        the closed chats kept here (the cache keeps only the recent ones)."""
        # Two index-only queries: statuses through the status indexes, Meus through the
        # responsible index (one scan with FILTER clauses read every row).
        by_status = dict(self._sql("SELECT status, count(*) FROM chats GROUP BY status").fetchall())
        mine = self._sql(
            f"SELECT count(*) FROM chats WHERE responsible_id = ? AND status IN {_in(_TAKEN)}",
            (self.attendant_id, *_TAKEN),
        ).fetchone()[0]
        inbox = by_status.get(ChatStatus.WAITING_ATTENDANCE.value, 0)
        active = sum(by_status.get(s, 0) for s in _ACTIVE)
        archived = sum(by_status.get(s, 0) for s in _ARCHIVED)
        beyond = int(self.get_meta("archived_beyond_cache") or 0)
        return Counts(inbox=inbox, mine=mine, in_attendance=active, archived=archived + beyond)

    def set_archived_total(self, service_total: int, now: datetime | None = None) -> None:
        """Remember how many closed chats the service has that the cache does not."""
        local = self.tab_count(Tab.ARCHIVED)
        self.set_meta("archived_beyond_cache", str(max(0, service_total - local)))
        self.set_meta("archived_counted_at", str((now or datetime.now(UTC)).timestamp()))

    def _counted_beyond(self, chat: ChatOut) -> None:
        """A closed chat cached for the first time (a contact's history, a rating on an old
        chat) that the service's total already counted: no longer beyond the cache."""
        beyond = int(self.get_meta("archived_beyond_cache") or 0)
        counted_at = float(self.get_meta("archived_counted_at") or 0)
        closed_at = (chat.finished_at or chat.updated_at).timestamp()
        if beyond > 0 and closed_at <= counted_at:
            self.set_meta("archived_beyond_cache", str(beyond - 1))

    def contact_chats(
        self, requestor_id: int, *, exclude_chat_id: int | None = None, limit: int = 50
    ) -> list[ChatEntry]:
        """The contact's chats, newest first: "+ Informações" lists the earlier ones."""
        rows = self._sql(
            f"SELECT {codec.CHAT_SELECT} FROM chats WHERE requestor_id = ? AND id != ? "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            (requestor_id, exclude_chat_id or 0, limit),
        )
        return [codec.chat_entry(r) for r in rows]

    # --- messages -----------------------------------------------------------------------

    def message_version(self, message_id: int) -> int | None:
        row = self._sql("SELECT version FROM messages WHERE id = ?", (message_id,)).fetchone()
        return row[0] if row else None

    def put_message(self, message: MessageOut) -> MessageChange:
        """Store ``message`` unless the cache has it at this or a newer version. A new
        customer message the attendant has not read counts as unread in its chat."""
        current = self.message_version(message.id)
        if current is not None and current >= message.version:
            return None
        row = codec.message_row(message)
        if current is None:
            self._sql(_MESSAGE_INSERT, row)
            if message.author.type is AuthorType.CLIENT and not message.internal:
                self._sql(
                    "UPDATE chats SET unread = unread + 1 WHERE id = ? AND read_upto < ?",
                    (message.chat_id, message.id),
                )
            return "new"
        self._sql(_MESSAGE_UPDATE, (*row[1:], message.id))
        return "updated"

    def message(self, message_id: int) -> Message | None:
        row = self._sql(
            f"SELECT {codec.MESSAGE_SELECT} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        return codec.message_from_row(row) if row else None

    def message_ids_for(self, client_message_id: str) -> list[int]:
        rows = self._sql(
            "SELECT id FROM messages WHERE client_message_id = ? ORDER BY id", (client_message_id,)
        )
        return [r[0] for r in rows]

    def messages(
        self, chat_id: int, *, before_id: int | None = None, limit: int = 50
    ) -> MessagePage:
        """The newest ``limit`` messages (or those right before ``before_id``), oldest first."""
        if before_id is None:
            rows = self._sql(
                f"SELECT {codec.MESSAGE_SELECT} FROM messages WHERE chat_id = ? "
                "ORDER BY id DESC LIMIT ?",
                (chat_id, limit),
            ).fetchall()
        else:
            rows = self._sql(
                f"SELECT {codec.MESSAGE_SELECT} FROM messages WHERE chat_id = ? AND id < ? "
                "ORDER BY id DESC LIMIT ?",
                (chat_id, before_id, limit),
            ).fetchall()
        rows.reverse()
        found = tuple(codec.message_from_row(r) for r in rows)
        history_from = self.history_from(chat_id)
        first = found[0].id if found else before_id
        complete = history_from is not None and (first is None or first >= history_from)
        at_start = history_from == 0 and len(found) < limit
        return MessagePage(found, complete=complete, at_start=at_start)

    # --- search -------------------------------------------------------------------------

    def search(self, text: str, *, limit: int = 50) -> SearchResults:
        """Full-text search over message text (with captions and file names) and over the
        requester, client and department names; accents and case ignored, every word a
        prefix. Each list in relevance, then recency, order.

        A message matches when its text holds every word, or when its chat's names hold
        some of the words and its text the rest: "joao boleto" finds "boleto" in João's
        chats, "joao acao" the "ação" João wrote.

        Message ids follow time, so "recency" is the id. A word as common as "obrigado" can
        match a hundred thousand messages; ranking them all costs far more than an attendant
        waits for a keystroke, so only the newest ``SEARCH_WINDOW`` matches are ranked.
        """
        words = search_words(text)
        if not words:
            return SearchResults(text)
        chat_rows = self._sql(
            "SELECT chats_fts.rowid, bm25(chats_fts) AS rank FROM chats_fts "
            "JOIN chats ON chats.id = chats_fts.rowid WHERE chats_fts MATCH ? "
            "ORDER BY rank, chats.sort_active DESC LIMIT ?",
            (_fts(words), limit),
        ).fetchall()
        rank = dict(self._ranked_messages(_fts(words), limit))
        for name_words, text_words in _splits(words):
            for message_id in self._named_chat_messages(name_words, text_words, limit):
                # After every message that holds all the words, newest first.
                rank.setdefault(message_id, 0.0)
        best = sorted(rank, key=lambda i: (rank[i], -i))[:limit]
        message_rows = self._sql(
            f"SELECT {codec.MESSAGE_SELECT} FROM messages WHERE id IN {_in(best)}", best
        ).fetchall()
        message_rows.sort(key=lambda r: (rank[r[0]], -r[0]))
        entries = {
            e.id: e for e in self.chats([r[0] for r in chat_rows] + [r[1] for r in message_rows])
        }
        chats = tuple(ChatHit(entries[r[0]], r[1]) for r in chat_rows if r[0] in entries)
        messages = tuple(
            MessageHit(
                codec.message_from_row(r),
                entries[r[1]],
                snippet(" ".join(p for p in (r[7], r[10], r[11]) if p), words),
                rank[r[0]],
            )
            for r in message_rows
            if r[1] in entries
        )
        return SearchResults(text, chats, messages)

    def _ranked_messages(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(message id, bm25) of the best ``limit`` among the newest SEARCH_WINDOW matches."""
        floor = self._sql(
            "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (query, SEARCH_WINDOW - 1),
        ).fetchone()
        return [
            (r[0], r[1])
            for r in self._sql(
                "SELECT rowid, bm25(messages_fts) AS rank FROM messages_fts "
                "WHERE messages_fts MATCH ? AND rowid >= ? ORDER BY rank, rowid DESC LIMIT ?",
                (query, floor[0] if floor else 0, limit),
            )
        ]

    def _named_chat_messages(
        self, name_words: list[str], text_words: list[str], limit: int
    ) -> list[int]:
        """The newest messages whose text holds ``text_words`` in chats whose names hold
        ``name_words``, among the newest SEARCH_WINDOW text matches."""
        chat_ids = [
            r[0]
            for r in self._sql(
                "SELECT rowid FROM chats_fts WHERE chats_fts MATCH ? LIMIT ?",
                (_fts(name_words), _NAMED_CHATS),
            )
        ]
        if not chat_ids:
            return []
        newest = [
            r[0]
            for r in self._sql(
                "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT ?",
                (_fts(text_words), SEARCH_WINDOW),
            )
        ]
        if not newest:
            return []
        rows = self._sql(
            "SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?)) "
            "AND chat_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?",
            (json.dumps(newest), json.dumps(chat_ids), limit),
        )
        return [r[0] for r in rows]

    # --- people and lookups -------------------------------------------------------------

    def put_contact(self, requestor: RequestorOut) -> None:
        self._sql(
            "INSERT INTO contacts (id, name, email, telephone, client_id) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "email = coalesce(excluded.email, email), "
            "telephone = coalesce(excluded.telephone, telephone), "
            "client_id = coalesce(excluded.client_id, client_id)",
            codec.contact_row(requestor),
        )

    def contact(self, contact_id: int) -> Contact | None:
        row = self._sql(
            "SELECT id, name, email, telephone, client_id FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        return codec.contact_from_row(row) if row else None

    def replace_departments(self, departments: Sequence[DepartmentOut]) -> None:
        self._sql("DELETE FROM departments")
        self.db.conn.executemany(
            "INSERT INTO departments (id, name, active) VALUES (?, ?, ?)",
            [codec.department_row(d) for d in departments],
        )

    def departments(self) -> list[Department]:
        rows = self._sql("SELECT id, name FROM departments WHERE active = 1 ORDER BY name")
        return [codec.department_from_row(r) for r in rows]

    def put_attendant(self, attendant: AttendantOut | UserOut, version: int | None = None) -> bool:
        if version is None:
            version = attendant.version if isinstance(attendant, AttendantOut) else 1
        row = self._sql("SELECT version FROM attendants WHERE id = ?", (attendant.id,)).fetchone()
        if row is not None and row[0] > version:
            return False
        self._sql(
            "INSERT OR REPLACE INTO attendants (id, version, name, email, admin, online, "
            "attendant_group_ids, department_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            codec.attendant_row(attendant, version),
        )
        return True

    def replace_attendants(self, attendants: Sequence[AttendantOut]) -> None:
        self._sql("DELETE FROM attendants")
        for a in attendants:
            self.put_attendant(a)

    def attendant(self, attendant_id: int) -> Attendant | None:
        row = self._sql(
            "SELECT id, version, name, email, admin, online, attendant_group_ids, department_ids "
            "FROM attendants WHERE id = ?",
            (attendant_id,),
        ).fetchone()
        return codec.attendant_from_row(row) if row else None

    def attendants(self) -> list[Attendant]:
        rows = self._sql(
            "SELECT id, version, name, email, admin, online, attendant_group_ids, department_ids "
            "FROM attendants ORDER BY name"
        )
        return [codec.attendant_from_row(r) for r in rows]

    def replace_groups(self, groups: Sequence[AttendantGroupOut]) -> None:
        self._sql("DELETE FROM attendant_groups")
        self.db.conn.executemany(
            "INSERT INTO attendant_groups (id, name, name_fold, department_ids, attendant_ids) "
            "VALUES (?, ?, ?, ?, ?)",
            [codec.group_row(g) for g in groups],
        )

    def groups(self) -> list[AttendantGroup]:
        rows = self._sql(
            "SELECT id, name, name_fold, department_ids FROM attendant_groups ORDER BY name"
        )
        return [codec.group_from_row(r) for r in rows]

    def replace_integrations(self, integrations: Sequence[IntegrationOut]) -> None:
        self._sql("DELETE FROM integrations")
        self.db.conn.executemany(
            "INSERT INTO integrations (id, data) VALUES (?, ?)",
            [(i.id, i.model_dump_json()) for i in integrations],
        )

    def integrations(self) -> list[IntegrationOut]:
        rows = self._sql("SELECT data FROM integrations ORDER BY id")
        return [IntegrationOut.model_validate_json(r[0]) for r in rows]

    def replace_templates(self, kind: str, templates: Sequence[tuple[int, str, str]]) -> None:
        """(id, title, the service's JSON) of one kind of template."""
        self._sql("DELETE FROM templates WHERE kind = ?", (kind,))
        self.db.conn.executemany(
            "INSERT INTO templates (kind, id, title, data) VALUES (?, ?, ?, ?)",
            [(kind, *t) for t in templates],
        )

    def templates(self, kind: str) -> list[str]:
        """The service's JSON of each template of ``kind``, by title."""
        rows = self._sql("SELECT data FROM templates WHERE kind = ? ORDER BY title, id", (kind,))
        return [r[0] for r in rows]

    # --- outbox (in the local file) -----------------------------------------------------

    def add_outbox(
        self,
        *,
        client_message_id: str,
        chat_id: int,
        text: str | None,
        internal: bool,
        quoted_message_id: int | None,
        template_id: int | None,
        parameters: Sequence[str],
        files: Sequence[OutboxFile],
        now: datetime | None = None,
    ) -> OutboxItem:
        created = (now or datetime.now(UTC)).timestamp()
        self._sql(
            "INSERT INTO local.outbox (client_message_id, chat_id, created_at, text, internal, "
            "quoted_message_id, template_id, parameters, files, state) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client_message_id,
                chat_id,
                created,
                text,
                int(internal),
                quoted_message_id,
                template_id,
                json.dumps(list(parameters)),
                json.dumps(
                    [
                        {
                            "path": f.path,
                            "filename": f.filename,
                            "content_type": f.content_type,
                            "size": f.size,
                        }
                        for f in files
                    ]
                ),
                OutboxState.QUEUED.value,
            ),
        )
        item = self.outbox_item(client_message_id)
        assert item is not None
        return item

    @staticmethod
    def _outbox_item(r: Sequence[Any]) -> OutboxItem:
        return OutboxItem(
            client_message_id=r[0],
            chat_id=r[1],
            created_at=datetime.fromtimestamp(r[2], UTC),
            position=r[3],
            state=OutboxState(r[4]),
            text=r[5],
            internal=bool(r[6]),
            quoted_message_id=r[7],
            template_id=r[8],
            parameters=tuple(json.loads(r[9])),
            files=tuple(OutboxFile(**f) for f in json.loads(r[10])),
            error_code=r[11],
            error_message=r[12],
            attempts=r[13],
        )

    def outbox_item(self, client_message_id: str) -> OutboxItem | None:
        row = self._sql(
            f"SELECT {_OUTBOX_SELECT} FROM local.outbox WHERE client_message_id = ?",
            (client_message_id,),
        ).fetchone()
        return self._outbox_item(row) if row else None

    def outbox(
        self, *, chat_id: int | None = None, states: Sequence[OutboxState] = ()
    ) -> list[OutboxItem]:
        where: list[str] = []
        params: list[Any] = []
        if chat_id is not None:
            where.append("chat_id = ?")
            params.append(chat_id)
        if states:
            where.append(f"state IN {_in(states)}")
            params += [s.value for s in states]
        sql = f"SELECT {_OUTBOX_SELECT} FROM local.outbox"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [self._outbox_item(r) for r in self._sql(sql + " ORDER BY position", params)]

    def set_outbox_state(
        self,
        client_message_id: str,
        state: OutboxState,
        *,
        error_code: int | None = None,
        error_message: str | None = None,
        attempted: bool = False,
    ) -> OutboxItem | None:
        self._sql(
            "UPDATE local.outbox SET state = ?, error_code = ?, error_message = ?, "
            "attempts = attempts + ? WHERE client_message_id = ?",
            (state.value, error_code, error_message, int(attempted), client_message_id),
        )
        return self.outbox_item(client_message_id)

    def remove_outbox(self, client_message_id: str) -> OutboxItem | None:
        item = self.outbox_item(client_message_id)
        if item is not None:
            self._sql("DELETE FROM local.outbox WHERE client_message_id = ?", (client_message_id,))
        return item

    def requeue_interrupted(self) -> int:
        """Sends cut short by a crash go again (the same client_message_id makes that safe)."""
        return self._sql(
            "UPDATE local.outbox SET state = ? WHERE state = ?",
            (OutboxState.QUEUED.value, OutboxState.SENDING.value),
        ).rowcount

    # --- drafts (in the local file) -----------------------------------------------------

    def save_draft(self, draft: Draft, now: datetime | None = None) -> None:
        """An empty draft is no draft."""
        if not draft.text.strip() and draft.quoted_message_id is None:
            self._sql("DELETE FROM local.drafts WHERE chat_id = ?", (draft.chat_id,))
            return
        self._sql(
            "INSERT OR REPLACE INTO local.drafts (chat_id, text, internal, quoted_message_id, "
            "updated_at) VALUES (?, ?, ?, ?, ?)",
            (
                draft.chat_id,
                draft.text,
                int(draft.internal),
                draft.quoted_message_id,
                (now or datetime.now(UTC)).timestamp(),
            ),
        )

    def draft(self, chat_id: int) -> Draft | None:
        row = self._sql(
            "SELECT chat_id, text, internal, quoted_message_id FROM local.drafts WHERE chat_id = ?",
            (chat_id,),
        ).fetchone()
        return Draft(row[0], row[1], bool(row[2]), row[3]) if row else None
