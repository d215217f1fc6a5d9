"""Fixtures of the core scenarios: a restartable service per test and the sessions on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from core_support import RestartableService, Sessions
from support import Live
from tiflux_desktop.server.config import ServiceConfig


@pytest.fixture
def service(service_config: ServiceConfig) -> Iterator[RestartableService]:
    """The chat service on 127.0.0.1 (seeded demo organisation), stoppable and restartable."""
    running = RestartableService(service_config)
    running.start()
    try:
        yield running
    finally:
        running.close()


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
