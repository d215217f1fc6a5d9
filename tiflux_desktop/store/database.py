"""One SQLite connection owned by one thread; the event loop hands it work and awaits.

SQLite must never run on the loop thread (a slow disk would freeze the window), and a
connection must never be shared between threads. So the cache opens its connection inside
a single-worker executor, and every read or write is a function sent to that worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlite_utils

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000


class CacheCorrupt(Exception):
    """The cache file cannot be read: it is set aside and rebuilt from the service."""


# A migration step: a script, or a function for what SQL alone cannot say.
Step = str | Callable[[sqlite_utils.Database], None]


def _secure(path: Path) -> None:
    """Owner-only files: the cache holds customers' conversations."""
    if not path.exists():
        path.touch(mode=0o600)
    os.chmod(path, 0o600)


def open_connection(
    path: Path | None,
    migrations: Sequence[Step],
    thorough: bool = True,
    *,
    attach: dict[str, tuple[Path | None, Sequence[Step]]] | None = None,
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate. Raises CacheCorrupt when a file is unreadable.

    ``attach`` adds other files to the same connection under a schema name, each with its
    own migrations, so one transaction can span them.
    """
    if path is not None:
        _secure(path)
    conn = sqlite3.connect(str(path) if path else ":memory:", isolation_level=None)
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _prepare(db, "main", path is not None)
        _check(db, "main", path, thorough=thorough)
        migrate(db, "main", migrations)
        for name, (other, steps) in (attach or {}).items():
            if other is not None:
                _secure(other)
            conn.execute("ATTACH DATABASE ? AS " + name, (str(other) if other else ":memory:",))
            _prepare(db, name, other is not None)
            _check(db, name, other, thorough=True)
            migrate(db, name, steps)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CacheCorrupt(str(exc)) from exc
    return db


def _prepare(db: sqlite_utils.Database, schema: str, on_disk: bool) -> None:
    conn = db.conn
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if on_disk:
        mode = conn.execute(f"PRAGMA {schema}.journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL for %s (journal_mode=%s)", schema, mode)
        # The local file holds what the attendant typed and nothing else has: a commit there
        # must survive a power cut, not only a crash of the app (its writes are small).
        level = "NORMAL" if schema == "main" else "FULL"
        conn.execute(f"PRAGMA {schema}.synchronous = {level}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _check(db: sqlite_utils.Database, schema: str, path: Path | None, *, thorough: bool) -> None:
    """A damaged file must be found before it is trusted.

    Always: the file is at least as long as its header says (a truncated copy is not), and
    the chats table reads back (quick_check of that table). ``thorough`` (after an exit
    that did not close the file, or for the small local file): quick_check of every page,
    which costs about a second per 250 MB and so is not paid at every start.
    """
    if path is not None:
        _check_length(path)
    tables = db.conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name = 'chats'"
    ).fetchall()
    pragma = "quick_check(1)" if thorough or not tables else "quick_check(chats)"
    row = db.conn.execute(f"PRAGMA {schema}.{pragma}").fetchone()
    if row is None or row[0] != "ok":
        raise CacheCorrupt(f"{schema}: {row[0] if row else 'no answer from quick_check'}")


def _check_length(path: Path) -> None:
    """The header's page size and page count against the file's length (SQLite's file
    format: bytes 16-17 and 28-31, big-endian). In WAL mode the main file always holds at
    least the pages the header counts."""
    with path.open("rb") as f:
        header = f.read(100)
    if len(header) < 100:
        if header:
            raise CacheCorrupt(f"{path.name}: shorter than a database header")
        return  # a new, empty file
    if not header.startswith(b"SQLite format 3\0"):
        raise CacheCorrupt(f"{path.name}: not a database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if path.stat().st_size < page_size * pages:
        raise CacheCorrupt(
            f"{path.name}: truncated ({path.stat().st_size} of {page_size * pages} bytes)"
        )


def schema_version(db: sqlite_utils.Database, schema: str = "main") -> int:
    return int(db.conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, schema: str, steps: Sequence[Step]) -> None:
    """Run the steps after the file's ``user_version``, each in its own transaction that
    also records the new version, so a crash never leaves a half-migrated file."""
    current = schema_version(db, schema)
    if current > len(steps):
        raise CacheCorrupt(
            f"{schema} has schema version {current}, newer than this app knows ({len(steps)})"
        )
    for number, step in enumerate(steps[current:], start=current + 1):
        with db.atomic():
            if isinstance(step, str):
                for statement in _statements(step.replace("{schema}", schema)):
                    db.conn.execute(statement)
            else:
                step(db)
            db.conn.execute(f"PRAGMA {schema}.user_version = {number}")
        log.info("cache %s migrated to schema version %d", schema, number)


def _statements(script: str) -> list[str]:
    """Split a script on complete statements (triggers contain semicolons)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


def set_aside(path: Path) -> Path | None:
    """Move a damaged file (and its WAL) out of the way, keeping it for inspection."""
    if not path.exists():
        return None
    target = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()
    log.warning("set aside a damaged cache file as %s", target.name)
    return target


class Worker:
    """The thread that owns the connection. ``call`` runs a function there and awaits it."""

    def __init__(self, name: str = "tiflux-store") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._closed = False

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self._closed:
            raise RuntimeError("the cache is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    def call_blocking(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """For start-up and shutdown code that runs before or after the loop."""
        return self._executor.submit(lambda: fn(*args, **kwargs)).result()

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


__all__ = [
    "BUSY_TIMEOUT_MS",
    "CacheCorrupt",
    "Step",
    "Worker",
    "migrate",
    "open_connection",
    "schema_version",
    "set_aside",
]
