"""A ceiling on every request body, enforced before the body is read: from Content-Length at
once, and while a body without one (chunked) arrives. FastAPI and Starlette read a JSON or
raw body whole into memory, and a multipart one whole into temporary files, before a route
sees it; without this a single request could fill the memory or the disk."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiflux_desktop.protocol import ErrorCode

# The largest JSON the service takes (webhook batches included) is far below this.
DEFAULT_MAX_BODY = 4 * 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body passes its ceiling. An HTTPException, so that
    FastAPI's body parsing lets it through (it turns other errors into a 400) and the
    service's handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the {limit} bytes allowed")
        self.limit = limit


def limited_receive(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises BodyTooLarge once more than ``limit`` body bytes came in."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


class BodyLimit:
    """ASGI middleware: ``limit_for(scope)`` is the ceiling of a request's body."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        length = _content_length(scope)
        if length is not None and length > limit:
            await _refuse(send, limit)
            return
        started = False

        async def watching(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive(receive, limit), watching)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, limit)


def upload_limits(
    paths: list[tuple[str, int]], default: int = DEFAULT_MAX_BODY
) -> Callable[[Scope], int]:
    """``limit_for`` for BodyLimit: multipart bodies on the routes that take files get
    their route's ceiling (a regular expression of the path, and bytes); everything else,
    multipart or not, ``default``."""
    compiled = [(re.compile(pattern), limit) for pattern, limit in paths]

    def limit_for(scope: Scope) -> int:
        if scope.get("method") in ("POST", "PUT") and _is_multipart(scope):
            for pattern, limit in compiled:
                if pattern.fullmatch(scope.get("path", "")):
                    return max(limit, default)
        return default

    return limit_for


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return None


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    if value is None or not value.strip().isdigit():
        return None  # absent or absurd: the server refuses it, or the count applies
    return int(value)


def _is_multipart(scope: Scope) -> bool:
    value = _header(scope, b"content-type") or b""
    return value.lower().startswith(b"multipart/form-data")


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "code": ErrorCode.TOO_LARGE.value,
            "message": f"the request body is larger than the {limit} bytes allowed",
            "details": {"limit_bytes": limit},
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is not read: the client must not reuse the connection.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
