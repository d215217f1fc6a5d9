"""Fixtures of the core scenarios: a restartable service per test and the sessions on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core_support import RestartableService, Sessions
from support import Live


@pytest.fixture
def live_service(service: RestartableService) -> Live:
    return service.live


@pytest.fixture
async def sessions(service: RestartableService, tmp_path: Path) -> AsyncIterator[Sessions]:
    opened = Sessions(service, tmp_path)
    try:
        yield opened
    finally:
        await opened.close_all()
