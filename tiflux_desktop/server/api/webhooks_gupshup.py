"""Gupshup's callbacks (POST /webhooks/gupshup/{integration_id}), the signed public links
Gupshup downloads outbound media from (GET /public-files/...), and the channel's registration
with the channel core.

Gupshup does not sign its callbacks: an integration with ``callback_token`` in its provider
settings only accepts callbacks whose URL carries ``?token=<the same>`` (set the callback URL
in Gupshup's console to ``.../webhooks/gupshup/<id>?token=<callback_token>``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import httpx
import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse

from tiflux_desktop.domain import Origin
from tiflux_desktop.protocol import ErrorCode

from .. import db
from ..channels.core import ChannelCore
from ..channels.gupshup import (
    GupshupSender,
    PayloadError,
    failure_reason,
    fetch_media,
    parse,
)
from ..config import IntegrationConfig
from ..errors import ApiError, not_found
from ..service import Service
from .deps import OURS, ServiceDep

log = logging.getLogger(__name__)

router = APIRouter(tags=["channels"])

API_PREFIX = "/api/v2"  # where app.py mounts this router (public links are built with it)
PUBLIC_FILES_PATH = "/public-files"
LINK_TTL_SECONDS = 24 * 3600  # long enough for Gupshup's retries, short enough to be a link
_KEY_FILE = "public-links.key"
_STORAGE_KEY = re.compile(r"[0-9a-f]{32}")


# --- callbacks ----------------------------------------------------------------------------


def _gupshup_integration(service: Service, integration_id: int) -> IntegrationConfig:
    integration = service.config.integration(integration_id)
    if integration is None or integration.type != Origin.GUPSHUP.value or not integration.active:
        raise not_found("gupshup integration")
    return integration


@router.post(
    "/webhooks/gupshup/{integration_id}",
    status_code=200,
    response_class=Response,
    openapi_extra=OURS,
    responses={200: {"description": "Accepted (empty body, as Gupshup expects)"}},
)
async def gupshup_callback(
    integration_id: int,
    request: Request,
    service: ServiceDep,
    token: Annotated[
        str | None, Query(max_length=500, description="The integration's callback_token")
    ] = None,
) -> Response:
    """A Gupshup callback: customers' messages and our messages' events. Answered at once
    with 200 and an empty body (anything else makes Gupshup retry); the work is queued."""
    integration = _gupshup_integration(service, integration_id)
    # Gupshup does not sign callbacks: without the token anyone could write as any customer.
    expected = integration.provider.get("callback_token") or ""
    if not expected or not hmac.compare_digest(
        (token or "").encode("utf-8"), expected.encode("utf-8")
    ):
        raise ApiError(ErrorCode.NO_PERMISSION, "wrong or missing callback token")
    raw = await request.body()
    if not raw.strip():
        # Gupshup checks a new callback URL with an empty POST: say yes, store nothing.
        return Response(status_code=200)
    try:
        delivery = parse(json.loads(raw))
    # JSONDecodeError is a ValueError; RecursionError: absurdly deep nesting.
    except (ValueError, OverflowError, RecursionError, PayloadError) as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, f"not a Gupshup callback: {exc}") from exc
    if delivery.ignored:
        log.info("gupshup %d: ignored %s", integration_id, ", ".join(delivery.ignored))
    if delivery.messages or delivery.statuses:
        try:
            await request.app.state.channels.accept(integration_id, delivery)
        except ValueError as exc:  # text that cannot be kept (a lone surrogate ...)
            raise ApiError(ErrorCode.BAD_REQUEST, f"not a Gupshup callback: {exc}") from exc
    return Response(status_code=200)


# --- public links to attachments ------------------------------------------------------------


def link_secret(data_dir: Path) -> bytes:
    """The key public links are signed with: made once per data directory, kept private."""
    path = data_dir / _KEY_FILE
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (FileNotFoundError, ValueError):
        key = b""
    if len(key) == 32:
        return key
    # Missing, or left short by a crash while it was written: a new one, put in place whole.
    key = secrets.token_bytes(32)
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".public-links-")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key.hex())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return key


def _signature(secret: bytes, storage_key: str, expires: int) -> str:
    message = f"{storage_key}.{expires}".encode("ascii")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def public_file_url(
    public_base_url: str,
    secret: bytes,
    storage_key: str,
    *,
    ttl_seconds: int = LINK_TTL_SECONDS,
    now: float | None = None,
) -> str:
    """A link anyone may GET until it expires, for one stored attachment (by its storage key:
    what an outgoing message knows of its file, and a random name that says nothing)."""
    if not _STORAGE_KEY.fullmatch(storage_key):
        raise ValueError("bad storage key")
    expires = int((time.time() if now is None else now) + ttl_seconds)
    sig = _signature(secret, storage_key, expires)
    return (
        f"{public_base_url.rstrip('/')}{API_PREFIX}{PUBLIC_FILES_PATH}/{quote(storage_key)}"
        f"?exp={expires}&sig={sig}"
    )


def public_url_maker(public_base_url: str | None, data_dir: Path) -> Callable[[str], str | None]:
    """For the sender: a stored attachment's path -> its public link, or None when the
    service has no public address (then media cannot go out through Gupshup)."""

    def make(media_path: str) -> str | None:
        key = Path(media_path).name
        if not public_base_url or not _STORAGE_KEY.fullmatch(key):
            return None
        return public_file_url(public_base_url, link_secret(data_dir), key)

    return make


@router.get(
    f"{PUBLIC_FILES_PATH}/{{storage_key}}",
    response_class=FileResponse,
    openapi_extra=OURS,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def public_file(
    storage_key: str,
    service: ServiceDep,
    exp: Annotated[int, Query(description="Expiry, seconds since the epoch")],
    sig: Annotated[str, Query(max_length=128, description="HMAC-SHA256 of the key and expiry")],
) -> FileResponse:
    """An attachment for a provider that fetches outbound media by URL (Gupshup): no sign-in,
    but only through a signed link that has not expired."""
    valid = _STORAGE_KEY.fullmatch(storage_key) is not None and hmac.compare_digest(
        sig.encode("utf-8"),
        _signature(link_secret(service.config.data_dir), storage_key, exp).encode("ascii"),
    )
    if not valid or exp < time.time():
        raise ApiError(ErrorCode.NO_PERMISSION, "this link is invalid or has expired")
    async with service.storage.read() as conn:
        row = (
            (
                await conn.execute(
                    sa.select(db.attachments.c.filename, db.attachments.c.content_type)
                    .where(db.attachments.c.storage_key == storage_key)
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
    path = service.files.path(storage_key)
    if row is None or not path.exists():
        raise not_found("attachment")
    return FileResponse(
        path,
        media_type=row["content_type"],
        filename=row["filename"],
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


# --- registration with the channel core -------------------------------------------------------


def register(core: ChannelCore, *, public_base_url: str | None = None) -> None:
    """Give the channel core Gupshup's sender, media fetcher and words for failed statuses.
    Outbound media needs the address the Internet reaches this service at: the config's
    ``public_base_url`` unless given here."""
    config = core.service.config
    base = public_base_url or getattr(config, "public_base_url", None)
    public_url = public_url_maker(base, config.data_dir)

    def make_sender(integration: IntegrationConfig, http: httpx.AsyncClient) -> GupshupSender:
        return GupshupSender(integration, http, public_url=public_url)

    core.register("gupshup", make_sender, fetch_media, failure_reason)
