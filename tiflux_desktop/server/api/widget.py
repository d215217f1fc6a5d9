"""The website widget: the snippet's script (GET /widget/embed.js), the chat page it opens in
an iframe (GET /widget/{integration_id}) and the page's static files (GET /widget/static/..).

Mounted at the root, not under the API prefix: the snippet's URL is what site owners paste.
The page runs under a Content-Security-Policy that allows only this service's own scripts,
styles and connections (no inline script); its settings travel in data attributes.
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tiflux_desktop import __version__
from tiflux_desktop.domain import Origin

from .. import db
from ..service import Service

router = APIRouter(tags=["widget"], include_in_schema=False)

API_BASE = "/api/v2"  # where app.py mounts the API (its API_PREFIX)
_STATIC = {
    "widget.css": "text/css; charset=utf-8",
    "widget.js": "text/javascript; charset=utf-8",
}
# The snippet's script and the page's files change only with a new version: the page asks
# for them with ?v=<version>, so they may be kept for a day; embed.js itself (pasted into
# sites without a version) for an hour.
_EMBED_CACHE = "public, max-age=3600"
_STATIC_CACHE = "public, max-age=86400"


@cache
def _asset(name: str) -> str:
    return (resources.files("tiflux_desktop.server") / "widget" / name).read_text("utf-8")


def _headers(cache_control: str) -> dict[str, str]:
    return {"Cache-Control": cache_control, "X-Content-Type-Options": "nosniff"}


def page_policy(request: Request, frame_ancestors: str = "*") -> str:
    """Only this service: its scripts, styles and images, its API over HTTP and WebSocket;
    ``frame_ancestors`` says which sites may show the page (any, unless configured)."""
    host = request.headers.get("host", "")
    sockets = f" ws://{host} wss://{host}" if host and all(c not in host for c in " ;,'") else ""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            f"connect-src 'self'{sockets}",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {frame_ancestors}",
        )
    )


async def _widget_integration(service: Service, integration_id: int) -> dict[str, Any] | None:
    async with service.storage.read() as conn:
        row = (
            (
                await conn.execute(
                    sa.select(db.integrations).where(
                        db.integrations.c.id == integration_id,
                        db.integrations.c.type == Origin.SITE_WIDGET.value,
                        db.integrations.c.active.is_(True),
                    )
                )
            )
            .mappings()
            .first()
        )
    return dict(row) if row is not None else None


def _frame_ancestors(service: Service, integration_id: int) -> str:
    """The integration's `allowed_origins` (space-separated, in its [integrations.provider]
    settings) when the config names them; any site otherwise."""
    integration = service.config.integration(integration_id)
    origins = (integration.setting("allowed_origins") or "").split() if integration else []
    allowed = [o for o in origins if o.startswith(("https://", "http://")) and ";" not in o]
    return " ".join(allowed) if allowed else "*"


@router.get("/widget/embed.js")
async def embed_script() -> Response:
    return Response(
        _asset("embed.js"),
        media_type="text/javascript; charset=utf-8",
        headers=_headers(_EMBED_CACHE),
    )


@router.get("/widget/static/{name}")
async def static_file(name: str) -> Response:
    media_type = _STATIC.get(name)
    if media_type is None:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(_asset(name), media_type=media_type, headers=_headers(_STATIC_CACHE))


@router.get("/widget/{integration_id}", response_class=HTMLResponse)
async def page(integration_id: int, request: Request) -> HTMLResponse:
    service: Service = request.app.state.service
    integration = await _widget_integration(service, integration_id)
    headers = _headers("no-store")
    headers["Referrer-Policy"] = "no-referrer"
    if integration is None:
        headers["Content-Security-Policy"] = page_policy(request)
        return HTMLResponse(_asset("unavailable.html"), status_code=404, headers=headers)
    headers["Content-Security-Policy"] = page_policy(
        request, _frame_ancestors(service, integration_id)
    )
    config = service.config
    values = {
        "version": __version__,
        "api": API_BASE,
        "integration": str(integration_id),
        "title": str(integration["name"]),
        "organization": config.organization_name,
        "bot": config.bot_name,
        "file_max": str(config.limits.file_max_bytes),
        "media_max": str(config.limits.media_max_bytes),
    }
    text = _asset("widget.html")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
    return HTMLResponse(text, headers=headers)
