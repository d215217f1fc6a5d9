"""Attachment files: stored under random names in the data directory, never under the
name the uploader gave (which is kept, cleaned, only as metadata)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from fastapi.responses import FileResponse

from tiflux_desktop.domain import AttachmentLimits, kind_of
from tiflux_desktop.domain.attachments import SNIFF_BYTES, image_type_of, safe_filename
from tiflux_desktop.protocol import ErrorCode

from .errors import ApiError

_CHUNK = 256 * 1024
# Types a browser shows as documents and that can run script: never served as themselves.
_ACTIVE_TYPES = re.compile(
    r"text/html|application/xhtml\+xml|image/svg\+xml|text/xml|application/xml|.*javascript"
    r"|.*ecmascript|application/x-shockwave-flash|text/xsl|multipart/.*|message/.*"
)


def clean_filename(name: str | None) -> str:
    """The uploader's name as metadata: no paths, control or invisible characters, never
    empty, at most 255 bytes (``domain.attachments.safe_filename``, as the app saves it)."""
    return safe_filename(name)


def served_type(declared: str | None, head: bytes) -> str:
    """The Content-Type a stored file is downloaded with: the uploader's type is believed
    only when it cannot make a browser run anything; an image only when its bytes are one."""
    image = image_type_of(head)
    if image is not None:
        return image
    ctype = (declared or "").split(";")[0].strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*", ctype):
        return "application/octet-stream"
    if ctype.startswith("image/") or _ACTIVE_TYPES.fullmatch(ctype):
        return "application/octet-stream"
    return ctype


def file_head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(SNIFF_BYTES)


def content_disposition(filename: str) -> str:
    """``attachment`` with the name as RFC 6266 says: an ASCII ``filename`` for old clients
    and the exact name, percent-encoded UTF-8, in ``filename*``."""
    name = safe_filename(filename)
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    ascii_name = re.sub(r'["\\%]', "_", ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


async def attachment_response(
    path: Path, filename: str, declared_type: str | None, headers: dict[str, str] | None = None
) -> FileResponse:
    """A stored file as a download that no browser renders or sniffs: ``attachment``, a
    Content-Type from ``served_type`` and ``nosniff``."""
    head = await asyncio.to_thread(file_head, path)
    return FileResponse(
        path,
        media_type=served_type(declared_type, head),
        headers={
            "Content-Disposition": content_disposition(filename),
            "X-Content-Type-Options": "nosniff",
            **(headers or {}),
        },
    )


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
