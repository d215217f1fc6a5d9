"""Fixtures every suite shares: a fresh real service per test (seeded ids: support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.core_support import RestartableService
from support import Live, ServerThread, make_config
from tiflux_desktop.server.config import ServiceConfig


@pytest.fixture
def service_config(tmp_path: Path) -> ServiceConfig:
    """Override in a test module to change settings (limits, triage, catalog rule ...)."""
    return make_config(tmp_path)


@pytest.fixture
def live(service_config: ServiceConfig) -> Iterator[Live]:
    server = ServerThread(service_config)
    server.start()
    handle = Live(f"http://127.0.0.1:{server.port}", service_config)
    try:
        yield handle
    finally:
        handle.close()
        server.stop()


@pytest.fixture
def service(service_config: ServiceConfig) -> Iterator[RestartableService]:
    """The chat service on 127.0.0.1 (seeded demo organisation), stoppable and restartable."""
    running = RestartableService(service_config)
    running.start()
    try:
        yield running
    finally:
        running.close()
