"""The frozen one-folder build (build.spec) does what the source tree does: it checks itself,
runs the chat service and the demo, and carries only the Qt it uses. Run by `make
bundle-test` after `make bundle`; see conftest.py for which build is tested."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from bundle_support import Bundle, bundle_env, free_port
from tiflux_desktop import __version__
from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.frozen

SOURCE_RESOURCES = Path(__file__).resolve().parents[2] / "tiflux_desktop" / "ui" / "resources"
# Qt modules the app never imports; their libraries would only add size (build.spec).
UNWANTED_QT = ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt63D", "Qt6Pdf", "QtQml", "QtQuick")


def _wait_for_health(base_url: str, process: subprocess.Popen[str], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"exited with {process.returncode}:\n{output}")
        try:
            answer = httpx.get(f"{base_url}/api/v2/health", timeout=1)
        except httpx.HTTPError:
            time.sleep(0.2)
            continue
        if answer.status_code == 200:
            return answer.json()
    raise AssertionError(f"{base_url} did not answer in {timeout:.0f} s")


def test_the_frozen_self_test_passes(bundle: Bundle, tmp_path: Path) -> None:
    done = bundle.run(["--self-test"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"app {__version__} (frozen)" in done.stdout
    assert "self-test passed: 7 checks" in done.stdout
    sounds = sorted(SOURCE_RESOURCES.glob("sounds/*.wav"))
    if sounds:
        assert f"{len(sounds)} WAV sounds readable" in done.stdout


def test_the_frozen_self_test_passes_on_an_x_server(bundle: Bundle, tmp_path: Path) -> None:
    """The xcb platform plugin with the libraries the build carries, as on a desktop."""
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run is not None, "xvfb-run is needed (Debian: apt-get install xvfb xauth)"
    done = subprocess.run(
        [xvfb_run, "-a", str(bundle.executable), "--self-test"],
        cwd=tmp_path,
        env={**bundle_env(), "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "QApplication on the 'xcb' platform" in done.stdout


def test_the_frozen_build_says_its_version(bundle: Bundle, tmp_path: Path) -> None:
    done = bundle.run(["--version"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"tiflux-desktop {__version__}"


def test_the_frozen_build_serves_the_demo(
    bundle: Bundle, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """`serve --demo`: HTTP (health, sign-in) and the realtime WebSocket, through uvicorn's
    protocol modules that are imported by name at run time."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = ["serve", "--demo", "--port", str(port), "--data-dir", str(tmp_path / "service")]
    service = subprocess.Popen(
        [str(bundle.executable), *args],
        cwd=tmp_path,
        env=bundle_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    processes.append(service)
    health = _wait_for_health(base, service)
    assert health["status"] == "ok"
    assert health["version"] == __version__
    login = httpx.post(
        f"{base}/api/v2/auth/login",
        json={"email": DEMO_ADMIN_EMAIL, "password": DEMO_PASSWORD},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    with connect(
        f"ws://127.0.0.1:{port}/api/v2/events/ws?after=0",
        additional_headers={"Authorization": f"Bearer {token}"},
        open_timeout=10,
    ) as ws:
        first = json.loads(ws.recv(timeout=10))
    assert isinstance(first, dict), first
    assert first, "the seeded organisation's first event is empty"
    assert (tmp_path / "service" / "service.db").is_file()


def test_the_frozen_demo_starts_its_service_and_window(
    bundle: Bundle, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """`--demo`: the window's process starts the service as a child of the bundle's own
    executable (no `python -m` in a frozen build) and opens once it answers."""
    app = subprocess.Popen(
        [str(bundle.executable), "--demo"],
        cwd=tmp_path,
        env=bundle_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    processes.append(app)
    assert app.stdout is not None
    base_url = None
    deadline = time.monotonic() + 90
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = app.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith("Starting the demo service on "):
            base_url = line.split(" on ", 1)[1].split()[0]
        if line.startswith("Demo service ready"):
            break
    assert base_url is not None, "".join(seen)
    assert seen[-1].startswith("Demo service ready"), "".join(seen)
    assert app.poll() is None, "".join(seen)
    assert _wait_for_health(base_url, app, timeout=10)["status"] == "ok"


def test_the_bundle_holds_only_the_qt_it_uses(bundle: Bundle) -> None:
    files = [p for p in bundle.folder.rglob("*") if p.is_file()]
    unwanted = sorted(
        str(p.relative_to(bundle.folder)) for p in files if any(u in p.name for u in UNWANTED_QT)
    )
    assert unwanted == []
    names = {p.name for p in files}
    assert {"libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6Svg.so.6"} <= names
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqsvgicon.so"} <= names


def test_the_bundle_carries_the_apps_resources(bundle: Bundle) -> None:
    resources = bundle.internal / "tiflux_desktop" / "ui" / "resources"
    catalogues = sorted(p.name for p in resources.glob("translations/*"))
    assert catalogues == ["tiflux_en.qm", "tiflux_pt_BR.qm"]  # no .ts sources
    qt_translations = sorted(p.name for p in bundle.internal.rglob("qt*.qm"))
    assert qt_translations == ["qtbase_en.qm", "qtbase_pt_BR.qm"]
    for kind, pattern in (("icons", "*.svg"), ("sounds", "*.wav")):
        shipped = sorted(p.name for p in resources.glob(f"{kind}/{pattern}"))
        assert shipped == sorted(p.name for p in SOURCE_RESOURCES.glob(f"{kind}/{pattern}"))
