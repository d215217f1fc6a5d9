"""`tiflux-desktop --self-test` of the source tree: what an installed build is checked with
(tests/packaging runs the same on the frozen build)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tiflux_desktop import __version__, selftest, ui
from tiflux_desktop.selftest import self_test

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("versions", "qt", "cache", "translations", "icons", "sounds", "tls")


def _lines(text: str) -> dict[str, str]:
    """{check: its line} for the check lines of a report."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        status, _, rest = line.partition("  ")
        name = rest.strip().split(":", 1)[0]
        if status.strip() in ("ok", "FAIL") and name in CHECKS:
            found[name] = line
    return found


def test_the_command_checks_the_installation_and_exits_0() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tiflux_desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = _lines(done.stdout)
    assert sorted(lines) == sorted(CHECKS), done.stdout
    assert all(line.startswith("ok") for line in lines.values()), done.stdout
    assert f"app {__version__} (source)" in lines["versions"]
    assert "SQLite" in lines["versions"]
    assert "Qt 6." in lines["versions"]
    assert "self-test passed: 7 checks" in done.stdout


def test_the_checks_pass_in_process_too() -> None:
    out = io.StringIO()
    assert self_test(out) == 0, out.getvalue()
    report = out.getvalue()
    assert 'finds "João" by "joao"' in _lines(report)["cache"]
    icons = len(list((Path(ui.__file__).parent / "resources" / "icons").glob("*.svg")))
    assert f"{icons} SVG icons render" in _lines(report)["icons"]


def test_a_missing_catalogue_fails_the_self_test_and_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiflux_desktop.ui import i18n

    # A build that forgot `make translations`: the folder is there, the .qm files are not.
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    out = io.StringIO()
    assert self_test(out) == 1
    report = out.getvalue()
    lines = _lines(report)
    assert lines["translations"].startswith("FAIL"), report
    assert "tiflux_pt_BR.qm missing" in lines["translations"]
    assert "tiflux_en.qm missing" in lines["translations"]
    assert all(lines[name].startswith("ok") for name in CHECKS if name != "translations")
    assert "self-test FAILED: 1 of 7 checks (translations)" in report


def test_a_damaged_sound_fails_the_self_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = next(selftest.SOUND_FOLDER.glob("*.wav"), None)
    if good is not None:
        (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / "cut.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")  # cut off in the header
    monkeypatch.setattr(selftest, "SOUND_FOLDER", tmp_path)
    out = io.StringIO()
    assert self_test(out) == 1
    line = _lines(out.getvalue())["sounds"]
    assert line.startswith("FAIL"), out.getvalue()
    assert "cut.wav" in line
    if good is not None:
        assert good.name not in line
