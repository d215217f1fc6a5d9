"""Builds the chat service: storage, event hub, operations and routes, with their lifetimes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import sqlalchemy as sa
from fastapi import FastAPI

from tiflux_desktop import __version__
from tiflux_desktop.domain import fold
from tiflux_desktop.logs import redact_logs_of

from . import db, provisioning
from .api import (
    attachments,
    auth,
    chats,
    customers,
    events,
    lookups,
    tickets,
    webhooks,
    webhooks_gupshup,
    widget,
)
from .api.responses import error_responses
from .api.tickets import TICKET_FILE_LIMITS
from .api.uploads import form_ceiling
from .body_limit import BodyLimit, upload_limits
from .channels import gupshup, whatsapp_cloud
from .channels.core import ChannelCore
from .config import ServiceConfig
from .customers import Customers
from .errors import install_error_handlers
from .events import EventHub
from .files import FileStore
from .log_noise import quiet_client_faults
from .operations import Operations
from .security import hash_password
from .service import Service
from .storage import Storage

if TYPE_CHECKING:
    from .demo_providers import DemoProviders

log = logging.getLogger(__name__)

API_PREFIX = "/api/v2"
_PRUNE_EVERY = 60.0


async def build_service(config: ServiceConfig) -> Service:
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = db.make_engine(config.db_url)
    await db.migrate(engine)
    hub = EventHub()
    storage = Storage(engine, hub)
    hub.reset(await storage.last_seq())
    hub.log_id = await storage.log_id()
    files = FileStore(config.attachments_dir)
    return Service(
        config=config,
        hub=hub,
        storage=storage,
        files=files,
        ops=Operations(storage, config, files),
        customers=Customers(storage, config),
    )


async def provision(service: Service) -> None:
    """Create what the settings file declares and the database lacks."""
    if service.config.organization:
        async with service.storage.write() as tx:
            await provisioning.apply(tx, service.config.organization)


async def ensure_initial_admin(service: Service) -> None:
    """A fresh organisation gets its first administrator from the config file."""
    config = service.config
    if not (config.initial_admin_email and config.initial_admin_password):
        return
    async with service.storage.write() as tx:
        if await tx.conn.scalar(sa.select(sa.func.count()).select_from(db.attendants)):
            return
        await tx.conn.execute(
            sa.insert(db.attendants).values(
                name="ADMINISTRADOR",
                name_fold=fold("ADMINISTRADOR"),
                email=config.initial_admin_email,
                password_hash=hash_password(config.initial_admin_password),
                admin=True,
                online=False,
                version=1,
            )
        )
    log.info("created the first administrator")


async def prune_events(service: Service) -> int:
    """Drop events older than the retention; readers behind it get resync_required."""
    keep_from = service.hub.last_seq - service.config.event_retention
    if keep_from <= 0:
        return 0
    async with service.storage.write() as tx:
        result = await tx.conn.execute(sa.delete(db.events).where(db.events.c.seq <= keep_from))
    return int(result.rowcount or 0)


async def _prune_forever(service: Service) -> None:
    while True:
        await asyncio.sleep(_PRUNE_EVERY)
        try:
            removed = await prune_events(service)
            if removed:
                log.info("pruned %d old events", removed)
        except Exception:
            log.exception("pruning the event log failed; will retry")


def create_app(config: ServiceConfig) -> FastAPI:
    # uvicorn logs each request and websocket handshake with its query string, and the event
    # stream accepts `?token=` from clients that cannot set headers: never in the log.
    redact_logs_of(logging.getLogger(name) for name in ("uvicorn.access", "uvicorn.error"))
    quiet_client_faults([logging.getLogger("uvicorn.error")])  # a client's bad frame
    # Demo customers write through the real channels: the demo's WhatsApp and Gupshup become
    # real integrations served by simulated providers mounted in this app (demo_providers.py).
    demo_providers: DemoProviders | None = None
    if config.demo and config.demo_customers:
        from .demo_providers import DemoProviders

        demo_providers = DemoProviders(config)
        config = demo_providers.configure(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await build_service(config)
        app.state.service = service
        await ensure_initial_admin(service)
        await provision(service)
        background: list[asyncio.Task[None]] = [
            asyncio.create_task(_prune_forever(service), name="prune-events")
        ]
        if config.demo:
            from .demo import seed_demo

            await seed_demo(service, history=config.demo_history)
        # After the demo's seed, so declared ids never collide with the seeded rows' ids.
        async with service.storage.write() as tx:
            await provisioning.apply_integrations(tx, config.integrations)
        channels = ChannelCore(
            service, mounts=demo_providers.mounts(app) if demo_providers is not None else None
        )
        channels.register(
            "whatsapp_cloud",
            whatsapp_cloud.CloudSender,
            whatsapp_cloud.fetch_media,
            whatsapp_cloud.describe_error,
        )
        webhooks_gupshup.register(channels, public_base_url=config.public_base_url)
        app.state.channels = channels
        await channels.start()
        background.append(
            asyncio.create_task(
                gupshup.refresh_templates_forever(
                    service.storage, config.integrations, channels.client
                ),
                name="gupshup-templates",
            )
        )
        simulation: asyncio.Task[None] | None = None
        if demo_providers is not None:
            from .demo import run_simulation

            demo_providers.start(app)
            simulation = asyncio.create_task(
                run_simulation(service, providers=demo_providers), name="demo-customers"
            )
        try:
            yield
        finally:
            if simulation is not None and demo_providers is not None:
                simulation.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await simulation
                await demo_providers.stop()
            await channels.stop()
            await service.hub.close()
            for task in background:
                task.cancel()
            for task in background:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await service.storage.engine.dispose()

    app = FastAPI(
        title="Tiflux Chats service",
        version=__version__,
        description=(
            "Speaks Tiflux API v2 where it exists (same paths, fields, enums and pagination) and "
            "extends it where it does not. Operations marked `x-tiflux-extension` are ours."
        ),
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    # No body is read past what its route can take (JSON whole in memory, files to disk).
    upload_ceiling = form_ceiling(config.limits, config.limits.max_files_per_message)
    app.add_middleware(
        BodyLimit,
        limit_for=upload_limits(
            [
                (rf"{API_PREFIX}/chats/\d+/messages", upload_ceiling),
                (rf"{API_PREFIX}/customer/messages", form_ceiling(config.limits, 1)),
                (
                    rf"{API_PREFIX}/tickets",
                    form_ceiling(TICKET_FILE_LIMITS, TICKET_FILE_LIMITS.max_files_per_message),
                ),
                (r"/demo-providers/.*", upload_ceiling),
            ]
        ),
    )
    # The errors each group of routes can answer, documented in the OpenAPI.
    for module, errors in (
        (auth, error_responses(400, 401, 422)),
        (chats, error_responses(400, 401, 403, 404, 409, 413, 422)),
        (lookups, error_responses(401, 404, 422)),
        (tickets, error_responses(400, 401, 404, 413, 422)),
        (events, error_responses(401, 422)),
        (customers, error_responses(400, 401, 403, 404, 413, 422)),
        (attachments, error_responses(401, 403, 404, 422)),
        (webhooks, error_responses(400, 403, 404, 422)),
        (webhooks_gupshup, error_responses(400, 403, 404, 422)),
    ):
        app.include_router(module.router, prefix=API_PREFIX, responses=errors)
    app.include_router(widget.router)  # /widget/...: the address pasted into sites, no prefix
    if demo_providers is not None:
        app.include_router(demo_providers.router)  # /demo-providers/...: demo mode only
        app.state.demo_providers = demo_providers

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_root() -> dict[str, object]:  # pyright: ignore[reportUnusedFunction]
        return app.openapi()

    @app.get(f"{API_PREFIX}/health", tags=["service"], openapi_extra={"x-tiflux-extension": True})
    async def health() -> dict[str, object]:  # pyright: ignore[reportUnusedFunction]
        service: Service = app.state.service
        return {"status": "ok", "version": __version__, "last_seq": service.hub.last_seq}

    return app
