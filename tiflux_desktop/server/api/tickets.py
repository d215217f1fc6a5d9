"""POST /tickets (multipart, Tiflux fields): "+ Adicionar ticket" from a chat."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from pydantic import Field, ValidationError

from tiflux_desktop.domain import AttachmentLimits, fold
from tiflux_desktop.protocol import (
    DeskOut,
    ErrorCode,
    RefOut,
    RequestorOut,
    TicketEnvelope,
    TicketOut,
)
from tiflux_desktop.protocol.base import Request as RequestModel

from .. import db
from ..errors import ApiError, not_found
from ..operations import Operations
from .deps import Me, ServiceDep
from .uploads import form_fields, form_files, is_multipart, read_form, store_files

router = APIRouter(tags=["tickets"])

TICKET_FILE_LIMITS = AttachmentLimits(
    file_max_bytes=25 * 1024 * 1024, media_max_bytes=25 * 1024 * 1024, max_files_per_message=10
)


class TicketIn(RequestModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1, max_length=200_000)
    client_id: int
    desk_id: int
    priority_id: int | None = None
    services_catalogs_item_id: int | None = None
    status_id: int | None = None
    requestor_id: int | None = None
    requestor_name: str | None = Field(default=None, max_length=200)
    requestor_email: str | None = Field(default=None, max_length=320)
    requestor_telephone: str | None = Field(default=None, max_length=32)
    responsible_id: int | None = None
    followers: str | None = Field(default=None, max_length=2000)
    ticket_reference_number: int | None = None


_TICKET_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title", "description", "client_id", "desk_id"],
                    "properties": {
                        **{
                            k: {"type": "string"}
                            for k in (
                                "title",
                                "description",
                                "requestor_name",
                                "requestor_email",
                                "requestor_telephone",
                                "followers",
                            )
                        },
                        **{
                            k: {"type": "integer"}
                            for k in (
                                "client_id",
                                "desk_id",
                                "priority_id",
                                "services_catalogs_item_id",
                                "status_id",
                                "requestor_id",
                                "responsible_id",
                                "ticket_reference_number",
                            )
                        },
                        "files[]": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            }
        },
    }
}


@router.post("/tickets", response_model=TicketEnvelope, status_code=201, openapi_extra=_TICKET_BODY)
async def create_ticket(request: Request, service: ServiceDep, me: Me) -> TicketEnvelope:
    """Create a ticket (multipart/form-data, as Tiflux); link it to a chat with PUT /chats/{id}."""
    if not is_multipart(request):
        raise ApiError(
            ErrorCode.BAD_REQUEST, "POST /tickets takes multipart/form-data, as Tiflux does"
        )
    form = await read_form(request, TICKET_FILE_LIMITS, TICKET_FILE_LIMITS.max_files_per_message)
    files = form_files(form)
    if len(files) > TICKET_FILE_LIMITS.max_files_per_message:
        raise ApiError(ErrorCode.VALIDATION, "at most 10 files per ticket")
    try:
        body = TicketIn.model_validate(form_fields(form))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ApiError(
            ErrorCode.VALIDATION, f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        ) from exc
    stored = await store_files(service.files, files, TICKET_FILE_LIMITS)
    try:
        number = await _insert(service, me.id, body, stored)
    except BaseException:
        for item in stored:
            service.files.discard(item.storage_key)
        raise
    return TicketEnvelope(ticket=await load_ticket(service, number))


async def _insert(service: ServiceDep, attendant_id: int, body: TicketIn, stored: list[Any]) -> int:
    async with service.storage.write() as tx:
        conn = tx.conn
        linked = await conn.scalar(
            sa.select(db.client_desks.c.desk_id).where(
                db.client_desks.c.client_id == body.client_id,
                db.client_desks.c.desk_id == body.desk_id,
            )
        )
        if (
            await conn.scalar(sa.select(db.clients.c.id).where(db.clients.c.id == body.client_id))
            is None
        ):
            raise not_found("client")
        if linked is None:
            raise ApiError(ErrorCode.VALIDATION, "this desk does not serve this client")
        for value, table, column, what in (
            (body.priority_id, db.priorities, db.priorities.c.desk_id, "priority"),
            (
                body.services_catalogs_item_id,
                db.catalog_items,
                db.catalog_items.c.desk_id,
                "services catalog item",
            ),
        ):
            if value is not None:
                desk = await conn.scalar(sa.select(column).where(table.c.id == value))
                if desk != body.desk_id:
                    raise ApiError(ErrorCode.VALIDATION, f"the {what} does not belong to this desk")
        if (
            body.responsible_id is not None
            and await conn.scalar(
                sa.select(db.attendants.c.id).where(db.attendants.c.id == body.responsible_id)
            )
            is None
        ):
            raise not_found("responsible")
        requestor_id = body.requestor_id
        if requestor_id is not None:
            owner = await conn.scalar(
                sa.select(db.contacts.c.client_id).where(db.contacts.c.id == requestor_id)
            )
            if owner != body.client_id:
                raise ApiError(ErrorCode.VALIDATION, "the requestor does not belong to this client")
        elif body.requestor_name:
            # Reuse a requestor of this client with the same e-mail before making another one.
            if body.requestor_email:
                requestor_id = await conn.scalar(
                    sa.select(db.contacts.c.id).where(
                        db.contacts.c.client_id == body.client_id,
                        sa.func.lower(db.contacts.c.email) == body.requestor_email.lower(),
                    )
                )
            if requestor_id is None:
                result = await conn.execute(
                    sa.insert(db.contacts).values(
                        name=body.requestor_name,
                        name_fold=fold(body.requestor_name),
                        email=body.requestor_email,
                        telephone=body.requestor_telephone,
                        client_id=body.client_id,
                        created_at=tx.now,
                    )
                )
                requestor_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        # Numbered under the writer lock; numbers start at 1000 so they read like a desk's.
        number = (
            max(
                999, int(await conn.scalar(sa.select(sa.func.max(db.tickets.c.ticket_number))) or 0)
            )
            + 1
        )
        await conn.execute(
            sa.insert(db.tickets).values(
                ticket_number=number,
                title=body.title,
                description=body.description,
                client_id=body.client_id,
                desk_id=body.desk_id,
                priority_id=body.priority_id,
                status_name="Aberto",
                requestor_id=requestor_id,
                responsible_id=body.responsible_id,
                catalog_item_id=body.services_catalogs_item_id,
                followers=body.followers,
                parent_ticket_number=body.ticket_reference_number,
                created_by=attendant_id,
                created_at=tx.now,
            )
        )
        for item in stored:
            attachment_id = await Operations._insert_attachment(tx, None, item)  # pyright: ignore[reportPrivateUsage]
            await conn.execute(
                sa.insert(db.ticket_files).values(ticket_number=number, attachment_id=attachment_id)
            )
        return number


async def load_ticket(service: ServiceDep, number: int) -> TicketOut:
    t = db.tickets.c
    async with service.storage.read() as conn:
        row = (
            (await conn.execute(sa.select(db.tickets).where(t.ticket_number == number)))
            .mappings()
            .one()
        )
        client = (
            (await conn.execute(sa.select(db.clients).where(db.clients.c.id == row["client_id"])))
            .mappings()
            .one()
        )
        desk = (
            (await conn.execute(sa.select(db.desks).where(db.desks.c.id == row["desk_id"])))
            .mappings()
            .one()
        )

        async def ref(table: sa.Table, id_: int | None, column: str = "name") -> RefOut | None:
            if id_ is None:
                return None
            name = await conn.scalar(sa.select(table.c[column]).where(table.c.id == id_))
            return RefOut(id=id_, name=name) if name is not None else None

        requestor = None
        if row["requestor_id"] is not None:
            r = (
                (
                    await conn.execute(
                        sa.select(db.contacts).where(db.contacts.c.id == row["requestor_id"])
                    )
                )
                .mappings()
                .one()
            )
            requestor = RequestorOut(
                id=r["id"],
                name=r["name"],
                email=r["email"],
                telephone=r["telephone"],
                client_id=r["client_id"],
            )
        return TicketOut(
            ticket_number=number,
            title=row["title"],
            description=row["description"],
            client=RefOut(id=client["id"], name=client["name"]),
            desk=DeskOut(id=desk["id"], name=desk["name"], display_name=desk["display_name"]),
            priority=await ref(db.priorities, row["priority_id"]),
            status=RefOut(id=1, name=row["status_name"]),
            requestor=requestor,
            responsible=await ref(db.attendants, row["responsible_id"]),
            services_catalogs_item=await ref(db.catalog_items, row["catalog_item_id"]),
            created_at=row["created_at"],
            url_internal_path=f"/tickets/{number}",
        )
