"""What the network layer raises. Callers catch these, never httpx's or websockets' own."""

from __future__ import annotations

from typing import Any, Literal

from tiflux_desktop.protocol import ErrorCode

RejectReason = Literal["too_large", "too_many", "unreadable"]


class NetError(Exception):
    """Base of every error of the client network layer."""


class Unreachable(NetError):
    """The service could not be reached or the connection broke before an answer came:
    connection refused, DNS, timeouts, a connection dropped mid-request."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CertificateError(Unreachable):
    """TLS verification failed: retrying will not help, the user has to act."""


class ApiError(NetError):
    """The service answered with an error status and (normally) a `{"code", "message"}` body."""

    def __init__(
        self, status: int, code: int, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    @property
    def error_code(self) -> ErrorCode | None:
        """The code as the protocol's enum, or None for a code this app does not know."""
        try:
            return ErrorCode(self.code)
        except ValueError:
            return None


class LoginRequired(ApiError):
    """401 (or a refused event stream): the token is missing, unknown or expired."""


class RateLimited(ApiError):
    """429 still refused after the retries."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        details: dict[str, Any] | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status, code, message, details)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the service (or a proxy in front of it) failed."""


class BadResponse(NetError):
    """A success answer whose body does not fit the protocol's schema."""


class AttachmentRejected(NetError):
    """An attachment refused before anything was sent.

    For ``too_many``, ``size`` is the number of files given and ``limit`` the number allowed;
    otherwise both are in bytes (``limit`` is 0 for ``unreadable``).
    """

    def __init__(self, filename: str, size: int, limit: int, reason: RejectReason) -> None:
        detail = "cannot be read" if reason == "unreadable" else f"{size} > {limit}"
        super().__init__(f"{filename}: {reason} ({detail})")
        self.filename = filename
        self.size = size
        self.limit = limit
        self.reason: RejectReason = reason
