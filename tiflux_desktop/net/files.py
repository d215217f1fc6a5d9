"""Attachments on the wire: files to upload, the checks made before sending, a streaming
multipart body that reports progress, and downloads that never leave a partial file."""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import os
import re
import stat
import tempfile
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tiflux_desktop.domain import AttachmentLimits

from .errors import AttachmentRejected

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes total); total is 0 when a download's length is unknown."""

CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class OutgoingFile:
    path: Path
    filename: str
    content_type: str
    size: int

    @classmethod
    def from_path(
        cls, path: Path, filename: str | None = None, content_type: str | None = None
    ) -> OutgoingFile:
        name = filename or path.name
        try:
            info = path.stat()
        except OSError as exc:
            raise AttachmentRejected(name, 0, 0, "unreadable") from exc
        # A directory, fifo or device would upload nonsense or block forever.
        if not stat.S_ISREG(info.st_mode) or not os.access(path, os.R_OK):
            raise AttachmentRejected(name, info.st_size, 0, "unreadable")
        guessed = content_type or mimetypes.guess_type(name, strict=False)[0]
        return cls(path, name, guessed or "application/octet-stream", info.st_size)


def check_attachments(files: Sequence[OutgoingFile], limits: AttachmentLimits) -> None:
    """Refuse what the service would refuse, before a byte is sent (no I/O)."""
    if len(files) > limits.max_files_per_message:
        extra = files[limits.max_files_per_message]
        raise AttachmentRejected(
            extra.filename, len(files), limits.max_files_per_message, "too_many"
        )
    for item in files:
        limit = limits.too_large(item.content_type, item.filename, item.size)
        if limit is not None:
            raise AttachmentRejected(item.filename, item.size, limit, "too_large")


# HTML5 form encoding of names in Content-Disposition, as browsers (and httpx) do it.
_ESCAPES = {'"': "%22", "\\": "\\\\"} | {chr(c): f"%{c:02X}" for c in range(0x20) if c != 0x1B}
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _quoted(value: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], value)


class MultipartBody:
    """multipart/form-data streamed from disk with an exact Content-Length.

    Written by hand rather than with httpx's encoder so that (1) a form without files is still
    multipart (POST /tickets demands it), (2) files are read off the event loop in chunks, and
    (3) progress counts the bytes httpx has taken to send. Every call of ``stream()`` starts
    over, so a request can be sent again (a 429 retry) with fresh files and fresh progress.
    """

    def __init__(
        self,
        fields: Sequence[tuple[str, str]],
        files: Sequence[OutgoingFile],
        *,
        file_field: str = "files[]",
        progress: Progress | None = None,
    ) -> None:
        self.boundary = os.urandom(16).hex()
        self._progress = progress
        self._fields = [self._field_part(name, value) for name, value in fields]
        self._files: list[tuple[bytes, OutgoingFile, int]] = []
        for item in files:
            # The size at the moment of sending, so Content-Length matches what is read.
            try:
                size = item.path.stat().st_size
            except OSError as exc:
                raise AttachmentRejected(item.filename, item.size, 0, "unreadable") from exc
            self._files.append((self._file_head(file_field, item), item, size))
        self._tail = f"--{self.boundary}--\r\n".encode()
        self.total_file_bytes = sum(size for _, _, size in self._files)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    @property
    def content_length(self) -> int:
        heads = sum(len(part) for part in self._fields)
        files = sum(len(head) + size + 2 for head, _, size in self._files)
        return heads + files + len(self._tail)

    def _field_part(self, name: str, value: str) -> bytes:
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quoted(name)}"\r\n\r\n'
            f"{value}\r\n"
        ).encode()

    def _file_head(self, field: str, item: OutgoingFile) -> bytes:
        content_type = _CONTROL_RE.sub("", item.content_type) or "application/octet-stream"
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quoted(field)}"; '
            f'filename="{_quoted(item.filename)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()

    def _report(self, done: int) -> None:
        if self._progress is not None:
            self._progress(done, self.total_file_bytes)

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """The body; close it with contextlib.aclosing so an aborted send closes the file."""
        for part in self._fields:
            yield part
        done = 0
        self._report(0)
        for head, item, size in self._files:
            yield head
            try:
                handle = await asyncio.to_thread(item.path.open, "rb")
            except OSError as exc:
                raise AttachmentRejected(item.filename, size, 0, "unreadable") from exc
            with handle:
                left = size
                while left > 0:
                    chunk = await asyncio.to_thread(_read, handle, min(CHUNK, left))
                    if not chunk:  # the file shrank under us: the length sent would lie
                        raise AttachmentRejected(item.filename, size, 0, "unreadable")
                    yield chunk
                    # Counted once httpx asks for more, i.e. after it wrote this chunk.
                    left -= len(chunk)
                    done += len(chunk)
                    self._report(done)
            yield b"\r\n"
        yield self._tail


def _read(handle: BinaryIO, size: int) -> bytes:
    return handle.read(size)


def form_fields(values: Mapping[str, str | int | bool | None]) -> list[tuple[str, str]]:
    """Text fields of a form; None is left out, booleans as the service parses them."""
    out: list[tuple[str, str]] = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out.append((name, "true" if value else "false"))
        else:
            out.append((name, str(value)))
    return out


class PartialFile:
    """A temporary file next to ``dest`` that becomes ``dest`` only when complete."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        self.path = Path(name)
        self._handle: BinaryIO = os.fdopen(fd, "wb")

    async def write(self, chunk: bytes) -> None:
        await asyncio.to_thread(self._handle.write, chunk)

    async def commit(self) -> Path:
        def finish() -> None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self.path, self.dest)

        await asyncio.to_thread(finish)
        return self.dest

    def discard(self) -> None:
        self._handle.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
