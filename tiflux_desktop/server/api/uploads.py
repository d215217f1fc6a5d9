"""Multipart uploads: size checked from Content-Length before the body is read, then per
file while it is copied in; a refused request leaves no file behind."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.protocol import ErrorCode

from ..errors import ApiError
from ..files import FileStore, StoredFile

_FORM_OVERHEAD = 64 * 1024


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


def form_ceiling(limits: AttachmentLimits, max_files: int) -> int:
    """The largest multipart body a route with these limits can need (``app.BodyLimit``
    holds a body without Content-Length to it while it arrives)."""
    return limits.largest() * max_files + _FORM_OVERHEAD


async def read_form(request: Request, limits: AttachmentLimits, max_files: int) -> FormData:
    length = request.headers.get("content-length")
    ceiling = form_ceiling(limits, max_files)
    if length is not None and length.isdigit() and int(length) > ceiling:
        raise ApiError(
            ErrorCode.TOO_LARGE,
            "the upload is larger than the attachment limits allow",
            {"limit_bytes": ceiling},
        )
    try:
        return await request.form(max_files=max_files, max_fields=100)
    except (ApiError, StarletteHTTPException):  # BodyTooLarge: a 413, not a broken body
        raise
    except Exception as exc:  # the multipart parser raises several types for broken bodies
        raise ApiError(ErrorCode.BAD_REQUEST, f"malformed multipart body: {exc}") from exc


def form_files(form: FormData) -> list[UploadFile]:
    found: list[UploadFile] = []
    for key in ("files[]", "files"):
        found += [v for v in form.getlist(key) if isinstance(v, UploadFile)]
    return found


def form_fields(form: FormData, list_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """Text fields of a form; ``list_fields`` may repeat (``parameters`` or ``parameters[]``)."""
    fields: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile) or key in ("files", "files[]"):
            continue
        name = key.removesuffix("[]")
        if name in list_fields:
            fields.setdefault(name, []).append(value)
        else:
            fields[name] = value
    return fields


async def store_files(
    files: FileStore, uploads: list[UploadFile], limits: AttachmentLimits
) -> list[StoredFile]:
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            stored.append(
                await asyncio.to_thread(
                    files.save, upload.file, upload.filename, upload.content_type, limits
                )
            )
    except BaseException:
        for item in stored:
            files.discard(item.storage_key)
        raise
    return stored
