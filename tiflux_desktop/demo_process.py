"""Demo mode's service: `tiflux-desktop serve --demo` as a separate process on loopback,
started before the window and stopped when the app quits (whatever the way it quits)."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from tiflux_desktop.services.autostart import app_command


class DemoServiceError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DemoService:
    def __init__(self, folder: Path | None = None, port: int | None = None) -> None:
        self.folder = folder or Path(tempfile.mkdtemp(prefix="tiflux-demo-app-"))
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.folder / "service.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        """Start the service and wait until it answers."""
        log = self.log_path.open("ab")
        command = [
            # This program again: in a frozen build (PyInstaller) sys.executable is the app
            # itself and takes `serve` directly; from source it is Python, given `-m`.
            *app_command(),
            "serve",
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.folder / "service"),
            "--log-level",
            "warning",
        ]
        self._process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=os.name == "posix",
        )
        log.close()
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise DemoServiceError(
                    f"the demo service exited with {self._process.returncode}; see {self.log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/api/v2/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise DemoServiceError(f"the demo service did not answer in {timeout:.0f} s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None
