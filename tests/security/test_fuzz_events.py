"""Fuzzing the app's event handling: random sequences of events, good and bad, go through the
decoders (GET /events pages and WebSocket frames) into the sync engine's apply, in random
batches; then the cache must be sound (SQLite's and FTS5's integrity checks, every list and
history readable), equal to a plain model ("the newest version of each resource"), with a
cursor that never went back. And the engine itself, against a small fake service whose catch-up
and socket carry events it cannot decode or store: it skips them and stays online.

Duplicates, seqs out of order or at/below the cursor, older versions, unknown types, hides of
unknown chats, messages of unknown chats, malformed data and events the cache cannot hold
(numbers past SQLite's 64 bits, times no datetime reads back) are all in the mix.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from fuzz_events_support import (
    ME,
    TIMES_NO_READ_BACK,
    TOO_BIG,
    attendant_data,
    chat_data,
    event,
    message_data,
)
from tiflux_desktop.domain import AttachmentLimits, Tab
from tiflux_desktop.net import ApiClient, Backoff, ConnectionState, parse_frame
from tiflux_desktop.protocol import Event, EventsPage, ResyncRequired
from tiflux_desktop.store import Cache, Store, account_files
from tiflux_desktop.store.database import open_connection
from tiflux_desktop.store.schema import CACHE_MIGRATIONS, LOCAL_MIGRATIONS
from tiflux_desktop.sync import ChangeHub, Outbox, SyncEngine
from tiflux_desktop.sync.apply import apply_events

# The deep profile (make chaos) runs thousands of examples: more than the suite's default
# per-test timeout allows.
pytestmark = pytest.mark.timeout(1800)

# --- what each generated event should do -----------------------------------------------------


@dataclass(frozen=True)
class Op:
    """One generated event: its JSON and what the model does with it."""

    raw: Any
    seq: int | None  # None: it does not decode
    effect: tuple[Any, ...]  # ("chat", id, version, name) / ("hidden", id, version) /
    # ("message", id, chat_id, version, text) / ("attendant", id, version) / ("skip",)


CHAT_IDS = st.integers(1, 5)
VERSIONS = st.integers(1, 6)
SEQS = st.integers(-2, 40)  # at or below any cursor now and then
NAMES = st.one_of(
    st.sampled_from(["João", "Ação Ltda", "😀" * 50, "<b>x</b>", "a\x00b", "n" * 5000]),
    st.text(max_size=30),
)
TEXTS = st.one_of(st.text(max_size=60), st.sampled_from(["", "x" * 100_000, "🎉" * 2000]))


@st.composite
def good_ops(draw: st.DrawFn) -> Op:
    seq = draw(SEQS)
    kind = draw(st.sampled_from(["chat", "chat", "hidden", "message", "message", "attendant"]))
    if kind == "chat":
        chat_id, version, name = draw(CHAT_IDS), draw(VERSIONS), draw(NAMES)
        raw = event(seq, "chat.upserted", chat_data(chat_id, version, name=name))
        return Op(raw, seq, ("chat", chat_id, version, name))
    if kind == "hidden":
        chat_id = draw(st.one_of(st.integers(1, 7), st.just(TOO_BIG)))
        version = draw(st.one_of(VERSIONS, st.just(TOO_BIG)))
        raw = event(seq, "chat.hidden", {"id": chat_id, "version": version})
        return Op(raw, seq, ("hidden", chat_id, version))
    if kind == "message":
        message_id, chat_id, version = (
            draw(st.integers(1, 8)),
            draw(st.integers(1, 7)),
            draw(VERSIONS),
        )
        text = f"m{message_id}v{version} {draw(TEXTS)}"
        raw = event(seq, "message.upserted", message_data(message_id, chat_id, version, text))
        return Op(raw, seq, ("message", message_id, chat_id, version, text))
    attendant_id, version = draw(st.integers(2, 4)), draw(VERSIONS)
    raw = event(seq, "attendant.upserted", attendant_data(attendant_id, version))
    return Op(raw, seq, ("attendant", attendant_id, version))


@st.composite
def unstorable_ops(draw: st.DrawFn) -> Op:
    """Events that decode but that the cache cannot hold: skipped, the cursor moves on."""
    seq = draw(SEQS)
    chat_id, version = draw(CHAT_IDS), draw(VERSIONS)
    late = draw(st.sampled_from(TIMES_NO_READ_BACK))
    raw = draw(
        st.sampled_from(
            [
                event(seq, "chat.upserted", chat_data(TOO_BIG, version)),
                event(seq, "chat.upserted", chat_data(chat_id, TOO_BIG)),
                event(seq, "chat.upserted", chat_data(chat_id, version, created_at=late)),
                event(seq, "chat.upserted", chat_data(chat_id, version, finished_at=late)),
                # The chat row is written before the contact fails: the savepoint undoes both.
                event(
                    seq,
                    "chat.upserted",
                    chat_data(
                        chat_id,
                        version + 10,
                        requestor={"id": 1, "name": "X", "client_id": TOO_BIG},
                    ),
                ),
                event(
                    seq, "message.upserted", message_data(3, chat_id, 9, "m", template_id=TOO_BIG)
                ),
                event(seq, "message.upserted", message_data(4, chat_id, 9, "m", created_at=late)),
                event(seq, "message.upserted", message_data(5, TOO_BIG, 9, "m")),
                event(seq, "attendant.upserted", attendant_data(2, TOO_BIG)),
            ]
        )
    )
    return Op(raw, seq, ("skip",))


@st.composite
def undecodable_ops(draw: st.DrawFn) -> Op:
    seq = draw(SEQS)
    good = chat_data(draw(CHAT_IDS), draw(VERSIONS))
    raw = draw(
        st.sampled_from(
            [
                event(seq, "note.upserted", {"id": 1}),  # a newer service's event type
                {**event(seq, "chat.upserted", good), "seq": "twelve"},
                event(seq, "chat.upserted", {k: v for k, v in good.items() if k != "version"}),
                event(seq, "chat.upserted", {**good, "status": "snoozed"}),
                event(seq, "chat.upserted", {**good, "assessment": 9}),
                event(seq, "message.upserted", [1, 2, 3]),
                event(seq, "chat.hidden", None),
                {"seq": seq, "type": "chat.hidden"},
                {"type": "resync_required"},  # no last_seq: not even that
                "chat.upserted",
                None,
                [],
                12,
            ]
        )
    )
    return Op(raw, None, ("skip",))


OPS = st.lists(
    st.one_of(good_ops(), good_ops(), good_ops(), unstorable_ops(), undecodable_ops()),
    max_size=40,
)


# --- the model ----------------------------------------------------------------------------------


@dataclass
class Model:
    cursor: int = 0
    chats: dict[int, tuple[int, str]] = field(default_factory=dict[int, tuple[int, str]])
    messages: dict[int, tuple[int, int, str]] = field(
        default_factory=dict[int, tuple[int, int, str]]
    )
    attendants: dict[int, int] = field(default_factory=dict[int, int])

    def apply(self, ops: list[Op], last_seq: int | None) -> None:
        reached = self.cursor
        for op in sorted((o for o in ops if o.seq is not None), key=lambda o: o.seq or 0):
            assert op.seq is not None
            if op.seq <= reached:
                continue
            reached = op.seq
            self._effect(op.effect)
        if last_seq is not None:
            reached = max(reached, last_seq)
        self.cursor = reached

    def _effect(self, effect: tuple[Any, ...]) -> None:
        match effect:
            case ("chat", chat_id, version, name):
                if chat_id not in self.chats or self.chats[chat_id][0] < version:
                    self.chats[chat_id] = (version, name)
            case ("hidden", chat_id, version):
                if chat_id in self.chats and self.chats[chat_id][0] <= version:
                    del self.chats[chat_id]
                    for message_id in [
                        m for m, (_v, c, _t) in self.messages.items() if c == chat_id
                    ]:
                        del self.messages[message_id]
            case ("message", message_id, chat_id, version, text):
                if message_id not in self.messages or self.messages[message_id][0] < version:
                    self.messages[message_id] = (version, chat_id, text)
            case ("attendant", attendant_id, version):
                if self.attendants.get(attendant_id, 0) <= version:
                    self.attendants[attendant_id] = version
            case _:
                pass


# --- the cache ----------------------------------------------------------------------------------


def fresh_cache() -> tuple[sqlite_utils.Database, Cache]:
    """The cache's own schema and code, in memory, on this thread (what the store thread runs)."""
    db = open_connection(None, CACHE_MIGRATIONS, attach={"local": (None, LOCAL_MIGRATIONS)})
    return db, Cache(db, ME)


