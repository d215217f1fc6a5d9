"""What the dialogs offer: departments, attendants, groups and integrations from the cache
(kept current by the sync), clients, contacts, desks and catalog items from the service."""

from __future__ import annotations

from tiflux_desktop.domain import AttachmentLimits, Attendant, AttendantGroup, Department
from tiflux_desktop.protocol import (
    CatalogItemOut,
    ClientOut,
    IntegrationOut,
    OrganizationOut,
    RequestorOut,
)
from tiflux_desktop.store import Cache

from .context import Context


class LookupService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- from the cache (offline too) ---------------------------------------------------

    @property
    def me(self) -> Attendant:
        return self._ctx.attendant

    @property
    def organization(self) -> OrganizationOut:
        return self._ctx.me.organization

    @property
    def limits(self) -> AttachmentLimits:
        return self._ctx.limits

    async def departments(self) -> list[Department]:
        return await self._ctx.store.call(Cache.departments)

    async def attendants(self) -> list[Attendant]:
        return await self._ctx.store.call(Cache.attendants)

    async def groups(self) -> list[AttendantGroup]:
        return await self._ctx.store.call(Cache.groups)

    async def integrations(self) -> list[IntegrationOut]:
        return await self._ctx.store.call(Cache.integrations)

    # --- from the service ---------------------------------------------------------------

    async def clients(self, name: str | None = None) -> list[ClientOut]:
        return await self._ctx.api.clients(name)

    async def client_contacts(self, client_id: int) -> list[RequestorOut]:
        return await self._ctx.api.client_requestors(client_id)

    async def contacts(self, q: str | None = None) -> list[RequestorOut]:
        return await self._ctx.api.contacts(q)

    async def catalog_items(self, desk_id: int) -> list[CatalogItemOut]:
        return await self._ctx.api.desk_catalog_items(desk_id)
