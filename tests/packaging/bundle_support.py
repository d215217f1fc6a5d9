"""Helpers of the frozen build's tests: the build under test and how to run it."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EXECUTABLE = ROOT / "dist" / "tiflux-desktop" / "tiflux-desktop"


@dataclass(frozen=True, slots=True)
class Bundle:
    executable: Path

    @property
    def folder(self) -> Path:
        return self.executable.parent

    @property
    def internal(self) -> Path:
        """Where PyInstaller puts the libraries and data (beside the executable)."""
        return self.folder / "_internal"

    def run(
        self, args: Sequence[str], cwd: Path, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.executable), *args],
            cwd=cwd,
            env=bundle_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def bundle_env() -> dict[str, str]:
    """Offscreen Qt, and nothing of this checkout on the module path: what runs is the
    bundle's own copy of the code."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux /proc), to stop what a test's process started."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
