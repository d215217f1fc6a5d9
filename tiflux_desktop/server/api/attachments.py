"""GET /attachments/{id}: stream a file to an attendant who can see its chat (ours)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import FileResponse

from tiflux_desktop.domain import can_see_department
from tiflux_desktop.protocol import ErrorCode

from .. import db
from ..errors import ApiError, not_found
from .deps import OURS, Me, ServiceDep

router = APIRouter(tags=["attachments"])


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    openapi_extra=OURS,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(attachment_id: int, service: ServiceDep, me: Me) -> FileResponse:
    async with service.storage.read() as conn:
        row = (
            (
                await conn.execute(
                    sa.select(db.attachments).where(db.attachments.c.id == attachment_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise not_found("attachment")
        if row["chat_id"] is not None:
            department_id = await conn.scalar(
                sa.select(db.chats.c.department_id).where(db.chats.c.id == row["chat_id"])
            )
            if not can_see_department(me, department_id):
                raise ApiError(
                    ErrorCode.NO_PERMISSION, "you have no access to this chat's department"
                )
    path = service.files.path(row["storage_key"])
    if not path.exists():
        raise not_found("attachment file")
    # Always a download, never rendered by whoever opens the URL: the type is the uploader's word.
    return FileResponse(
        path,
        media_type=row["content_type"],
        filename=row["filename"],
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )
