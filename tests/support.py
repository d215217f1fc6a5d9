"""Helpers for server tests: a real chat service on 127.0.0.1 for every test, seeded with the demo organisation
(without history or simulated customers), and small real HTTP clients to talk to it.

Seeded ids (see tiflux_desktop/server/demo.py):
  departments  1 Suporte, 2 Vendas, 3 Financeiro
  attendants   1 ADMINISTRADOR (admin, all departments), 2 Ana Souza (Suporte),
               3 Bruno Lima (Vendas), 4 Carla Mendes (Financeiro + Suporte); password DEMO_PASSWORD
  integrations 1 Widget do site (site_widget), 2 WhatsApp Cloud (simulated), 3 Gupshup (simulated)
  contacts     1..10 (1 João da Silva, client 1 Padaria Pão Quente Ltda ...)
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tiflux_desktop.server.app import create_app
from tiflux_desktop.server.config import RateLimits, ServiceConfig
from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD

ADMIN = DEMO_ADMIN_EMAIL
ANA = "ana@demo.tiflux.local"  # Suporte
BRUNO = "bruno@demo.tiflux.local"  # Vendas
CARLA = "carla@demo.tiflux.local"  # Financeiro + Suporte
SUPORTE, VENDAS, FINANCEIRO = 1, 2, 3
WIDGET, WHATSAPP_CLOUD, GUPSHUP = 1, 2, 3


class ServerThread:
    """uvicorn in a thread with its own event loop, on a port the OS picked, or on ``port``
    (a service brought back on the same address after a stop, as after a restart)."""

    def __init__(self, config: ServiceConfig, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port: int = self.sock.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(
                create_app(config), log_level="warning", ws_ping_interval=20, lifespan="on"
            )
        )
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the service did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@dataclass
class Live:
    """The running service and helpers to reach it."""

    base_url: str
    config: ServiceConfig
    _clients: list[httpx.Client] = field(default_factory=list[httpx.Client])

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v2"

    @property
    def ws(self) -> str:
        return self.api.replace("http://", "ws://")

    def anonymous(self) -> httpx.Client:
        client = httpx.Client(base_url=self.api, timeout=15)
        self._clients.append(client)
        return client

    def token(self, email: str, password: str = DEMO_PASSWORD) -> str:
        response = self.anonymous().post("/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def attendant(
        self, email: str, *, online: bool = True, password: str = DEMO_PASSWORD
    ) -> httpx.Client:
        """A signed-in attendant (Online by default, since only Online attendants assume)."""
        client = httpx.Client(
            base_url=self.api,
            timeout=15,
            headers={"Authorization": f"Bearer {self.token(email, password)}"},
        )
        self._clients.append(client)
        if online:
            assert client.put("/me/status", json={"online": True}).status_code == 200
        return client

    def customer(
        self,
        integration_id: int = WIDGET,
        name: str = "Cliente Teste",
        telephone: str | None = None,
    ) -> Customer:
        body: dict[str, Any] = {"integration_id": integration_id, "name": name}
        if telephone:
            body["telephone"] = telephone
        response = self.anonymous().post("/customer/sessions", json=body)
        assert response.status_code == 201, response.text
        client = httpx.Client(
            base_url=self.api,
            timeout=15,
            headers={"Authorization": f"Bearer {response.json()['token']}"},
        )
        self._clients.append(client)
        return Customer(client, int(response.json()["contact_id"]))

    def close(self) -> None:
        for client in self._clients:
            client.close()


@dataclass
class Customer:
    http: httpx.Client
    contact_id: int
    seen: int = 0

    def say(self, text: str) -> dict[str, Any]:
        response = self.http.post("/customer/messages", json={"text": text})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def inbox(self) -> list[dict[str, Any]]:
        """New messages since the last call, as the customer sees them."""
        response = self.http.get("/customer/messages", params={"after_id": self.seen})
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        if messages:
            self.seen = max(m["id"] for m in messages)
        return messages

    def inbox_all(self) -> list[dict[str, Any]]:
        """Every message the customer has received so far."""
        response = self.http.get("/customer/messages", params={"after_id": 0})
        assert response.status_code == 200, response.text
        return list(response.json()["messages"])

    def open_chat(self, department_option: str = "1") -> int:
        """Write in, pass the triage menu, and return the chat id (now in a department inbox)."""
        chat_id = int(self.say("Olá, preciso de ajuda")["chat_id"])
        self.say(department_option)
        return chat_id


def make_config(tmp_path: Path, **changes: Any) -> ServiceConfig:
    base = ServiceConfig(
        data_dir=tmp_path / "service",
        demo=True,
        demo_history=False,
        demo_customers=False,
        # Tests write as fast as they can from one visitor; the limit has its own tests
        # (tests/security/test_rate_limits.py).
        rate_limits=RateLimits(customer_messages_per_minute=0),
    )
    return replace(base, **changes)


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    """Poll until ``predicate`` returns something truthy; return it."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}: last {result!r}")
        time.sleep(0.05)
