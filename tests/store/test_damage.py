"""A damaged cache is set aside and started afresh; what only exists here (the outbox and
drafts, in the local file) survives a damaged cache."""

from __future__ import annotations

import os
from pathlib import Path

from tiflux_desktop.store import AccountFiles, Cache, Draft, Store
from wire_factories import ME, chat, message


def truncate_half(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def overwrite_start(path: Path, data: bytes) -> None:
    with path.open("r+b") as f:
        f.write(data)


async def _write_some(files: AccountFiles) -> None:
    store = await Store.open(files, ME)
    try:

        def write(cache: Cache) -> None:
            for n in range(1, 200):
                cache.put_chat(chat(n, requestor=f"Cliente {n}"))
                cache.put_message(message(n, n, "texto " * 50))
            cache.set_cursor(77)

        await store.transaction(write)
        await store.call(Cache.save_draft, Draft(5, "rascunho importante"))
    finally:
        await store.close()


async def test_a_truncated_cache_is_set_aside_and_rebuilt(files: AccountFiles) -> None:
    await _write_some(files)
    truncate_half(files.cache)
    store = await Store.open(files, ME)
    try:
        assert store.rebuilt
        assert not store.lost_local
        assert await store.call(lambda c: c.cursor) == 0  # a full refresh will follow
        assert await store.call(Cache.chat, 1) is None
        assert await store.call(Cache.draft, 5) == Draft(5, "rascunho importante")
    finally:
        await store.close()
    assert any(p.name.startswith("cache.sqlite3.corrupt-") for p in files.folder.iterdir())


async def test_garbage_in_the_header_is_set_aside_too(files: AccountFiles) -> None:
    await _write_some(files)
    overwrite_start(files.cache, os.urandom(100))
    store = await Store.open(files, ME)
    try:
        assert store.rebuilt
        await store.call(Cache.put_chat, chat(1))  # the new file works
    finally:
        await store.close()


async def test_a_damaged_local_file_is_set_aside_and_the_cache_kept(files: AccountFiles) -> None:
    await _write_some(files)
    overwrite_start(files.local, b"\0" * 64)
    store = await Store.open(files, ME)
    try:
        assert store.lost_local
        assert not store.rebuilt
        assert await store.call(Cache.chat, 1) is not None
        assert await store.call(Cache.draft, 5) is None
    finally:
        await store.close()


async def test_damage_found_while_running_is_reported_and_rebuilt(files: AccountFiles) -> None:
    import sqlite3

    import pytest

    from tiflux_desktop.store import CacheCorrupt

    await _write_some(files)
    store = await Store.open(files, ME)
    try:

        def fail(_cache: Cache) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        with pytest.raises(CacheCorrupt):
            await store.call(fail)
        await store.rebuild()
        assert store.rebuilt
        assert await store.call(Cache.chat, 1) is None
        assert await store.call(Cache.draft, 5) == Draft(5, "rascunho importante")
    finally:
        await store.close()


def overwrite_at(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(data)


async def test_after_an_unclean_exit_every_page_is_checked(files: AccountFiles) -> None:
    await _write_some(files)
    # Damage inside the file, where the header and length checks cannot see it.
    size = files.cache.stat().st_size
    page = 4096
    overwrite_at(files.cache, (size // page // 2) * page, b"\xff" * page)
    files.open_marker.touch()  # the last run never closed the cache
    store = await Store.open(files, ME)
    try:
        assert store.rebuilt
        assert await store.call(Cache.draft, 5) == Draft(5, "rascunho importante")
    finally:
        await store.close()
    assert not files.open_marker.exists()  # a clean close


async def test_a_clean_start_checks_only_what_is_cheap(files: AccountFiles) -> None:
    await _write_some(files)
    assert not files.open_marker.exists()
    store = await Store.open(files, ME)
    try:
        assert files.open_marker.exists()
        assert not store.rebuilt
    finally:
        await store.close()
