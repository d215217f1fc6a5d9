"""Client network: REST over httpx and the realtime websocket loop (no Qt, no store)."""

from .api import ApiClient, Page, chat_params
from .errors import (
    ApiError,
    AttachmentRejected,
    BadResponse,
    CertificateError,
    LoginRequired,
    NetError,
    RateLimited,
    ServerError,
    Unreachable,
)
from .files import OutgoingFile, Progress, check_attachments
from .policy import RetryPolicy, Timeouts
from .realtime import Backoff, ConnectionState, Frame, Realtime, SleepWatch, parse_frame

__all__ = [
    "ApiClient",
    "ApiError",
    "AttachmentRejected",
    "Backoff",
    "BadResponse",
    "CertificateError",
    "ConnectionState",
    "Frame",
    "LoginRequired",
    "NetError",
    "OutgoingFile",
    "Page",
    "Progress",
    "RateLimited",
    "Realtime",
    "RetryPolicy",
    "ServerError",
    "SleepWatch",
    "Timeouts",
    "Unreachable",
    "chat_params",
    "check_attachments",
    "parse_frame",
]
