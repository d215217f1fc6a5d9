"""Files that claim to be images, for the security tests: real ones built here (no fixture
files), and fakes whose bytes are HTML, SVG with script or a program."""

from __future__ import annotations

import struct
import zlib

PNG = b"\x89PNG\r\n\x1a\n"


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG, grey."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\0" + b"\x80" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


HTML = b"<!doctype html><html><body><script>fetch('/api/v2/me')</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10">'
    b"<script>alert(2)</script><rect width='10' height='10'/></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 48 + b"PE\0\0"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 56


def fake_images() -> list[tuple[str, bytes, str]]:
    """(name, bytes, declared type): each one says image somewhere and is not one."""
    return [
        ("foto.png", HTML, "image/png"),
        ("foto.jpg", SVG, "image/jpeg"),
        ("imagem.svg", SVG, "image/svg+xml"),
        ("foto.gif", EXE, "image/gif"),
        ("foto.webp", ELF, "image/webp"),
        ("pagina.png", HTML, "text/html"),
        ("quase.png", PNG[:4] + b"<script>alert(1)</script>", "image/png"),
        ("riff.webp", b"RIFF\0\0\0\0WAVEfmt ", "image/webp"),
        ("bm.bmp", b"BM<html><script>alert(1)</script>", "image/bmp"),
    ]
