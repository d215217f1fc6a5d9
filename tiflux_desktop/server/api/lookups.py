"""The organisation's reference data: departments, attendants, groups, integrations,
templates, contacts, clients, desks and what hangs off them."""

from __future__ import annotations

import re
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Response
from sqlalchemy.ext.asyncio import AsyncConnection

from tiflux_desktop.domain import Origin, fold
from tiflux_desktop.protocol import (
    AttendantGroupOut,
    AttendantOut,
    CatalogItemOut,
    ClientOut,
    CloudTemplateBodyOut,
    CloudTemplateKeysOut,
    DepartmentOut,
    DeskOut,
    GupshupTemplateOut,
    IntegrationOut,
    MessageTemplateOut,
    PriorityOut,
    RefOut,
    RequestorOut,
    WhatsappCloudTemplateOut,
)

from .. import db
from ..errors import not_found
from ..storage import Storage
from .deps import OURS, Me, Page, ServiceDep

router = APIRouter(tags=["lookups"])

_VARIABLE = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")
Name = Annotated[str | None, Query(max_length=200, description="Part of the name, any accents")]


async def _paged(
    conn: AsyncConnection, query: sa.Select, page: tuple[int, int], response: Response
) -> list[sa.RowMapping]:
    total = await conn.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    response.headers["X-Total-Items"] = str(total or 0)
    offset, limit = page
    return list((await conn.execute(query.limit(limit).offset((offset - 1) * limit))).mappings())


def _name_like(column: sa.ColumnElement[str], name: str | None) -> list[sa.ColumnElement[bool]]:
    return [column.contains(word, autoescape=True) for word in fold(name or "").split()]


@router.get("/departments", response_model=list[DepartmentOut])
async def departments(
    service: ServiceDep, me: Me, page: Page, response: Response, name: Name = None
) -> list[DepartmentOut]:
    """Departments the attendant can see: all for admins, their groups' for others."""
    d = db.departments.c
    query = (
        sa.select(db.departments).where(d.active, *_name_like(d.name_fold, name)).order_by(d.name)
    )
    if not me.admin:
        query = query.where(d.id.in_(sorted(me.department_ids)))
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [DepartmentOut(id=r["id"], name=r["name"], active=r["active"]) for r in rows]


@router.get("/attendants", response_model=list[AttendantOut], openapi_extra=OURS)
async def attendants(
    service: ServiceDep, _me: Me, page: Page, response: Response, name: Name = None
) -> list[AttendantOut]:
    """Every attendant, with Online status and departments (transfer targets)."""
    a = db.attendants.c
    query = sa.select(a.id).where(*_name_like(a.name_fold, name)).order_by(a.name)
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
        found = [await Storage.attendant_out(conn, r["id"]) for r in rows]
    return [f for f in found if f is not None]


@router.get("/technical-users", response_model=list[RefOut])
async def technical_users(
    service: ServiceDep, _me: Me, page: Page, response: Response, name: Name = None
) -> list[RefOut]:
    """Responsible candidates for a ticket (Tiflux's lookup; works for non-admins)."""
    a = db.attendants.c
    query = sa.select(a.id, a.name).where(*_name_like(a.name_fold, name)).order_by(a.name)
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [RefOut(id=r["id"], name=r["name"]) for r in rows]


@router.get("/attendant-groups", response_model=list[AttendantGroupOut], openapi_extra=OURS)
async def attendant_groups(
    service: ServiceDep, _me: Me, page: Page, response: Response
) -> list[AttendantGroupOut]:
    g = db.attendant_groups.c
    async with service.storage.read() as conn:
        rows = await _paged(conn, sa.select(db.attendant_groups).order_by(g.name), page, response)
        ids = [r["id"] for r in rows]
        deps = (
            await conn.execute(
                sa.select(db.group_departments).where(db.group_departments.c.group_id.in_(ids))
            )
        ).all()
        members = (
            await conn.execute(
                sa.select(db.group_members).where(db.group_members.c.group_id.in_(ids))
            )
        ).all()
    return [
        AttendantGroupOut(
            id=r["id"],
            name=r["name"],
            department_ids=sorted(d.department_id for d in deps if d.group_id == r["id"]),
            attendant_ids=sorted(m.attendant_id for m in members if m.group_id == r["id"]),
        )
        for r in rows
    ]


