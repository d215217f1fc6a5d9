"""Demo mode: `tiflux-desktop serve --demo` as a real process, and the demo seed's idempotence."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from support import ADMIN, Live, ServerThread, make_config
from tiflux_desktop.server.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Demo:
    """`python -m tiflux_desktop serve --demo` in its own process, with its output collected."""

    def __init__(self, tmp_path: Path, pace: float = 0.05) -> None:
        self.port = free_port()
        self.data_dir = tmp_path / "data"
        config = tmp_path / "service.toml"
        config.write_text(f"demo_pace = {pace}\n", encoding="utf-8")
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tiflux_desktop",
                "serve",
                "--demo",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                "--config",
                str(config),
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.base = f"http://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.output)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the demo exited early:\n{self.text()}")
            try:
                if httpx.get(f"{self.base}/api/v2/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the demo did not start in {timeout} s:\n{self.text()}")

    def interrupt(self, timeout: float = 10) -> tuple[int, float]:
        """Ctrl+C; returns (exit code, seconds it took to exit)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def read_until_closed(ws: ClientConnection) -> None:
    """What was already sent, then the close (raises ConnectionClosed)."""
    while True:
        ws.recv(timeout=5)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    running = Demo(tmp_path)
    try:
        yield running
    finally:
        running.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_serve_demo_runs_the_seeded_organisation_with_simulated_customers(demo: Demo) -> None:
    demo.wait_ready()
    assert f"sign in: {ADMIN} / {DEMO_PASSWORD} (ADMINISTRADOR)" in demo.text()
    assert f"http://127.0.0.1:{demo.port}/api/v2" in demo.text()

    with httpx.Client(base_url=f"{demo.base}/api/v2", timeout=15) as anonymous:
        login = anonymous.post("/auth/login", json={"email": ADMIN, "password": DEMO_PASSWORD})
        assert login.status_code == 200, login.text
        token = login.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{demo.base}/api/v2", timeout=15, headers=headers) as admin:
        archived = admin.get("/chats/archived")
        assert archived.status_code == 200
        history = archived.json()
        assert len(history) >= 4
        assert {c["status"] for c in history} == {"finished", "canceled"}
        assert all(c["requestor"] is not None for c in history)
        old = admin.get(f"/chats/{history[0]['id']}/messages").json()
        assert any(m["author"]["type"] == "client" for m in old)
        assert any(m["author"]["type"] == "attendant" for m in old)

        deadline = time.monotonic() + 15
        active: list[dict[str, object]] = []
        while not active and time.monotonic() < deadline:
            active = admin.get("/chats/in_attendance").json()
            time.sleep(0.2)
        assert active, "no simulated customer wrote in within 15 s"
        assert active[0]["started_by"] == "Client"

    # One live listener came and went, another is connected when Ctrl+C comes: neither may
    # hold the exit up.
    url = f"ws://127.0.0.1:{demo.port}/api/v2/events/ws?after=0"
    with connect(url, additional_headers=headers) as ws:
        assert json.loads(ws.recv(timeout=5))["seq"] == 1
    with connect(url, additional_headers=headers) as ws:
        assert json.loads(ws.recv(timeout=5))["seq"] == 1
        code, took = demo.interrupt()
        with pytest.raises(ConnectionClosed):
            read_until_closed(ws)
    assert code == 0, demo.text()
    assert took < 8, f"took {took:.1f} s to stop"
    assert "Traceback" not in demo.text()


def test_the_demo_seed_is_idempotent(tmp_path: Path) -> None:
    config = make_config(tmp_path, demo_history=True)
    seen: list[dict[str, int]] = []
    emails: list[list[str]] = []
    for _ in range(2):
        server = ServerThread(config)
        server.start()
        live = Live(f"http://127.0.0.1:{server.port}", config)
        try:
            admin = live.attendant(ADMIN)
            totals: dict[str, int] = {}
            for path in (
                "/attendants",
                "/departments",
                "/attendant-groups",
                "/clients",
                "/contacts",
                "/integrations",
                "/message-templates",
                "/templates/gupshup",
                "/templates/whatsapp_cloud",
                "/chats/archived",
            ):
                response = admin.get(path)
                assert response.status_code == 200
                totals[path] = int(response.headers["X-Total-Items"])
            emails.append(sorted(a["email"] for a in admin.get("/attendants").json()))
            seen.append(totals)
        finally:
            live.close()
            server.stop()
    assert seen[0] == seen[1]
    assert seen[0]["/attendants"] == 4
    assert seen[0]["/chats/archived"] == 4
    assert emails[0] == emails[1]
    assert len(set(emails[0])) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_a_quiet_service_stops_at_once_after_a_listener_went_away(tmp_path: Path) -> None:
    """No customer writes (a very slow pace), so no event wakes the stream of a listener whose
    client has gone; Ctrl+C must still stop the service at once."""
    quiet = Demo(tmp_path, pace=1000)
    try:
        quiet.wait_ready()
        with httpx.Client(base_url=f"{quiet.base}/api/v2", timeout=15) as anonymous:
            token = anonymous.post(
                "/auth/login", json={"email": ADMIN, "password": DEMO_PASSWORD}
            ).json()["token"]
        url = f"ws://127.0.0.1:{quiet.port}/api/v2/events/ws?after=0&token={token}"
        with connect(url) as ws:
            assert json.loads(ws.recv(timeout=5))["seq"] == 1
        time.sleep(0.5)
        code, took = quiet.interrupt()
        assert code == 0, quiet.text()
        assert took < 8, f"took {took:.1f} s to stop"
    finally:
        quiet.kill()
