"""Sign-in, the signed-in attendant, and their Online/Offline status (our extensions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from tiflux_desktop.protocol import (
    ErrorCode,
    LoginIn,
    LoginOut,
    MeOut,
    OrganizationOut,
    StatusIn,
    UserOut,
)

from ..errors import ApiError
from ..ratelimit import RATE_LIMITED_RESPONSE, Guards, client_address, get_guards, too_many
from ..storage import Storage
from .deps import OURS, Me, ServiceDep, bearer_token

router = APIRouter(tags=["auth"])


def _user(out: object) -> UserOut:
    return UserOut.model_validate(out, from_attributes=True)


@router.post(
    "/auth/login", response_model=LoginOut, openapi_extra=OURS, responses=RATE_LIMITED_RESPONSE
)
async def login(
    body: LoginIn,
    service: ServiceDep,
    request: Request,
    guards: Annotated[Guards, Depends(get_guards)],
) -> LoginOut:
    """Exchange e-mail and password for a bearer token. Too many wrong passwords from one
    address: 429 with `Retry-After` (the right one too, until the wait is over)."""
    address = client_address(request)
    if (wait := guards.failed_logins.retry_after(address)) is not None:
        raise too_many(wait, "failed sign-ins")
    try:
        token, expires, attendant_id = await service.ops.login(body.email, body.password)
    except ApiError as exc:
        if exc.code is ErrorCode.UNAUTHENTICATED:
            guards.failed_logins.add(address)
        raise
    async with service.storage.read() as conn:
        out = await Storage.attendant_out(conn, attendant_id)
    return LoginOut(token=token, expires_at=expires, user=_user(out))


@router.post("/auth/logout", status_code=204, openapi_extra=OURS)
async def logout(
    service: ServiceDep, token: Annotated[str, Depends(bearer_token)], _me: Me
) -> Response:
    await service.ops.logout(token)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut, openapi_extra=OURS)
async def me(service: ServiceDep, attendant: Me) -> MeOut:
    async with service.storage.read() as conn:
        out = await Storage.attendant_out(conn, attendant.id)
    config = service.config
    return MeOut(
        user=_user(out),
        organization=OrganizationOut(
            name=config.organization_name,
            bot_name=config.bot_name,
            requires_catalog_item_on_finish=config.requires_catalog_item_on_finish,
            file_max_bytes=config.limits.file_max_bytes,
            media_max_bytes=config.limits.media_max_bytes,
            max_files_per_message=config.limits.max_files_per_message,
        ),
    )


@router.put("/me/status", response_model=UserOut, openapi_extra=OURS)
async def set_status(body: StatusIn, service: ServiceDep, attendant: Me) -> UserOut:
    """Online or Offline. Only Online attendants can assume chats."""
    await service.ops.set_online(attendant.id, body.online)
    async with service.storage.read() as conn:
        out = await Storage.attendant_out(conn, attendant.id)
    return _user(out)
