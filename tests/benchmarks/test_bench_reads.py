"""Reading the cache at start-up and when a chat opens, 10k chats and 1M messages.

1. Cold load of the four tab lists: a fresh ``Store`` on the existing file (nothing cached in
   Python, the file's pages dropped from the OS page cache), then ``Cache.tab`` for every tab
   and ``Cache.counts()``. Baseline: plain sqlite3 ``SELECT * FROM chats`` fetchall on the
   same file (raw rows, no domain objects). Budget (DESIGN.md 6): a painted window with the
   lists <= 2x the bare PySide6 empty-window start, measured here in a subprocess, so the
   data part gets at most 1x that start.
5. Open a cached chat with 10k messages: ``Cache.messages(chat_id)`` (the newest 50).
   Baseline: the same page as raw rows through plain sqlite3. Budget: first screen painted
   <= 50 ms; this is its data part.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from cache_factory import ME, Built, evict_page_cache
from report import Budget, Row, median, note, quantile, scaled, table
from tiflux_desktop.domain import Tab
from tiflux_desktop.store import Cache, Counts, Store, codec

COLD_REPEATS = scaled(5, 1)
WARM_REPEATS = scaled(7, 2)
PAGE = 100

_BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1200, 800)
window.show()
app.processEvents()
window.grab()  # paint it
print(time.time(), flush=True)
"""


