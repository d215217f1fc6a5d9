"""Migrations: a fresh database reaches the current schema, a second run changes nothing,
and a database from a newer service is refused rather than damaged."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa

from tiflux_desktop.server import db


async def _migrate_twice(url: str) -> tuple[int, int]:
    engine = db.make_engine(url)
    try:
        first = await db.migrate(engine)
        second = await db.migrate(engine)
        async with engine.connect() as conn:
            journal = await conn.scalar(sa.text("PRAGMA journal_mode"))
        assert journal == "wal"
        return first, second
    finally:
        await engine.dispose()


def test_migrations_reach_the_current_version_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    assert asyncio.run(_migrate_twice(url)) == (db.SCHEMA_VERSION, db.SCHEMA_VERSION)


async def _newer(url: str) -> None:
    engine = db.make_engine(url)
    try:
        await db.migrate(engine)
        async with engine.begin() as conn:
            await conn.execute(sa.update(db.schema_version).values(version=db.SCHEMA_VERSION + 1))
        await db.migrate(engine)
    finally:
        await engine.dispose()


def test_a_database_from_a_newer_service_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="newer than this service"):
        asyncio.run(_newer(f"sqlite+aiosqlite:///{tmp_path / 's.db'}"))


async def _from_version_one(url: str) -> tuple[str, str, int]:
    """A database made before the event log had a name: migrated, it gets one, kept after."""
    engine = db.make_engine(url)
    try:
        await db.migrate(engine)
        async with engine.begin() as conn:
            await conn.execute(sa.text("ALTER TABLE schema_version DROP COLUMN log_id"))
            await conn.execute(sa.update(db.schema_version).values(version=1))
        await db.migrate(engine)
        async with engine.connect() as conn:
            first = await db.log_id(conn)
        await db.migrate(engine)
        async with engine.connect() as conn:
            again = await db.log_id(conn)
            version = await db.current_version(conn)
        return first, again, version
    finally:
        await engine.dispose()


def test_an_older_database_gets_a_log_name_once(tmp_path: Path) -> None:
    first, again, version = asyncio.run(
        _from_version_one(f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    )
    assert len(first) == 32
    assert again == first
    assert version == db.SCHEMA_VERSION