def decoded_page(ops: list[Op], last_seq: int) -> list[Event]:
    """As the catch-up reads them: one GET /events page."""
    page = json.dumps({"events": [o.raw for o in ops], "last_seq": last_seq, "head_seq": last_seq})
    return EventsPage.model_validate_json(page).events


def decoded_frames(ops: list[Op]) -> list[Event]:
    """As the socket delivers them: frame by frame, the malformed ones skipped."""
    events: list[Event] = []
    for op in ops:
        try:
            frame = parse_frame(json.dumps(op.raw))
        except ValueError:
            assert op.seq is None, f"a good frame did not decode: {op.raw!r:.200}"
            continue
        assert not isinstance(frame, ResyncRequired)
        events.append(frame)
    return events


def assert_sound(db: sqlite_utils.Database, cache: Cache) -> None:
    conn = db.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # rank 1: also compare the index with the rows it was built from (external content).
    for fts in ("messages_fts", "chats_fts"):
        conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
    # Everything the window reads comes back (a row it cannot read would break a whole list).
    for tab in Tab:
        cache.tab(tab)
    cache.counts()
    for entry in cache.chats(cache.chat_ids()):
        cache.messages(entry.id, limit=1000)
    cache.search("joao m1v1")
    cache.attendants()


def cache_state(
    cache: Cache,
) -> tuple[dict[int, tuple[int, str]], dict[int, tuple[int, int, str]], dict[int, int]]:
    sql = cache.db.conn.execute
    chats = {r[0]: (r[1], r[2]) for r in sql("SELECT id, version, requestor_name FROM chats")}
    messages = {
        r[0]: (r[1], r[2], r[3]) for r in sql("SELECT id, version, chat_id, text FROM messages")
    }
    attendants = {r[0]: r[1] for r in sql("SELECT id, version FROM attendants")}
    return chats, messages, attendants


