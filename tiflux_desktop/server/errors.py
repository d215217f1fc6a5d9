"""Every error the service answers is JSON `{"code", "message"}`, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tiflux_desktop.domain import Refusal
from tiflux_desktop.protocol import ErrorCode

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(
        self,
        code: ErrorCode,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers


def not_found(what: str) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, f"{what} not found")


_REFUSALS: dict[Refusal, tuple[ErrorCode, str]] = {
    Refusal.NOT_VISIBLE: (ErrorCode.NO_PERMISSION, "you have no access to this chat's department"),
    Refusal.NOT_ONLINE: (ErrorCode.NOT_ONLINE, "only Online attendants can assume chats"),
    Refusal.ARCHIVED: (ErrorCode.ARCHIVED, "this chat is finished or cancelled"),
    Refusal.ALREADY_TAKEN: (ErrorCode.ALREADY_TAKEN, "another attendant already took this chat"),
    Refusal.ALREADY_YOURS: (ErrorCode.CONFLICT, "this chat is already yours"),
    Refusal.NOT_RESPONSIBLE: (
        ErrorCode.NO_PERMISSION,
        "only the attendant responsible for this chat can do this",
    ),
    Refusal.NOT_TAKEN: (ErrorCode.CONFLICT, "nobody has assumed this chat"),
    Refusal.OUTSIDE_WINDOW: (
        ErrorCode.OUTSIDE_WINDOW,
        "more than 24 hours since the customer's last message: send a template",
    ),
    Refusal.NO_DEPARTMENT_ACCESS: (
        ErrorCode.NO_PERMISSION,
        "the target has no access to that department",
    ),
}


def refused(refusal: Refusal, **details: Any) -> ApiError:
    code, message = _REFUSALS[refusal]
    return ApiError(
        code,
        message,
        {"reason": refusal.value, **details} if details else {"reason": refusal.value},
    )


def _body(code: int, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return body


_HTTP_CODES = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.NO_PERMISSION,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.BAD_REQUEST,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.TOO_LARGE,
    422: ErrorCode.VALIDATION,
    429: ErrorCode.RATE_LIMITED,
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        return JSONResponse(
            _body(exc.code.value, exc.message, exc.details),
            status_code=exc.code.http_status,
            headers=exc.headers,
        )

    @app.exception_handler(OverflowError)
    async def _overflow(_request: Request, _exc: OverflowError) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        # An id or number past what the database stores (SQLite: 64-bit) is simply invalid.
        return JSONResponse(
            _body(ErrorCode.VALIDATION.value, "a number in the request is out of range"),
            status_code=422,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        errors = [
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
            for err in exc.errors()
        ]
        if any(e["type"] in ("json_invalid", "json_type") for e in errors):
            return JSONResponse(
                _body(
                    ErrorCode.BAD_REQUEST.value, "the body is not valid JSON", {"errors": errors}
                ),
                status_code=400,
            )
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(p for p in first["loc"] if p not in ("body", "query", "path"))
        message = f"{where}: {first['msg']}" if where else first["msg"]
        return JSONResponse(
            _body(ErrorCode.VALIDATION.value, message, {"errors": errors}), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.BAD_REQUEST)
        return JSONResponse(
            _body(code.value, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(
            _body(ErrorCode.SERVER_ERROR.value, "internal error; it has been logged"),
            status_code=500,
        )