def bare_window_start() -> float:
    """Seconds from spawning a Python process to a painted empty PySide6 window."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", _BARE_WINDOW], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1]) - started


async def load_lists(built: Built) -> tuple[dict[str, float], dict[Tab, int], Counts]:
    """Open a fresh Store and load what the window shows first; seconds per phase."""
    started = time.perf_counter()
    store = await Store.open(built.files, ME)
    opened = time.perf_counter()
    try:
        for tab in Tab:  # what a window that pages its lists loads first
            assert len(await store.call(Cache.tab, tab, limit=PAGE)) <= PAGE
        paged = time.perf_counter()
        counts = await store.call(Cache.counts)
        counted = time.perf_counter()
        sizes = {tab: len(await store.call(Cache.tab, tab)) for tab in Tab}
        listed = time.perf_counter()
    finally:
        await store.close()
    phases = {
        "open": opened - started,
        "page": paged - opened,
        "counts": counted - paged,
        "tabs": listed - counted,
        "first": counted - started,  # open + first pages + counts: the first paint's data
        "total": (opened - started) + (listed - counted) + (counted - paged),
    }
    return phases, sizes, counts


def raw_chats(built: Built) -> tuple[float, int]:
    started = time.perf_counter()
    conn = sqlite3.connect(built.files.cache)
    try:
        rows = conn.execute("SELECT * FROM chats").fetchall()
    finally:
        conn.close()
    return time.perf_counter() - started, len(rows)


def quick_check(built: Built) -> float:
    """What ``Store.open`` spends in ``PRAGMA quick_check(1)`` (database.py, _check)."""
    started = time.perf_counter()
    conn = sqlite3.connect(built.files.cache)
    try:
        assert conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
    finally:
        conn.close()
    return time.perf_counter() - started


@pytest.mark.bench
@pytest.mark.timeout(900)
def test_cold_load_of_the_four_tab_lists(big_cache: Built) -> None:
    bare = [bare_window_start() for _ in range(3)]
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    raw: dict[str, list[float]] = {"cold": [], "warm": []}
    checks: dict[str, list[float]] = {"cold": [], "warm": []}
    expected: tuple[dict[Tab, int], Counts] | None = None
    for mode, repeats in (("cold", COLD_REPEATS), ("warm", WARM_REPEATS)):
        for _ in range(repeats):
            if mode == "cold":
                evict_page_cache(big_cache.files)
            phases, sizes, counts = asyncio.run(load_lists(big_cache))
            runs[mode].append(phases)
            if expected is None:
                expected = (sizes, counts)
            assert (sizes, counts) == expected  # the same lists every time
            if mode == "cold":
                evict_page_cache(big_cache.files)
            seconds, found = raw_chats(big_cache)
            raw[mode].append(seconds)
            assert found == big_cache.shape.chats
        for _ in range(3):
            if mode == "cold":
                evict_page_cache(big_cache.files)
            checks[mode].append(quick_check(big_cache))
    assert expected is not None
    sizes, counts = expected
    # The lists hold every chat of their tab, and the counts agree with them.
    assert sizes[Tab.INBOX] == counts.inbox
    assert sizes[Tab.MINE] == counts.mine
    assert sizes[Tab.IN_ATTENDANCE] == counts.in_attendance
    assert sizes[Tab.IN_ATTENDANCE] + sizes[Tab.ARCHIVED] == big_cache.shape.chats

    def ms(mode: str, phase: str) -> list[float]:
        return [1000 * r[phase] for r in runs[mode]]

    bare_ms = 1000 * median(bare)
    data_budget = Budget(bare_ms, on="median")
    rows: list[Row] = [Row("bare PySide6 empty window, spawn to painted", 3, bare_ms)]
    for mode in ("cold", "warm"):
        base = 1000 * median(raw[mode])
        total = ms(mode, "total")
        first = ms(mode, "first")
        rows += [
            Row(
                f"{mode}: open + first {PAGE} of each tab + counts (first paint)",
                len(first),
                median(first),
                quantile(first, 0.95),
                base,
                data_budget,
            ),
            Row(f"{mode}:   Store.open", len(total), median(ms(mode, "open"))),
            Row(
                f"{mode}:   Cache.tab x4, limit={PAGE}",
                len(total),
                median(ms(mode, "page")),
                quantile(ms(mode, "page"), 0.95),
            ),
            Row(f"{mode}:   Cache.counts()", len(total), median(ms(mode, "counts"))),
            Row(
                f"{mode}: open + 4 whole tabs + counts",
                len(total),
                median(total),
                quantile(total, 0.95),
                base,
            ),
            Row(
                f"{mode}:   Cache.tab x4 ({sum(sizes.values()):,} entries)",
                len(total),
                median(ms(mode, "tabs")),
                quantile(ms(mode, "tabs"), 0.95),
                base,
            ),
            Row(
                f"{mode}: PRAGMA quick_check(1) (only after an unclean exit)",
                len(checks[mode]),
                1000 * median(checks[mode]),
            ),
            Row(f"{mode}: baseline SELECT * FROM chats (raw rows)", len(raw[mode]), base),
        ]
    table(
        f"1. cold load of the four tab lists, {big_cache.shape.chats:,} chats, "
        f"{big_cache.message_count:,} messages ({big_cache.size_bytes / 1e6:.0f} MB file)",
        rows,
    )
    note(
        "tabs: "
        + ", ".join(f"{tab.value} {n:,}" for tab, n in sizes.items())
        + "; cold = the file's pages dropped from the OS page cache (fadvise) before each run"
    )
    note("budget of the data part = the bare window start (DESIGN.md 6: whole start <= 2x it)")


async def _cold_page(built: Built, chat_id: int) -> float:
    """A fresh Store (empty SQLite page cache), the file dropped from the OS page cache."""
    store = await Store.open(built.files, ME)
    try:
        evict_page_cache(built.files)
        started = time.perf_counter()
        await store.call(Cache.messages, chat_id)
        return time.perf_counter() - started
    finally:
        await store.close()


async def _open_chat(built: Built, chat_id: int, repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"cold": [], "warm": [], "older": []}
    for _ in range(5):
        times["cold"].append(await _cold_page(built, chat_id))
    store = await Store.open(built.files, ME)
    try:
        newest = await store.call(Cache.messages, chat_id)
        ids = [m.id for m in newest.messages]
        assert len(ids) == 50
        assert ids == sorted(ids)
        assert all(m.chat_id == chat_id for m in newest.messages)
        last = await store.call(
            lambda c: c.db.conn.execute(
                "SELECT max(id), count(*) FROM messages WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        )
        assert ids[-1] == last[0]
        assert last[1] == built.shape.big_chat_messages
        assert newest.complete
        for _ in range(repeats):
            started = time.perf_counter()
            page = await store.call(Cache.messages, chat_id)
            times["warm"].append(time.perf_counter() - started)
            assert [m.id for m in page.messages] == ids
        for _ in range(repeats):
            started = time.perf_counter()
            older = await store.call(Cache.messages, chat_id, before_id=ids[0])
            times["older"].append(time.perf_counter() - started)
            assert len(older.messages) == 50
            assert older.messages[-1].id < ids[0]
    finally:
        await store.close()
    return times


@pytest.mark.bench
@pytest.mark.timeout(900)
def test_open_a_cached_chat_with_10k_messages(big_cache: Built) -> None:
    chat_id = big_cache.shape.big_chat
    assert chat_id is not None
    times = asyncio.run(_open_chat(big_cache, chat_id, repeats=50))
    conn = sqlite3.connect(big_cache.files.cache)
    raw: list[float] = []
    try:
        for _ in range(50):
            started = time.perf_counter()
            rows = conn.execute(
                f"SELECT {codec.MESSAGE_SELECT} FROM messages WHERE chat_id = ? "
                "ORDER BY id DESC LIMIT 50",
                (chat_id,),
            ).fetchall()
            raw.append(time.perf_counter() - started)
            assert len(rows) == 50
    finally:
        conn.close()
    budget = Budget(50.0)
    base = 1000 * median(raw)

    def row(what: str, samples: list[float]) -> Row:
        ms = [1000 * s for s in samples]
        return Row(what, len(ms), median(ms), quantile(ms, 0.95), base, budget)

    table(
        f"5. open a cached chat with {big_cache.shape.big_chat_messages:,} messages "
        f"(1M-message cache): the newest page of 50",
        [
            row("cold: Cache.messages(chat), fresh Store, fadvise", times["cold"]),
            row("warm: Cache.messages(chat)", times["warm"]),
            row("warm: the page before (scrolling up)", times["older"]),
            Row(
                "baseline: same 50 raw rows, plain sqlite3",
                len(raw),
                base,
                1000 * quantile(raw, 0.95),
            ),
        ],
    )
    note("through store.call (a hop to the store thread and back); the window paints after")
