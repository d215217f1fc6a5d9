"""WhatsApp Cloud API webhooks: Meta's verification handshake and the signed deliveries.

The signature covers the raw body bytes, so the body is read as bytes and checked before it is
parsed; a delivery is handed to the channel core and acknowledged at once (Meta retries what is
not answered quickly, and the core's idempotency makes those retries harmless).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from tiflux_desktop.domain import Origin
from tiflux_desktop.protocol import ErrorCode

from ..channels import whatsapp_cloud
from ..channels.core import ChannelCore
from ..config import IntegrationConfig
from ..errors import ApiError, not_found
from .deps import OURS, ServiceDep

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


def _cloud_integration(service: ServiceDep, integration_id: int) -> IntegrationConfig:
    config = service.config.integration(integration_id)
    if config is None or config.type != Origin.WHATSAPP_CLOUD.value or not config.active:
        raise not_found("integration")
    return config


@router.get(
    "/whatsapp-cloud/{integration_id}", response_class=PlainTextResponse, openapi_extra=OURS
)
async def whatsapp_cloud_verify(
    integration_id: int,
    service: ServiceDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    verify_token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> PlainTextResponse:
    """Meta's subscription handshake: answers `hub.challenge` when `hub.verify_token` is the
    integration's verify token; 403 otherwise."""
    config = _cloud_integration(service, integration_id)
    expected = config.setting("verify_token") or ""
    if (
        mode != "subscribe"
        or not expected
        or not hmac.compare_digest((verify_token or "").encode(), expected.encode())
    ):
        log.warning("integration %d: webhook verification refused", integration_id)
        raise ApiError(ErrorCode.NO_PERMISSION, "wrong verify token")
    return PlainTextResponse(challenge or "")


@router.post("/whatsapp-cloud/{integration_id}", openapi_extra=OURS)
async def whatsapp_cloud_deliver(
    integration_id: int, request: Request, service: ServiceDep
) -> Response:
    """A signed delivery (`X-Hub-Signature-256` over the raw body with the app secret):
    messages and statuses, stored asynchronously. 403 on a bad or missing signature."""
    config = _cloud_integration(service, integration_id)
    raw = await request.body()
    if not whatsapp_cloud.verify_signature(
        config.setting("app_secret") or "", raw, request.headers.get("x-hub-signature-256")
    ):
        log.warning("integration %d: webhook with a bad signature refused", integration_id)
        raise ApiError(ErrorCode.NO_PERMISSION, "bad or missing X-Hub-Signature-256")
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, "the body is not valid JSON") from exc
    channels: ChannelCore = request.app.state.channels
    try:
        await channels.accept(integration_id, whatsapp_cloud.parse(payload))
    except (ValueError, OverflowError) as exc:  # absurd numbers, text that cannot be kept
        raise ApiError(ErrorCode.BAD_REQUEST, "not a WhatsApp webhook body") from exc
    return Response(status_code=200)