@router.get("/integrations", response_model=list[IntegrationOut], openapi_extra=OURS)
async def integrations(
    service: ServiceDep, _me: Me, page: Page, response: Response
) -> list[IntegrationOut]:
    """The channels chats arrive on. No secrets, ever."""
    i = db.integrations.c
    query = sa.select(i.id, i.name, i.type, i.phone_number, i.active).order_by(i.id)
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [
        IntegrationOut(
            id=r["id"],
            name=r["name"],
            type=Origin(r["type"]),
            phone_number=r["phone_number"],
            active=r["active"],
        )
        for r in rows
    ]


@router.get("/message-templates", response_model=list[MessageTemplateOut], openapi_extra=OURS)
async def message_templates(
    service: ServiceDep, _me: Me, page: Page, response: Response, title: Name = None
) -> list[MessageTemplateOut]:
    """Modelos de respostas: canned replies; {{variables}} are filled from the chat by the app."""
    t = db.message_templates.c
    query = sa.select(db.message_templates).order_by(t.title)
    for word in (title or "").split():
        query = query.where(t.title.icontains(word, autoescape=True))
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [
        MessageTemplateOut(
            id=r["id"],
            title=r["title"],
            content=r["content"],
            variables=list(dict.fromkeys(_VARIABLE.findall(r["content"]))),
        )
        for r in rows
    ]


def _hsm_query(provider: str, integration_id: int | None, status: str | None) -> sa.Select[Any]:
    h = db.hsm_templates.c
    query = sa.select(db.hsm_templates).where(h.provider == provider).order_by(h.name)
    if integration_id is not None:
        query = query.where(h.integration_id == integration_id)
    if status:
        query = query.where(h.status == status.upper())
    return query


@router.get("/templates/gupshup", response_model=list[GupshupTemplateOut])
async def gupshup_templates(
    service: ServiceDep, _me: Me, page: Page, response: Response, integration_id: int | None = None
) -> list[GupshupTemplateOut]:
    async with service.storage.read() as conn:
        rows = await _paged(conn, _hsm_query("gupshup", integration_id, None), page, response)
    return [
        GupshupTemplateOut(
            id=r["id"],
            name=r["name"],
            status=r["status"],
            category=r["category"],
            content=r["content"],
            description=r["description"],
            integration_id=r["integration_id"],
        )
        for r in rows
    ]


@router.get("/templates/whatsapp_cloud", response_model=list[WhatsappCloudTemplateOut])
async def cloud_templates(
    service: ServiceDep,
    _me: Me,
    page: Page,
    response: Response,
    integration_id: int | None = None,
    status: Annotated[
        str | None, Query(pattern="^(?i:APPROVED|MISSING_VARS|REJECTED|PENDING)$")
    ] = None,
) -> list[WhatsappCloudTemplateOut]:
    async with service.storage.read() as conn:
        rows = await _paged(
            conn, _hsm_query("whatsapp_cloud", integration_id, status), page, response
        )
    return [
        WhatsappCloudTemplateOut(
            id=r["id"],
            name=r["name"],
            status=r["status"],
            category=r["category"],
            language=r["language"],
            template_id=r["external_id"],
            body=CloudTemplateBodyOut(text=r["content"]),
            header=r["header"],
            footer=r["footer"],
            keys=CloudTemplateKeysOut(
                header=_VARIABLE.findall(r["header"] or ""),
                body=list(dict.fromkeys(_VARIABLE.findall(r["content"]))),
            ),
            integration_id=r["integration_id"],
        )
        for r in rows
    ]


def _requestor(r: sa.RowMapping) -> RequestorOut:
    return RequestorOut(
        id=r["id"],
        name=r["name"],
        email=r["email"],
        telephone=r["telephone"],
        client_id=r["client_id"],
    )