@given(ops=OPS, cuts=st.lists(st.integers(0, 40), max_size=6), live=st.lists(st.booleans()))
def test_any_sequence_of_events_leaves_a_sound_cache_equal_to_the_model(
    ops: list[Op], cuts: list[int], live: list[bool]
) -> None:
    db, cache = fresh_cache()
    model = Model()
    bounds = [0, *sorted({min(c, len(ops)) for c in cuts}), len(ops)]
    try:
        for number, (start, end) in enumerate(itertools.pairwise(bounds)):
            batch = ops[start:end]
            by_socket = live[number] if number < len(live) else False
            if by_socket:
                events, last_seq = decoded_frames(batch), None
            else:
                # GET /events says where the page reaches, past what the attendant may see.
                last_seq = max((o.raw["seq"] for o in batch if _int_seq(o.raw)), default=0)
                events = decoded_page(batch, last_seq)
            before = cache.cursor
            with db.atomic():  # as Store.transaction runs it
                applied = apply_events(cache, events, last_seq)
            model.apply(batch, last_seq)
            assert cache.cursor >= before, "the cursor went backwards"
            assert cache.cursor == applied.cursor == model.cursor
        assert_sound(db, cache)
        chats, messages, attendants = cache_state(cache)
        assert chats == model.chats
        assert messages == model.messages
        assert attendants == model.attendants
    finally:
        db.conn.close()


