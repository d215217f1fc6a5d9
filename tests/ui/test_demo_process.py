"""Demo mode's service runs as a separate process and goes away with the app."""

from __future__ import annotations

from pathlib import Path

import httpx

from support import ADMIN as DEMO_ADMIN_EMAIL
from support import DEMO_PASSWORD
from tiflux_desktop.demo_process import DemoService


def test_the_demo_service_starts_answers_and_stops(tmp_path: Path) -> None:
    service = DemoService(tmp_path)
    service.start()
    try:
        assert service.running
        health = httpx.get(f"{service.base_url}/api/v2/health", timeout=5)
        assert health.status_code == 200
        # Seeded as a demo: ADMINISTRADOR signs in with the demo password.
        login = httpx.post(
            f"{service.base_url}/api/v2/auth/login",
            json={"email": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD},
            timeout=5,
        )
        assert login.status_code == 200, login.text
    finally:
        service.stop()
    assert not service.running
    try:
        httpx.get(f"{service.base_url}/api/v2/health", timeout=2)
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the demo service still answers after stop()")
    service.stop()  # twice is harmless