@router.get("/contacts", response_model=list[RequestorOut], openapi_extra=OURS)
async def contacts(
    service: ServiceDep,
    _me: Me,
    page: Page,
    response: Response,
    q: Annotated[str | None, Query(max_length=200, description="Name, e-mail or phone")] = None,
) -> list[RequestorOut]:
    c = db.contacts.c
    query = sa.select(db.contacts).order_by(c.name)
    for word in fold(q or "").split():
        query = query.where(
            sa.or_(
                c.name_fold.contains(word, autoescape=True),
                sa.func.lower(c.email).contains(word, autoescape=True),
                c.telephone.contains(word, autoescape=True),
            )
        )
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [_requestor(r) for r in rows]


@router.get("/clients", response_model=list[ClientOut])
async def clients(
    service: ServiceDep,
    _me: Me,
    page: Page,
    response: Response,
    name: Name = None,
    active: bool | None = None,
) -> list[ClientOut]:
    c = db.clients.c
    query = sa.select(db.clients).where(*_name_like(c.name_fold, name)).order_by(c.name)
    if active is not None:
        query = query.where(c.active == active)
    async with service.storage.read() as conn:
        rows = await _paged(conn, query, page, response)
    return [ClientOut(id=r["id"], name=r["name"], active=r["active"]) for r in rows]


async def _exists(conn: AsyncConnection, table: sa.Table, id_: int, what: str) -> None:
    if await conn.scalar(sa.select(table.c.id).where(table.c.id == id_)) is None:
        raise not_found(what)


@router.get("/clients/{client_id}/desks", response_model=list[DeskOut])
async def client_desks(
    client_id: int, service: ServiceDep, _me: Me, page: Page, response: Response
) -> list[DeskOut]:
    """Only desks linked to the client may receive its tickets."""
    query = (
        sa.select(db.desks)
        .join(db.client_desks, db.client_desks.c.desk_id == db.desks.c.id)
        .where(db.client_desks.c.client_id == client_id)
        .order_by(db.desks.c.name)
    )
    async with service.storage.read() as conn:
        await _exists(conn, db.clients, client_id, "client")
        rows = await _paged(conn, query, page, response)
    return [DeskOut(id=r["id"], name=r["name"], display_name=r["display_name"]) for r in rows]


@router.get("/clients/{client_id}/requestors", response_model=list[RequestorOut])
async def client_requestors(
    client_id: int, service: ServiceDep, _me: Me, page: Page, response: Response, name: Name = None
) -> list[RequestorOut]:
    c = db.contacts.c
    query = (
        sa.select(db.contacts)
        .where(c.client_id == client_id, *_name_like(c.name_fold, name))
        .order_by(c.name)
    )
    async with service.storage.read() as conn:
        await _exists(conn, db.clients, client_id, "client")
        rows = await _paged(conn, query, page, response)
    return [_requestor(r) for r in rows]


@router.get("/desks/{desk_id}/priorities", response_model=list[PriorityOut])
async def desk_priorities(
    desk_id: int, service: ServiceDep, _me: Me, page: Page, response: Response
) -> list[PriorityOut]:
    p = db.priorities.c
    async with service.storage.read() as conn:
        await _exists(conn, db.desks, desk_id, "desk")
        rows = await _paged(
            conn,
            sa.select(db.priorities).where(p.desk_id == desk_id).order_by(p.id),
            page,
            response,
        )
    return [PriorityOut(id=r["id"], name=r["name"]) for r in rows]


@router.get("/desks/{desk_id}/services-catalogs-items", response_model=list[CatalogItemOut])
async def desk_catalog_items(
    desk_id: int, service: ServiceDep, _me: Me, page: Page, response: Response, name: Name = None
) -> list[CatalogItemOut]:
    c = db.catalog_items.c
    query = sa.select(db.catalog_items).where(c.desk_id == desk_id).order_by(c.name)
    for word in (name or "").split():
        query = query.where(c.name.icontains(word, autoescape=True))
    async with service.storage.read() as conn:
        await _exists(conn, db.desks, desk_id, "desk")
        rows = await _paged(conn, query, page, response)
    return [CatalogItemOut(id=r["id"], name=r["name"], area=r["area"]) for r in rows]
