"""The cache's owner on the event loop: opens the files on the store thread, runs every
read and write there, and rebuilds a damaged cache instead of crashing."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import sqlite_utils

from .cache import Cache
from .database import CacheCorrupt, Worker, open_connection, set_aside
from .paths import AccountFiles
from .schema import CACHE_MIGRATIONS, LOCAL_MIGRATIONS

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_DAMAGE = ("malformed", "not a database", "disk image", "file is encrypted")


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    return any(word in str(exc).lower() for word in _DAMAGE)


class Store:
    """Use ``await Store.open(...)``; then ``await store.call(Cache.method, ...)`` for one
    operation, or ``await store.transaction(fn, ...)`` for several in one commit."""

    def __init__(
        self,
        worker: Worker,
        db: sqlite_utils.Database,
        files: AccountFiles | None,
        attendant_id: int,
    ) -> None:
        self._worker = worker
        self._db = db
        self._cache = Cache(db, attendant_id)
        self.files = files
        self.attendant_id = attendant_id
        self.rebuilt = False  # the cache was damaged and started empty (a full sync follows)
        self.lost_local = False  # the outbox/drafts file was damaged and set aside

    @classmethod
    async def open(cls, files: AccountFiles | None, attendant_id: int) -> Store:
        """Open the account's files (in memory when ``files`` is None, for tests)."""
        worker = Worker()
        try:
            db, rebuilt, lost = await worker.call(_open_files, files)
        except BaseException:
            worker.shutdown()
            raise
        store = cls(worker, db, files, attendant_id)
        store.rebuilt, store.lost_local = rebuilt, lost
        return store

    @classmethod
    def open_blocking(cls, files: AccountFiles | None, attendant_id: int) -> Store:
        """The same, for code that runs before the event loop exists."""
        worker = Worker()
        try:
            db, rebuilt, lost = worker.call_blocking(_open_files, files)
        except BaseException:
            worker.shutdown()
            raise
        store = cls(worker, db, files, attendant_id)
        store.rebuilt, store.lost_local = rebuilt, lost
        return store

    async def call(
        self, fn: Callable[Concatenate[Cache, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run ``fn(cache, ...)`` on the store thread (autocommit: one statement, one commit)."""
        return await self._worker.call(self._guarded, fn, False, *args, **kwargs)

    async def transaction(
        self, fn: Callable[Concatenate[Cache, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run ``fn(cache, ...)`` on the store thread inside one transaction: all of it is
        committed, or (when it raises) none of it."""
        return await self._worker.call(self._guarded, fn, True, *args, **kwargs)

    def _guarded(self, fn: Callable[..., T], atomic: bool, *args: object, **kwargs: object) -> T:
        try:
            if atomic:
                with self._db.atomic():
                    return fn(self._cache, *args, **kwargs)
            return fn(self._cache, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _damaged(exc):
                raise CacheCorrupt(str(exc)) from exc
            raise

    async def rebuild(self) -> None:
        """Set the damaged cache file aside and start an empty one; the outbox and drafts
        (in the local file) are kept when that file is sound."""
        self._db = await self._worker.call(self._reopen_fresh)
        self._cache = Cache(self._db, self.attendant_id)
        self.rebuilt = True

    def _reopen_fresh(self) -> sqlite_utils.Database:
        self._db.conn.close()
        if self.files is not None:
            set_aside(self.files.cache)
        db, _rebuilt, lost = _open_files(self.files)
        self.lost_local = self.lost_local or lost
        return db

    async def close(self) -> None:
        try:
            await self._worker.call(self._close)
        finally:
            self._worker.shutdown()

    def _close(self) -> None:
        self._db.conn.close()
        if self.files is not None:
            self.files.open_marker.unlink(missing_ok=True)


def _open_files(files: AccountFiles | None) -> tuple[sqlite_utils.Database, bool, bool]:
    """(connection, whether the cache was set aside, whether the local file was)."""
    if files is not None:
        files.ensure()
    cache = files.cache if files else None
    local = files.local if files else None
    rebuilt = lost = False
    # Present while the files are open: found at start, the last run did not close them
    # (a crash, a kill, a power cut), so the whole cache is checked, not just its header.
    marker = files.open_marker if files else None
    thorough = marker is None or marker.exists()
    for _attempt in range(3):
        try:
            db = open_connection(
                cache, CACHE_MIGRATIONS, thorough, attach={"local": (local, LOCAL_MIGRATIONS)}
            )
            if marker is not None:
                marker.touch(mode=0o600)
            return db, rebuilt, lost
        except CacheCorrupt as exc:
            if cache is None or local is None:
                raise
            which = _which_is_damaged(cache, local)
            log.error("the %s file is damaged (%s); setting it aside", which, exc)
            if which == "local":
                set_aside(local)
                lost = True
            else:
                set_aside(cache)
                rebuilt = True
    raise CacheCorrupt("the cache could not be opened even after being set aside")


def _which_is_damaged(cache: Path, local: Path) -> str:
    """Open the local file alone: if it opens, the damage is in the cache."""
    try:
        open_connection(local, LOCAL_MIGRATIONS).conn.close()
    except CacheCorrupt:
        return "local"
    return "cache"