def _int_seq(raw: Any) -> bool:
    return isinstance(raw, dict) and type(raw.get("seq")) is int  # pyright: ignore[reportUnknownMemberType]


# --- the engine against a fake service --------------------------------------------------------


@dataclass
class FakeService:
    """GET /api/v2/events answers ``page``; the socket sends ``frames`` then stays open."""

    page: dict[str, Any]
    frames: list[str | bytes]
    catch_ups: list[str] = field(default_factory=list[str])
    sockets: list[str] = field(default_factory=list[str])

    def http(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path.startswith("/api/v2/events?"):
            self.catch_ups.append(request.path)
            body = json.dumps(self.page).encode()
            headers = Headers([("Content-Type", "application/json")])
            headers["Content-Length"] = str(len(body))
            return Response(HTTPStatus.OK.value, "OK", headers, body)
        return None  # the WebSocket

    async def socket(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        self.sockets.append(ws.request.path)
        for frame in self.frames:
            await ws.send(frame)
        await ws.wait_closed()


@asynccontextmanager
async def fake_service(fake: FakeService) -> AsyncIterator[str]:
    async with serve(fake.socket, "127.0.0.1", 0, process_request=fake.http) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"http://127.0.0.1:{port}"


async def until(condition: Callable[[], bool], within: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _dump(raw: Any) -> str:
    return json.dumps(raw)


async def test_the_engine_skips_what_it_cannot_decode_or_store_and_stays_online(
    tmp_path: Path,
) -> None:
    late = TIMES_NO_READ_BACK[0]
    page = {
        "events": [
            event(2, "chat.upserted", chat_data(1, 1, created_at=late)),  # cannot be kept
            event(3, "note.upserted", {"id": 9}),  # a type this version does not know
            event(4, "chat.upserted", chat_data(2, 1, name="Maria")),
            event(5, "message.upserted", message_data(TOO_BIG, 2, 1, "never kept")),
        ],
        "last_seq": 5,
        "head_seq": 5,
    }
    frames: list[str | bytes] = [
        b"\x00\xff binary",
        "not json",
        _dump({"seq": "x", "type": "chat.upserted"}),
        _dump(event(6, "chat.upserted", chat_data(3, TOO_BIG))),  # cannot be kept
        _dump(event(4, "chat.upserted", chat_data(2, 9, name="Replayed"))),  # at the cursor
        _dump(event(7, "message.upserted", message_data(10, 2, 1, "Olá, ainda aí?"))),
        _dump(event(8, "chat.upserted", chat_data(2, 2, name="Maria Souza"))),
    ]
    fake = FakeService(page, frames)
    files = account_files(tmp_path, "http://fake", ME)
    store = await Store.open(files, ME)
    await store.call(Cache.set_cursor, 1)  # synced before: this start only catches up
    hub = ChangeHub()
    async with fake_service(fake) as root, ApiClient(root, token="t") as api:
        outbox = Outbox(store, api, hub, limits=AttachmentLimits)
        engine = SyncEngine(store, api, hub, outbox, backoff=Backoff(base=0.05, cap=0.2))
        await engine.start()
        try:
            await until(lambda: engine.cursor == 8)
            assert engine.state is ConnectionState.ONLINE
            assert engine.failure is None
            assert engine.realtime is not None
            assert engine.realtime.malformed_frames == 3
        finally:
            await engine.stop()
    try:
        assert fake.catch_ups == ["/api/v2/events?after=1&limit=1000"], "caught up only once"
        assert fake.sockets == ["/api/v2/events/ws?after=5"]
        entries = await store.call(lambda cache: cache.chats(cache.chat_ids()))
        assert [
            (e.id, e.chat.version, e.chat.requestor and e.chat.requestor.name) for e in entries
        ] == [(2, 2, "Maria Souza")]
        page_2 = await store.call(Cache.messages, 2)
        assert [m.text for m in page_2.messages] == ["Olá, ainda aí?"]
        assert await store.call(lambda cache: cache.cursor) == 8
    finally:
        await store.close()
