"""The event log: GET /events pages it, the WebSocket replays then streams it (ours)."""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket

from tiflux_desktop.domain import Attendant
from tiflux_desktop.protocol import EventsPage, EventType

from .. import queries
from ..errors import ApiError
from ..events import visible_to
from ..service import Service
from ..storage import Storage
from .deps import OURS, Me, ServiceDep, attendant_for_token
from .sockets import stream_until_gone

log = logging.getLogger(__name__)
router = APIRouter(tags=["events"])

_BATCH = 500


@router.get("/events", response_model=EventsPage, openapi_extra=OURS)
async def events(
    service: ServiceDep,
    me: Me,
    after: Annotated[int, Query(ge=0, description="The last seq you applied")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> EventsPage:
    """Events after `after` that you may see. `last_seq` is where the next page starts;
    `resync_required` means `after` is older than the retained log: refresh the lists."""
    found, reached, resync = await queries.events_after(
        service.storage, me, after, limit, retention=service.config.event_retention
    )
    page = {
        "events": [e.wire() for e in found],
        "last_seq": service.hub.last_seq if resync else reached,
        "head_seq": service.hub.last_seq,
        "log_id": service.hub.log_id,
        "resync_required": resync,
    }
    return EventsPage.model_validate(page)


@router.websocket("/events/ws")
async def events_ws(websocket: WebSocket, after: int = 0, token: str | None = None) -> None:
    """Replay from `after`, then stream live. Authenticate with the Authorization header or,
    where a client cannot set headers, `?token=`."""
    service: Service = websocket.app.state.service
    header = websocket.headers.get("authorization", "")
    bearer = header[7:] if header.lower().startswith("bearer ") else token
    try:
        attendant = await attendant_for_token(service, bearer)
    except ApiError as exc:
        # Accept first: a close before the handshake becomes a bare HTTP 403, which a
        # client cannot tell from a proxy's refusal; 4401 says "sign in again".
        await websocket.accept()
        await websocket.close(code=4401, reason=exc.message[:120])
        return
    await websocket.accept()
    await stream_until_gone(websocket, _stream(websocket, service, attendant, max(after, 0)))


async def _stream(
    websocket: WebSocket, service: Service, attendant: Attendant, cursor: int
) -> None:
    hub = service.hub
    seeing = [attendant]  # who this socket sends for (their groups may change)
    with hub.follow(lambda event: visible_to(event, seeing[0]), cursor) as follower:
        while not hub.closed:
            follower.wake.clear()  # before reading: a commit from here on wakes it again
            found, reached, resync = await queries.events_after(
                service.storage,
                seeing[0],
                follower.cursor,
                _BATCH,
                retention=service.config.event_retention,
            )
            if resync:
                await websocket.send_text(
                    json.dumps(
                        {"type": "resync_required", "last_seq": hub.last_seq, "log_id": hub.log_id}
                    )
                )
                follower.cursor = hub.last_seq
                continue
            for event in found:
                await websocket.send_text(event.frame)
                if (
                    event.type is EventType.ATTENDANT_UPSERTED
                    and event.data.get("id") == seeing[0].id
                ):
                    # Our own groups or status changed: see with the new eyes from here on.
                    async with service.storage.read() as conn:
                        seeing[0] = await Storage.attendant(conn, seeing[0].id) or seeing[0]
            # The hub may have moved the cursor past commits with nothing for us meanwhile.
            follower.cursor = max(follower.cursor, reached)
            if follower.cursor >= hub.last_seq:
                await follower.wait(service.config.ws_ping_interval)
