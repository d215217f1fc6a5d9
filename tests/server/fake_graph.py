"""A stand-in for Meta's Graph API on 127.0.0.1: a real HTTP server that records every request
and answers as Graph does (message ids, media uploads, media URLs and downloads), and that can
fail the next sends on demand with Graph's error bodies."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tiflux_desktop.server.channels.whatsapp_cloud import sign
from tiflux_desktop.server.config import IntegrationConfig

VERSION = "v21.0"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    json: Any = None
    form: dict[str, str] = field(default_factory=dict[str, str])
    file: tuple[str, str, bytes] | None = None  # (filename, content type, content)


class FakeGraph:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.failures: deque[tuple[int, Any]] = deque()
        self.media: dict[str, tuple[bytes, str]] = {}
        self._ids = itertools.count(1)
        # Called with the id of a send before it is answered (tests of races).
        self.before_answer: Callable[[str], Awaitable[None]] | None = None
        self._lock = threading.Lock()
        app = FastAPI()

        @app.post(f"/{VERSION}/{{phone_number_id}}/messages")
        async def messages(phone_number_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            body = await request.json()
            self._record(Recorded("POST", request.url.path, dict(request.headers), json=body))
            failure = self._next_failure()
            if failure is not None:
                return JSONResponse(failure[1], status_code=failure[0])
            to = body.get("to") or body.get("recipient")
            wamid = f"wamid.FAKE_{next(self._ids):04d}"
            if self.before_answer is not None:  # a status webhook racing this answer
                await self.before_answer(wamid)
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": to, "wa_id": to}],
                    "messages": [{"id": wamid}],
                }
            )

        @app.post(f"/{VERSION}/{{phone_number_id}}/media")
        async def upload(phone_number_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            form = await request.form()
            upload = form.get("file")
            recorded = Recorded(
                "POST",
                request.url.path,
                dict(request.headers),
                form={k: v for k, v in form.items() if isinstance(v, str)},
            )
            if upload is not None and not isinstance(upload, str):
                recorded.file = (
                    upload.filename or "",
                    upload.content_type or "",
                    await upload.read(),
                )
            self._record(recorded)
            return JSONResponse({"id": f"{next(self._ids) + 700000000000000}"})

        @app.get(f"/{VERSION}/{{media_id}}")
        async def media_url(media_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            self._record(Recorded("GET", request.url.path, dict(request.headers)))
            if media_id not in self.media:
                return JSONResponse(
                    {"error": {"message": "Unsupported get request.", "code": 100}},
                    status_code=400,
                )
            content, content_type = self.media[media_id]
            return JSONResponse(
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.base_host}/download/{media_id}",
                    "mime_type": content_type,
                    "sha256": "x",
                    "file_size": len(content),
                    "id": media_id,
                }
            )

        @app.get("/download/{media_id}")
        async def download(media_id: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            self._record(Recorded("GET", request.url.path, dict(request.headers)))
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return Response(status_code=401)
            content, content_type = self.media[media_id]
            return Response(content, media_type=content_type)

        self.token = ""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def base_host(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What goes in the integration's ``base_url``."""
        return f"{self.base_host}/{VERSION}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake Graph API did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    # --- what tests use -------------------------------------------------------------------

    def fail_next(self, status: int, body: Any, times: int = 1) -> None:
        """The next ``times`` sends answer this instead of a message id."""
        for _ in range(times):
            self.failures.append((status, body))

    def sends(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/messages")]

    def uploads(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/media")]

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    def _next_failure(self) -> tuple[int, Any] | None:
        with self._lock:
            return self.failures.popleft() if self.failures else None


# --- helpers the channel tests share ------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "channels"
APP_SECRET = "test-app-secret-NOT-REAL-0001"  # the fixtures' test secret (their README)
VERIFY_TOKEN = "verify-token-NOT-REAL"
ACCESS_TOKEN = "access-token-NOT-REAL"
PHONE_NUMBER_ID = "200000000000002"
CLOUD = 2  # the demo's WhatsApp Cloud integration, made real by the config below


def cloud_integration(graph: FakeGraph, integration_id: int = CLOUD) -> IntegrationConfig:
    graph.token = ACCESS_TOKEN
    return IntegrationConfig(
        id=integration_id,
        type="whatsapp_cloud",
        name="WhatsApp Suporte",
        phone_number="5511400040001",
        provider=MappingProxyType(
            {
                "phone_number_id": PHONE_NUMBER_ID,
                "access_token": ACCESS_TOKEN,
                "app_secret": APP_SECRET,
                "verify_token": VERIFY_TOKEN,
                "base_url": graph.base_url,
            }
        ),
    )


def fixture(name: str) -> bytes:
    return (FIXTURES / "whatsapp_cloud" / name).read_bytes()


def post_webhook(
    base_api: str, raw: bytes, *, signature: str | None = "sign", integration_id: int = CLOUD
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        signature = sign(APP_SECRET, raw)
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return httpx.post(
        f"{base_api}/webhooks/whatsapp-cloud/{integration_id}",
        content=raw,
        headers=headers,
        timeout=15,
    )


def envelope(
    *messages: dict[str, Any],
    statuses: Sequence[dict[str, Any]] = (),
    contacts: Sequence[dict[str, Any]] | None = None,
) -> bytes:
    """A webhook body as Meta sends it, around these messages / statuses."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550100001", "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages:
        value["contacts"] = (
            list(contacts)
            if contacts is not None
            else [{"profile": {"name": "Cliente Teste"}, "wa_id": "5511900000001"}]
        )
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "100000000000001", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body).encode()


def message(
    kind: str, message_id: str, sender: str = "5511900000001", **fields: Any
) -> dict[str, Any]:
    return {"from": sender, "id": message_id, "timestamp": "1750000100", "type": kind, **fields}


def status(message_id: str, state: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": message_id,
        "status": state,
        "timestamp": "1750000700",
        "recipient_id": "5511900000001",
        **fields,
    }


def chats_of(
    attendant: httpx.Client, phone: str | None = None, name: str | None = None
) -> list[dict[str, Any]]:
    """The chats (latest state) whose requestor has this phone or name, from the event log."""
    events = attendant.get("/events", params={"after": 0, "limit": 1000}).json()["events"]
    found: dict[int, dict[str, Any]] = {}
    for event in events:
        if event["type"] != "chat.upserted":
            continue
        requestor = event["data"].get("requestor") or {}
        if (phone and requestor.get("telephone") == phone) or (
            name and requestor.get("name") == name
        ):
            found[event["data"]["id"]] = event["data"]
    return [found[k] for k in sorted(found)]


def messages_of(attendant: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    response = attendant.get(f"/chats/{chat_id}/messages", params={"limit": 200})
    assert response.status_code == 200, response.text
    return list(response.json())
