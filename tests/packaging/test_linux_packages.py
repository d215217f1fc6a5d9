"""The Linux recipes (packaging/linux/package.py) made from the frozen build: the .deb's
control data and layout, and the installed tree and the AppImage's AppDir really start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bundle_support import ROOT, Bundle, bundle_env
from tiflux_desktop import __version__

pytestmark = pytest.mark.frozen

PACKAGE = ROOT / "packaging" / "linux" / "package.py"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _package(kind: str, bundle: Bundle, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [
            sys.executable,
            str(PACKAGE),
            kind,
            "--bundle",
            str(bundle.folder),
            "--icons",
            str(tmp_path / "icons"),
            "--out",
            str(tmp_path / "out"),
            "--work",
            str(tmp_path / "work"),
            "--compression",
            "none",  # only looked inside here: the package's size is not the point
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _self_test(executable: Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(executable), "--self-test"],
        cwd=cwd,
        env=bundle_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_deb_installs_the_build_the_menu_entry_and_the_icons(
    bundle: Bundle, tmp_path: Path
) -> None:
    _package("deb", bundle, tmp_path)
    (deb,) = (tmp_path / "out").glob("*.deb")
    assert deb.name.startswith(f"tiflux-chats_{__version__}_")

    fields = {}
    control = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    for line in control.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(": ")
            fields[key] = value
    assert fields["Package"] == "tiflux-chats"
    assert fields["Version"] == __version__
    assert fields["Depends"].startswith("libc6 (>= 2.")
    assert int(fields["Installed-Size"]) > 50_000  # KiB: the whole build is inside

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(root)], check=True)
    link = root / "usr" / "bin" / "tiflux-desktop"
    assert link.is_symlink()
    assert str(link.readlink()) == "/opt/tiflux-chats/tiflux-desktop"
    desktop = root / "usr" / "share" / "applications" / "tiflux-chats.desktop"
    assert "Exec=tiflux-desktop\n" in desktop.read_text(encoding="utf-8")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / "tiflux-chats.png").is_file(), size
    assert (icons / "scalable" / "apps" / "tiflux-chats.svg").is_file()
    validate = shutil.which("desktop-file-validate")
    assert validate is not None, "desktop-file-validate is needed (Debian: desktop-file-utils)"
    checked = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The installed tree starts from where the package puts it.
    report = _self_test(root / "opt" / "tiflux-chats" / "tiflux-desktop", tmp_path)
    assert "self-test passed" in report


def test_the_appdir_starts_through_apprun(bundle: Bundle, tmp_path: Path) -> None:
    done = _package("appimage", bundle, tmp_path)
    appdir = tmp_path / "work" / "AppDir"
    assert (appdir / "tiflux-chats.desktop").is_file()
    assert (appdir / "tiflux-chats.png").is_file()
    assert (appdir / ".DirIcon").resolve() == (appdir / "tiflux-chats.png").resolve()
    if shutil.which("appimagetool") is None:
        assert "appimagetool" in done.stdout  # says how to finish the image
    assert "self-test passed" in _self_test(appdir / "AppRun", tmp_path)
