"""A real cache in a temporary folder for every test (files, WAL, the store's thread)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tiflux_desktop.store import AccountFiles, Store, account_files
from wire_factories import ME


@pytest.fixture
def files(tmp_path: Path) -> AccountFiles:
    return account_files(tmp_path, "http://127.0.0.1:8765", ME)


@pytest.fixture
async def store(files: AccountFiles) -> AsyncIterator[Store]:
    opened = await Store.open(files, ME)
    try:
        yield opened
    finally:
        await opened.close()
