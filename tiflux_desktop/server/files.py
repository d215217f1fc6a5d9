"""Attachment files: stored under random names in the data directory, never under the
name the uploader gave (which is kept, cleaned, only as metadata)."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tiflux_desktop.domain import AttachmentLimits, kind_of
from tiflux_desktop.protocol import ErrorCode

from .errors import ApiError

_CHUNK = 256 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def clean_filename(name: str | None) -> str:
    """A display name without paths or control characters, never empty."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    return base[:200] or "arquivo"


@dataclass(frozen=True, slots=True)
class StoredFile:
    storage_key: str
    filename: str
    content_type: str
    size: int
    sha256: str


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, storage_key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", storage_key):
            raise ValueError("bad storage key")
        return self.root / storage_key[:2] / storage_key

    def save(
        self,
        source: BinaryIO,
        filename: str | None,
        content_type: str | None,
        limits: AttachmentLimits,
    ) -> StoredFile:
        """Copy ``source`` in; past the limit for its kind, refuse (413) and leave nothing."""
        name = clean_filename(filename)
        ctype = (content_type or "application/octet-stream").split(";")[0].strip().lower()
        limit = limits.limit_for(kind_of(ctype, name))
        key = uuid.uuid4().hex
        target = self.path(key)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        digest = hashlib.sha256()
        size = 0
        try:
            with open(target, "xb") as out:
                os.chmod(target, 0o600)
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise ApiError(
                            ErrorCode.TOO_LARGE,
                            f"{name} is larger than the {limit // (1024 * 1024)} MB allowed",
                            {"filename": name, "limit_bytes": limit},
                        )
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return StoredFile(key, name, ctype, size, digest.hexdigest())

    def discard(self, storage_key: str) -> None:
        self.path(storage_key).unlink(missing_ok=True)
