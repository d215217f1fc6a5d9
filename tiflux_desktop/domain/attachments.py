"""Attachment limits: files up to 20 MB, media (image, audio, video) up to 15 MB, configurable.
Names from outside made safe to be a file's name; images recognised by their bytes."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MB = 1024 * 1024


class AttachmentKind(StrEnum):
    FILE = "file"
    MEDIA = "media"


_MEDIA_PREFIXES = ("image/", "audio/", "video/")


def kind_of(content_type: str | None, filename: str) -> AttachmentKind:
    """Media when either the declared type or the file name says image, audio or video.

    Both are looked at so that a mislabelled upload gets the stricter of the two limits.
    """
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    for candidate in (content_type or "", guessed or ""):
        if candidate.lower().startswith(_MEDIA_PREFIXES):
            return AttachmentKind.MEDIA
    return AttachmentKind.FILE


@dataclass(frozen=True, slots=True)
class AttachmentLimits:
    file_max_bytes: int = 20 * MB
    media_max_bytes: int = 15 * MB
    max_files_per_message: int = 10

    def limit_for(self, kind: AttachmentKind) -> int:
        return self.media_max_bytes if kind is AttachmentKind.MEDIA else self.file_max_bytes

    def largest(self) -> int:
        return max(self.file_max_bytes, self.media_max_bytes)

    def too_large(self, content_type: str | None, filename: str, size: int) -> int | None:
        """The limit that ``size`` exceeds for this attachment, or None when it fits."""
        limit = self.limit_for(kind_of(content_type, filename))
        return limit if size > limit else None


# --- file names ------------------------------------------------------------------------------

NAME_MAX_BYTES = 255  # a file name's length on ext4, APFS, NTFS (UTF-8 bytes, the strictest)
# Not allowed in a Windows file name, and the path separators of every system.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Control characters, invisible formatting (bidi overrides such as U+202E, zero-width
# spaces), line and paragraph separators, lone surrogates: never part of a readable name.
_DROP_CATEGORIES = {"Cf", "Cs"}
_UNDERSCORE_CATEGORIES = {"Cc", "Zl", "Zp"}
# Windows opens a device, not a file, for these names, with any extension and any case.
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{c}" for c in "0123456789\u00b9\u00b2\u00b3"}
    | {f"LPT{c}" for c in "0123456789\u00b9\u00b2\u00b3"}
)
_EXTENSION = re.compile(r"\.[^.\s]{1,16}$")


def _utf8_prefix(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` that is at most ``max_bytes`` in UTF-8."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


def safe_filename(
    name: str | None, fallback: str = "arquivo", max_bytes: int = NAME_MAX_BYTES
) -> str:
    """``name`` (a sender's word) as a file name safe on every system, never empty.

    Only the last path component is kept ("../../x.pdf" and "C:\\x.pdf" are "x.pdf");
    control characters and characters Windows forbids become "_"; invisible formatting
    (RTL override, zero-width characters) goes, so the name shows what it is; leading and
    trailing dots and spaces go (no hidden files, no ".."); a Windows device name (CON,
    nul.txt, Com1.tar.gz) gets a "_" in front; past ``max_bytes`` of UTF-8 the stem is cut and
    the extension kept. The same function names files on the service and in the app.
    """
    text = unicodedata.normalize("NFC", (name or "").replace("\\", "/"))
    text = text.rsplit("/", 1)[-1]
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category in _DROP_CATEGORIES:
            continue
        out.append("_" if category in _UNDERSCORE_CATEGORIES else char)
    text = _FORBIDDEN.sub("_", "".join(out)).strip(" .")
    if not text:
        text = safe_filename(fallback, "arquivo", max_bytes) if fallback else "arquivo"
    stem = text.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        text = "_" + text
    return _fit(text, max_bytes)


def _fit(text: str, max_bytes: int) -> str:
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    match = _EXTENSION.search(text)
    extension = match.group(0) if match and len(match.group(0).encode()) < max_bytes // 2 else ""
    stem = _utf8_prefix(text[: len(text) - len(extension)], max_bytes - len(extension.encode()))
    return stem.rstrip(" .") + extension or _utf8_prefix(text, max_bytes)


def numbered_filename(name: str, n: int, max_bytes: int = NAME_MAX_BYTES) -> str:
    """The ``n``-th alternative to a taken (safe) name: "report (2).pdf", within
    ``max_bytes``. ``n`` 0 is the name itself."""
    if n <= 0:
        return _fit(name, max_bytes)
    match = _EXTENSION.search(name)
    extension = match.group(0) if match and match.start() > 0 else ""
    stem = name[: len(name) - len(extension)]
    tail = f" ({n}){extension}"
    return _utf8_prefix(stem, max_bytes - len(tail.encode())).rstrip(" .") + tail


# --- what a file is, from its bytes ----------------------------------------------------------

SNIFF_BYTES = 32  # enough of a file's start for image_type_of
_DIB_HEADER_SIZES = {n.to_bytes(4, "little") for n in (12, 40, 52, 56, 64, 108, 124)}


def image_type_of(head: bytes) -> str | None:
    """The image type these first bytes are (PNG, JPEG, GIF, WebP, BMP), or None.

    Only these formats are ever shown as pictures: what the sender declares (a type, an
    extension) is not trusted, so an "image" that is HTML, SVG (scripts) or a program is
    treated as a file.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    # "BM", then (at 14) the size of a known DIB header: two letters alone are too common.
    if head[:2] == b"BM" and head[14:18] in _DIB_HEADER_SIZES:
        return "image/bmp"
    return None


# --- files that run when opened ----------------------------------------------------------------

# Extensions the desktops run (or install, or hand to an interpreter) rather than show: Windows
# programs, scripts and shortcuts; Linux and macOS programs, installers and launchers; Java.
_PROGRAM_EXTENSIONS = frozenset(
    {
        # Windows
        "exe", "com", "scr", "pif", "msi", "msp", "msix", "appx", "bat", "cmd", "ps1", "psm1",
        "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "cpl", "msc", "lnk", "url", "reg",
        "inf", "scf", "application", "appref-ms", "gadget", "jar", "chm",
        # Linux
        "sh", "bash", "run", "bin", "desktop", "appimage", "deb", "rpm", "py", "pl", "rb",
        # macOS
        "app", "command", "pkg", "dmg", "workflow",
    }
)  # fmt: skip
# The start of a program: Windows (MZ), Linux (ELF), macOS (Mach-O, both orders, fat), a script.
_PROGRAM_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)


def runs_as_program(filename: str, head: bytes = b"") -> bool:
    """Whether opening this file may run it: its extension is one the desktops run, or its
    first bytes (``head``, when known) are a program's. The app asks before opening such a
    file from someone else: a customer's "fatura.pdf.exe" is the oldest trick there is."""
    extension = filename.rsplit(".", 1)[-1].strip().lower() if "." in filename else ""
    return extension in _PROGRAM_EXTENSIONS or head.startswith(_PROGRAM_MAGIC)
