"""Attachment limits: files up to 20 MB, media (image, audio, video) up to 15 MB, configurable."""

from __future__ import annotations

import mimetypes
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
