"""Timeouts, retry rules, and how httpx's exceptions and error answers become ours."""

from __future__ import annotations

import email.utils
import json
import random
import ssl
import time
from dataclasses import dataclass
from typing import Any

import httpx

from .errors import (
    ApiError,
    CertificateError,
    LoginRequired,
    RateLimited,
    ServerError,
    Unreachable,
)

RETRY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 5
    read: float = 20
    write: float = 20
    pool: float = 5

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Wait before try number ``attempt + 1`` (attempt counts from 1): truncated
        exponential with "equal jitter", so clients spread out but never hammer at once."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** min(attempt - 1, 32))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)

    def retry_after(self, response: httpx.Response) -> float | None:
        """Retry-After (seconds or an HTTP date) capped at max_retry_after; None if absent."""
        seconds = parse_retry_after(response.headers.get("retry-after"))
        return None if seconds is None else min(seconds, self.max_retry_after)


def parse_retry_after(raw: str | None) -> float | None:
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def unreachable(exc: httpx.TransportError) -> Unreachable:
    """A short English reason for a transport failure (never the URL: it may carry a query)."""
    if isinstance(exc, httpx.ConnectError):
        for inner in _chain(exc):
            if isinstance(inner, ssl.SSLCertVerificationError):
                return CertificateError(
                    f"certificate verification failed: {inner.verify_message or inner.reason}"
                )
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return CertificateError("certificate verification failed")
        return Unreachable("could not connect to the service")
    if isinstance(exc, httpx.ConnectTimeout):
        return Unreachable("timed out connecting to the service")
    if isinstance(exc, httpx.ReadTimeout):
        return Unreachable("timed out waiting for the service's answer")
    if isinstance(exc, httpx.WriteTimeout):
        return Unreachable("timed out sending to the service")
    if isinstance(exc, httpx.PoolTimeout):
        return Unreachable("too many requests in flight")
    if isinstance(exc, httpx.ProxyError):
        return Unreachable("the proxy refused the connection")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return Unreachable("unsupported URL scheme")
    return Unreachable("the connection to the service was lost")


def retryable(error: Unreachable) -> bool:
    return not isinstance(error, CertificateError)


def api_error(response: httpx.Response, retry_after: float | None = None) -> ApiError:
    """The service's `{"code", "message"}` answer, or one made up from the status."""
    status = response.status_code
    code, message, details = status * 100 + 1, _status_text(response), None
    try:
        body: Any = json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurd nesting
        body = None
    if (
        isinstance(body, dict)
        and isinstance(body.get("code"), int)
        and isinstance(body.get("message"), str)
    ):
        code, message = int(body["code"]), str(body["message"])
        raw_details = body.get("details")
        details = raw_details if isinstance(raw_details, dict) else None
    if status == 401:
        return LoginRequired(status, code, message, details)
    if status == 429:
        return RateLimited(status, code, message, details, retry_after=retry_after)
    if status >= 500:
        return ServerError(status, code, message, details)
    return ApiError(status, code, message, details)


def _status_text(response: httpx.Response) -> str:
    phrase = response.reason_phrase or "error"
    return f"the service answered HTTP {response.status_code} {phrase}"
