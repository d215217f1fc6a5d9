"""What the service's two WebSockets (attendants' events, visitors' messages) share."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

# The largest frame a client may send. Clients send nothing the service reads (attendants'
# and visitors' sockets only receive), so anything big is a mistake or an attack; `serve`
# also hands it to uvicorn (ws_max_size), which then refuses it before buffering it whole.
MAX_CLIENT_FRAME = 64 * 1024


async def stream_until_gone(websocket: WebSocket, stream: Coroutine[Any, Any, None]) -> None:
    """Run ``stream`` (what the server sends) while reading what the client sends, so a close
    from its side is noticed. Whichever ends first ends both: a client that went away must
    not leave its stream polling the hub until some later event (and a server could not stop)."""
    reader = asyncio.create_task(_drain(websocket))
    sender = asyncio.create_task(stream)
    try:
        await asyncio.wait({reader, sender}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (reader, sender):
            task.cancel()
        for task in (reader, sender):
            with contextlib.suppress(
                asyncio.CancelledError, WebSocketDisconnect, ConnectionError, RuntimeError
            ):
                await task


async def _drain(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, text or binary: the protocol has nothing for
    a client to say, so no frame of any kind may end the stream with an error. (Reading with
    receive_text() raised KeyError on a binary frame, which dropped the socket with no close
    frame and logged a traceback per frame.) One over MAX_CLIENT_FRAME is closed with 1009,
    whatever limit the server running the app was given."""
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            size = len(message.get("text") or message.get("bytes") or b"")
            if size > MAX_CLIENT_FRAME:
                await websocket.close(code=1009, reason="frame too large")
                return
    except (WebSocketDisconnect, RuntimeError):
        pass
