"""The providers' side of the service benchmark: a small HTTP server on loopback that answers
the service's outbound sends as Graph (WhatsApp Cloud) and Gupshup answer them, with as little
work as possible so its CPU stays out of the service's figures.

The bot's triage replies on WhatsApp integrations are queued and sent by the service's
dispatcher; they have to reach something that answers with a message id, or they would be
retried and fail. This answers every POST at once (keep-alive, Content-Length bodies only, the
way httpx sends them) and counts what it was asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from dataclasses import dataclass, field

GRAPH_VERSION = "v21.0"
GUPSHUP_SEND = "/wa/api/v1/msg"


@dataclass
class ProviderStub:
    """``graph_base``/``gupshup_base`` go in the integrations' ``base_url``."""

    host: str = "127.0.0.1"
    port: int = 0
    counts: dict[str, int] = field(default_factory=dict[str, int])
    _server: asyncio.Server | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _connections: set[asyncio.Task[None]] = field(default_factory=set[asyncio.Task[None]])

    @property
    def graph_base(self) -> str:
        return f"http://{self.host}:{self.port}/{GRAPH_VERSION}"

    @property
    def gupshup_base(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    def _answer(self, method: str, path: str) -> tuple[int, bytes]:
        route = path.split("?", 1)[0]
        if method == "POST" and route.endswith("/messages"):
            kind = "graph"
            n = next(self._ids)
            body = {
                "messaging_product": "whatsapp",
                "contacts": [],
                "messages": [{"id": f"wamid.BENCH_{n:08d}"}],
            }
        elif method == "POST" and route == GUPSHUP_SEND:
            kind = "gupshup"
            body = {"status": "submitted", "messageId": f"bench-{next(self._ids):08d}"}
        else:
            kind = "other"
            self.counts[kind] = self.counts.get(kind, 0) + 1
            return 404, b'{"error":"not here"}'
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return 200, json.dumps(body).encode()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length:
                    await reader.readexactly(length)
                status, body = self._answer(method, path)
                reason = "OK" if status == 200 else "Not Found"
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()
