"""Request dependencies: the running service and the signed-in attendant."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from tiflux_desktop.domain import Attendant
from tiflux_desktop.protocol import ErrorCode

from .. import db
from ..errors import ApiError
from ..security import token_hash
from ..service import Service
from ..storage import Storage

bearer = HTTPBearer(auto_error=False, description="The token from POST /auth/login")

OURS = {"x-tiflux-extension": True}  # marks our extensions to Tiflux API v2 in the OpenAPI


def get_service(connection: HTTPConnection) -> Service:
    return connection.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


async def attendant_for_token(service: Service, token: str | None) -> Attendant:
    if not token:
        raise ApiError(
            ErrorCode.UNAUTHENTICATED,
            "sign in first: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    async with service.storage.read() as conn:
        row = (
            (
                await conn.execute(
                    sa.select(db.sessions).where(db.sessions.c.token_hash == token_hash(token))
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise ApiError(
                ErrorCode.UNAUTHENTICATED,
                "unknown token: sign in again",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if row["expires_at"] <= db.utcnow():
            raise ApiError(
                ErrorCode.TOKEN_EXPIRED,
                "the session expired: sign in again",
                headers={"WWW-Authenticate": "Bearer"},
            )
        attendant = await Storage.attendant(conn, int(row["attendant_id"]))
    if attendant is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "this attendant no longer exists")
    return attendant


async def current_attendant(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Attendant:
    return await attendant_for_token(service, credentials.credentials if credentials else None)


Me = Annotated[Attendant, Depends(current_attendant)]


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "sign in first")
    return credentials.credentials


def page_params(
    offset: Annotated[
        int, Query(ge=1, le=1_000_000, description="Page number, from 1 (Tiflux)")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> tuple[int, int]:
    return offset, limit


Page = Annotated[tuple[int, int], Depends(page_params)]

__all__ = [
    "OURS",
    "Header",
    "Me",
    "Page",
    "Request",
    "ServiceDep",
    "attendant_for_token",
    "bearer_token",
]
