"""GET /attachments/{id}: stream a file to an attendant who can see its chat (ours)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import FileResponse

from tiflux_desktop.domain import Refusal, can_see_department

from .. import db
from ..errors import not_found, refused
from ..files import attachment_response
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
                raise refused(Refusal.NOT_VISIBLE)
    path = service.files.path(row["storage_key"])
    if not path.exists():
        raise not_found("attachment file")
    # Always a download, never rendered by whoever opens the URL (files.attachment_response).
    return await attachment_response(path, row["filename"], row["content_type"])
