"""Linux packages from the one-folder build (dist/tiflux-desktop, `make bundle`):

    python packaging/linux/package.py deb      -> dist/tiflux-chats_<version>_<arch>.deb
    python packaging/linux/package.py appimage -> build/AppDir, then the AppImage when
                                                  appimagetool is on PATH

The .deb installs the build in /opt/tiflux-chats with /usr/bin/tiflux-desktop pointing at
it, the menu entry and the icons (hicolor theme). Debian's desktop-file-utils and
hicolor-icon-theme refresh their caches by trigger, so the package needs no scripts of its
own. See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appinfo import APP_ID, EXECUTABLE, HOMEPAGE, MAINTAINER, ROOT, SUMMARY, version

HERE = Path(__file__).resolve().parent
DESKTOP_FILE = HERE / f"{APP_ID}.desktop"
SVG = ROOT / "tiflux_desktop" / "ui" / "resources" / "icons" / "app.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# What the build leaves to the system (PyInstaller bundles every other library): the C
# library and the graphics stack, which belong to the machine's drivers and display server.
SYSTEM_DEPENDS = ("libgl1", "libegl1", "libxcb1", "libwayland-client0")
# Helpful, not needed: a keyring for the sign-in token (the app says when there is none), a
# player for the notification sounds (ui/sound.py; the desktop's beep otherwise), a font.
RECOMMENDS = (
    "gnome-keyring | kwalletmanager | keepassxc",
    "pulseaudio-utils | pipewire-bin | alsa-utils",
    "fonts-dejavu-core | fonts-noto-core",
)
DESCRIPTION = """\
 The desktop app service-desk attendants keep open all day to answer their
 customers' WhatsApp and website widget chats: queues, search over the cached
 history, notifications. Also runs the chat service (tiflux-desktop serve).
"""


def bundle_folder(path: Path) -> Path:
    if not (path / EXECUTABLE).is_file() or not (path / "_internal").is_dir():
        raise SystemExit(f"no one-folder build in {path}: run `make bundle` first")
    return path


def icons(out: Path) -> Path:
    """build/icons (packaging/make_icons.py), made now when missing."""
    if not all((out / "png" / f"{size}.png").is_file() for size in PNG_SIZES):
        subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--out", str(out)],
            check=True,
        )
    return out


def copy_bundle(bundle: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(bundle, target, symlinks=True)


def install_desktop_files(share: Path, icon_dir: Path) -> None:
    """The menu entry and the icons under ``share`` (usr/share)."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(DESKTOP_FILE, share / "applications" / DESKTOP_FILE.name)
    for size in PNG_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icon_dir / "png" / f"{size}.png", folder / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(SVG, scalable / f"{APP_ID}.svg")


def minimum_glibc(folder: Path) -> str | None:
    """The newest GLIBC_x.y symbol version any binary of the build needs (objdump, from
    binutils, which PyInstaller needs on Linux anyway)."""
    if shutil.which("objdump") is None:
        return None
    newest: tuple[int, ...] = ()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as head:
            if head.read(4) != b"\x7fELF":
                continue
        symbols = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for found in set(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", symbols)):
            newest = max(newest, tuple(int(n) for n in found.split(".")))
    return ".".join(map(str, newest)) if newest else None


def deb_architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def build_deb(
    bundle: Path, icon_dir: Path, out: Path, stage_root: Path, compression: str = "gzip"
) -> Path:
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found: it comes with dpkg (Debian, Ubuntu)")
    arch = deb_architecture()
    name = f"{APP_ID}_{version()}_{arch}"
    stage = stage_root / name
    if stage.exists():
        shutil.rmtree(stage)
    copy_bundle(bundle, stage / "opt" / APP_ID)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / EXECUTABLE).symlink_to(f"/opt/{APP_ID}/{EXECUTABLE}")
    install_desktop_files(stage / "usr" / "share", icon_dir)

    glibc = minimum_glibc(stage / "opt" / APP_ID)
    depends = [f"libc6 (>= {glibc})" if glibc else "libc6", *SYSTEM_DEPENDS]
    installed_kb = sum(p.lstat().st_size for p in stage.rglob("*") if p.is_file()) // 1024
    control = (
        f"Package: {APP_ID}\n"
        f"Version: {version()}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: net\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {SUMMARY}\n"
        f"{DESCRIPTION}"
    )
    (stage / "DEBIAN").mkdir()
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    for path in stage.rglob("*"):  # what dpkg-deb checks: no group- or world-writable bits
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o022)
    out.mkdir(parents=True, exist_ok=True)
    package = out / f"{name}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(stage), str(package)],
        check=True,
    )
    return package


def build_appimage(bundle: Path, icon_dir: Path, out: Path, appdir: Path) -> Path:
    """The AppDir (AppImage's layout), then the AppImage if appimagetool is installed."""
    if appdir.exists():
        shutil.rmtree(appdir)
    copy_bundle(bundle, appdir / "usr" / "lib" / APP_ID)
    install_desktop_files(appdir / "usr" / "share", icon_dir)
    shutil.copy2(HERE / "AppRun", appdir / "AppRun")
    (appdir / "AppRun").chmod(0o755)
    # appimagetool wants the desktop file and its icon at the top, and .DirIcon for viewers.
    shutil.copy2(DESKTOP_FILE, appdir / DESKTOP_FILE.name)
    shutil.copy2(icon_dir / "png" / "256.png", appdir / f"{APP_ID}.png")
    (appdir / ".DirIcon").symlink_to(f"{APP_ID}.png")
    machine = os.uname().machine
    image = out / f"Tiflux_Chats-{version()}-{machine}.AppImage"
    command = ["appimagetool", str(appdir), str(image)]
    if shutil.which("appimagetool") is None:
        print(
            f"AppDir ready in {appdir}. appimagetool is not installed; to make the image:\n"
            f"  ARCH={machine} {' '.join(command)}"
        )
        return appdir
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, check=True, env={**os.environ, "ARCH": machine})
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Linux packages of the one-folder build")
    parser.add_argument("kind", choices=["deb", "appimage"])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / EXECUTABLE)
    parser.add_argument("--icons", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    # gzip builds a few times faster than xz; none is for tests that only look inside.
    parser.add_argument("--compression", choices=["gzip", "xz", "none"], default="gzip")
    args = parser.parse_args(argv)
    bundle = bundle_folder(args.bundle)
    icon_dir = icons(args.icons)
    if args.kind == "deb":
        made = build_deb(bundle, icon_dir, args.out, args.work / "deb", args.compression)
    else:
        made = build_appimage(bundle, icon_dir, args.out, args.work / "AppDir")
    print(made)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
