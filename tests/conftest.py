"""Fixtures every suite shares: a fresh real service per test (seeded ids: support.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from core.core_support import RestartableService
from support import Live, ServerThread, make_config
from tiflux_desktop.server.config import ServiceConfig

# Hypothesis: `make test` runs a short fuzz (the smoke); `make chaos` sets TIFLUX_FUZZ=deep.
# No deadline: a shared 2-core machine makes single examples slow now and then, and a slow
# example is not a bug. Examples that share a fixture are independent by construction.
settings.register_profile(
    "smoke",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("TIFLUX_FUZZ", "smoke"))


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
