"""The tray and the notifications on a real X server (Xvfb) with a real tray host (trayer, an
XEmbed system tray), the app in its own process on the xcb platform.

Needs Xvfb and trayer (Debian packages xvfb and trayer; `.ci/run` installs both). Without
them the test is skipped, unless TIFLUX_REQUIRE_XVFB is set (CI sets it): then it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import Live

pytestmark = pytest.mark.xvfb

CHILD = Path(__file__).with_name("tray_child.py")


def _need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed (Debian: apt-get install xvfb trayer)"
        if os.environ.get("TIFLUX_REQUIRE_XVFB"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X display with a tray host on it; the environment for a Qt program to use it."""
    xvfb, trayer = _need("Xvfb"), _need("trayer")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as displayfd:
        display = f":{displayfd.readline().strip()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(tmp_path))
    host = subprocess.Popen(
        [trayer, "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "160"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # the tray host owns the _NET_SYSTEM_TRAY selection before the app asks
    try:
        yield env
    finally:
        for process in (host, server):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_the_tray_icon_announces_a_new_chat_and_its_balloon_opens_it(
    desktop: dict[str, str], live: Live, tmp_path: Path
) -> None:
    env = dict(desktop, PYTHONPATH=os.pathsep.join([str(CHILD.parent.parent), *sys.path]))
    done = subprocess.run(
        [sys.executable, str(CHILD), live.base_url, str(tmp_path / "app")],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    steps: dict[str, dict[str, Any]] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            step = json.loads(line)
            steps[step["step"]] = step
    assert done.returncode == 0, done.stdout + done.stderr
    assert steps["tray"]["available"] is True
    assert steps["embedded"]["width"] > 0
    # Closing the window hides it into the tray, and says so once.
    assert steps["closed"] == {"step": "closed", "window_visible": False, "running": True}
    assert "still running" in steps["told"]["text"]
    # The new chat: a balloon naming the customer, the count on the icon's tooltip.
    texts = " ".join(steps["announced"]["texts"])
    assert "New chat in Entrada" in texts
    assert "Rita Bandeja" in texts
    assert "Preciso de ajuda com a nota" in texts
    assert "1 chat waiting" in steps["announced"]["tooltip"]
    # Its click brings the window back with that chat open.
    assert steps["opened"]["window_visible"] is True
    assert steps["quit"]["code"] == 0
