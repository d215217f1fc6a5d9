"""The frozen build under test: dist/tiflux-desktop/ from `make bundle`, or the executable
named by TIFLUX_BUNDLE (an installed build, e.g. /opt/tiflux-chats/tiflux-desktop).

These tests are marked `frozen` and run by `make bundle-test`. Without a build they fail,
saying how to make one: a skipped check of the package would look like a passed one.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bundle_support import DEFAULT_EXECUTABLE, Bundle, children


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    named = os.environ.get("TIFLUX_BUNDLE")
    executable = Path(named) if named else DEFAULT_EXECUTABLE
    if not executable.is_file() or not os.access(executable, os.X_OK):
        pytest.fail(
            f"no frozen build at {executable}: build it with `make bundle` "
            "(or point TIFLUX_BUNDLE at an installed tiflux-desktop executable)",
            pytrace=False,
        )
    return Bundle(executable)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; whatever is still running at the end is stopped, and so are
    their children (the demo service runs in a session of its own)."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is not None:
            continue
        leftovers = children(process.pid)
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        for pid in leftovers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 15)
