"""A stand-in for the service's event endpoints, for measuring the app's ingest alone.

It answers what a resumed session asks at (re)connect: ``GET /api/v2/events?after=SEQ`` pages
the log it holds, and the ``/api/v2/events/ws`` WebSocket replays from ``after`` and then
streams what ``publish`` adds. Everything else gets a 404. It runs in a thread of its own with
its own asyncio loop, so its sending does not share the measured loop.

``go_down()`` is the network going away: every open socket is closed (abruptly, as a dropped
connection is seen) and new connections are refused until ``come_back()``.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

API = "/api/v2"


def _json(status: int, body: Any) -> Response:
    data = json.dumps(body).encode()
    headers = Headers({"Content-Type": "application/json", "Content-Length": str(len(data))})
    return Response(status, HTTPStatus(status).phrase, headers, data)


class EventLog:
    """Frames (JSON text, as the service sends them) by seq; duplicates allowed in ``frames``
    to replay a stream as it was generated."""

    def __init__(self, cursor: int) -> None:
        self.head = cursor
        self.by_seq: dict[int, str] = {}

    def add(self, frames: list[str]) -> None:
        for frame in frames:
            seq = int(json.loads(frame)["seq"])
            self.by_seq.setdefault(seq, frame)
            self.head = max(self.head, seq)

    def page(self, after: int, limit: int) -> dict[str, Any]:
        seqs = [s for s in range(after + 1, self.head + 1) if s in self.by_seq][:limit]
        events = [json.loads(self.by_seq[s]) for s in seqs]
        return {
            "events": events,
            "last_seq": seqs[-1] if seqs else max(after, 0),
            "head_seq": self.head,
        }


class IngestServer:
    """``start()`` binds 127.0.0.1:``port``; ``publish(frames)`` streams to every socket."""

    def __init__(self, port: int, log: EventLog) -> None:
        self.port = port
        self.log = log
        self.requests: list[str] = []
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Server | None = None
        self._sockets: set[ServerConnection] = set()
        self._queues: set[asyncio.Queue[str | None]] = set()

    # --- running --------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        self._call(self._open)

    def stop(self) -> None:
        self._call(self._close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def go_down(self) -> None:
        self._call(self._close)

    def come_back(self) -> None:
        self._call(self._open)

    def publish(self, frames: list[str]) -> None:
        """Add to the log and send to every open socket, in order."""

        def push() -> None:
            self.log.add(frames)
            for queue in self._queues:
                for frame in frames:
                    queue.put_nowait(frame)

        self._loop.call_soon_threadsafe(push)

    def _call(self, fn: Callable[[], Any]) -> Any:
        async def run() -> Any:
            result = fn()
            return await result if asyncio.iscoroutine(result) else result

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    async def _open(self) -> None:
        self._server = await serve(
            self._handler,
            "127.0.0.1",
            self.port,
            process_request=self._http,
            max_size=None,
            ping_interval=None,
        )

    async def _close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close(close_connections=False)
        for ws in list(self._sockets):
            ws.transport.abort()  # as a dropped network: no closing handshake
        for queue in self._queues:
            queue.put_nowait(None)  # the handlers end
        await server.wait_closed()

    # --- the endpoints --------------------------------------------------------------------

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        self.requests.append(url.path)
        query = parse_qs(url.query)
        if url.path == f"{API}/events/ws":
            return None  # the WebSocket handshake goes on
        if url.path == f"{API}/events":
            after = int(query.get("after", ["0"])[0])
            limit = int(query.get("limit", ["1000"])[0])
            return _json(200, self.log.page(after, limit))
        return _json(404, {"code": "not_found", "message": f"no {url.path} here"})

    async def _handler(self, ws: ServerConnection) -> None:
        self.connections += 1
        request = ws.request
        assert request is not None
        after = int(parse_qs(urlsplit(request.path).query).get("after", ["0"])[0])
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._sockets.add(ws)
        self._queues.add(queue)
        try:
            for seq in range(after + 1, self.log.head + 1):
                if (frame := self.log.by_seq.get(seq)) is not None:
                    await ws.send(frame)
            while (frame := await queue.get()) is not None:
                await ws.send(frame)
        except Exception:  # the socket went away: the client reconnects
            return
        finally:
            self._sockets.discard(ws)
            self._queues.discard(queue)
