"""The app icon in the sizes and formats the platforms want, drawn from the one SVG the app
itself uses (tiflux_desktop/ui/resources/icons/app.svg):

- ``png/<size>.png`` for 16 ... 512 px (Linux: hicolor icon theme, AppImage);
- ``tiflux-chats.ico`` (Windows: the executable and the installer), PNG images inside;
- ``tiflux-chats.icns`` (macOS: the .app), PNG images inside.

ICO and ICNS both hold PNG images behind a small index, so they are written here directly
rather than through an imaging library. Output is build output (default ``build/icons``).

    python packaging/make_icons.py [--out build/icons]
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

from appinfo import APP_ID, ROOT
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = ROOT / "tiflux_desktop" / "ui" / "resources" / "icons" / "app.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an ICO entry can say
# ICNS entry types holding PNG data, by pixel size (Apple's "icp*"/"ic*" types; the @2x
# types repeat a pixel size for a point size, e.g. ic11 is 16 pt at 2x = 32 px).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` px, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs say bytes; PySide6 6.11 accepts only str here.
    if not image.save(buffer, "PNG"):  # pyright: ignore[reportCallIssue, reportArgumentType]
        raise SystemExit(f"could not encode the {size} px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per image (0 stands for 256 px), then the PNGs."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """The 'icns' header (magic, total length), then (type, length, PNG) per entry."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The app icon in the platforms' sizes and formats")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed to draw
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    wanted = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render(renderer, size) for size in wanted}
    del app

    out: Path = args.out
    (out / "png").mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (out / "png" / f"{size}.png").write_bytes(pngs[size])
    (out / f"{APP_ID}.ico").write_bytes(ico(pngs))
    (out / f"{APP_ID}.icns").write_bytes(icns(pngs))
    print(f"icons: {len(PNG_SIZES)} PNG sizes, {APP_ID}.ico and {APP_ID}.icns in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
