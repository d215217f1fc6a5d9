"""What the service's two WebSockets (attendants' events, visitors' messages) share."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect


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
    """Read (and ignore) what the client sends."""
    try:
        while True:
            await websocket.receive_text()
    except (WebSocketDisconnect, RuntimeError):
        pass
