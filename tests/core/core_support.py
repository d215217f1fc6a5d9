"""Helpers for the core scenarios: a service that can be stopped and started again on the same
database and port, attendants' machines and the sessions on them, polling, and the service's
own view of a chat over HTTP."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from machines import Machine
from machines import eventually as eventually  # the scenarios import it from here
from support import DEMO_PASSWORD, Live, ServerThread
from tiflux_desktop.domain import AuthorType
from tiflux_desktop.server.config import ServiceConfig
from tiflux_desktop.services import Session
from tiflux_desktop.store import Cache, ChatEntry, OutboxItem, OutboxState, Store
from tiflux_desktop.sync import ChangeSet

# --- a service that can go away and come back ---------------------------------------------


def _listening_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


class RestartableService:
    """uvicorn in a thread, like support.ServerThread, but on a port reserved once so that
    ``stop()`` then ``start()`` brings the same service (same database) back at the same
    address: what the app sees when the service restarts or the network drops."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        probe = _listening_socket(0)
        self.port: int = probe.getsockname()[1]
        probe.close()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.live = Live(self.base_url, config)
        self._server: ServerThread | None = None

    def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("already running")
        server = ServerThread(self.config, self.port)
        server.start()
        self._server = server

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        if server.thread.is_alive():
            raise RuntimeError("the service did not stop")

    async def astop(self) -> None:
        """Stop from a test's event loop without blocking it (the session keeps running)."""
        await asyncio.to_thread(self.stop)

    async def astart(self) -> None:
        await asyncio.to_thread(self.start)

    def close(self) -> None:
        self.live.close()
        self.stop()


# --- sessions -----------------------------------------------------------------------------


@dataclass
class Running:
    """A session with every ChangeSet it published."""

    session: Session
    machine: Machine
    changes: list[ChangeSet] = field(default_factory=list[ChangeSet])

    def __post_init__(self) -> None:
        self.session.hub.subscribe(self.changes.append)

    def appended_ids(self) -> list[int]:
        return [m.id for c in self.changes for m in c.messages_appended]

    def removed_chats(self) -> set[int]:
        return {i for c in self.changes for i in c.chats_removed}

    def upserted_chats(self) -> set[int]:
        return {e.id for c in self.changes for e in c.chats_upserted}


class Sessions:
    """Opens sessions and closes every one of them at the end of the test."""

    def __init__(self, service: RestartableService, tmp_path: Path) -> None:
        self.service = service
        self.tmp_path = tmp_path
        self._open: list[Session] = []
        self._machines = 0

    def machine(self) -> Machine:
        self._machines += 1
        return Machine(self.tmp_path / f"machine-{self._machines}")

    async def sign_in(
        self,
        email: str,
        machine: Machine | None = None,
        *,
        start: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Running:
        machine = machine or self.machine()
        session = await Session.sign_in(
            machine.env(transport), self.service.base_url, email, DEMO_PASSWORD
        )
        return await self._track(session, machine, start)

    async def resume(self, machine: Machine, *, start: bool = True) -> Running:
        return await self._track(await Session.resume(machine.env()), machine, start)

    async def _track(self, session: Session, machine: Machine, start: bool) -> Running:
        self._open.append(session)
        running = Running(session, machine)
        if start:
            await session.start()
        return running

    async def close(self, running: Running | Session) -> None:
        session = running.session if isinstance(running, Running) else running
        if session in self._open:
            self._open.remove(session)
            await session.close()

    def forget(self, running: Running) -> None:
        """The test closes this session itself (sign_out)."""
        if running.session in self._open:
            self._open.remove(running.session)

    async def close_all(self) -> None:
        while self._open:
            await self._open.pop().close()


# --- waiting ------------------------------------------------------------------------------


# --- the service's own view ---------------------------------------------------------------


def service_messages(client: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    """Every message of the chat as the service lists it, oldest first."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        response = client.get(f"/chats/{chat_id}/messages", params={"offset": page, "limit": 200})
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()
        found.extend(items)
        if len(items) < 200:
            return found
        page += 1


def attendant_texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if m["author"]["type"] == AuthorType.ATTENDANT.value]


async def cached_messages(store: Store, chat_id: int) -> list[tuple[int, str | None, str | None]]:
    """(id, text, client_message_id) of every cached message of the chat, by id."""

    def read(cache: Cache) -> list[tuple[int, str | None, str | None]]:
        rows = cache.db.conn.execute(
            "SELECT id, text, client_message_id FROM messages WHERE chat_id = ? ORDER BY id",
            (chat_id,),
        ).fetchall()
        return [(int(r[0]), r[1], r[2]) for r in rows]

    return await store.call(read)


async def delivered(session: Session, chat_id: int) -> bool:
    """Nothing of the chat is left in the outbox."""
    return not await session.composer.pending(chat_id)


async def outbox_state(
    session: Session, chat_id: int, state: OutboxState, *, attempts: int = 1
) -> OutboxItem | None:
    """The chat's one outbox item once it is in ``state`` after ``attempts`` tries."""
    pending = await session.composer.pending(chat_id)
    if len(pending) == 1 and pending[0].state is state and pending[0].attempts >= attempts:
        return pending[0]
    return None


def ids(entries: list[ChatEntry]) -> list[int]:
    return [e.id for e in entries]
