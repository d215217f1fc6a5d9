"""A fake Gupshup on 127.0.0.1: a real HTTP server that records every request and answers as
Gupshup's APIs do (send message, send template, list templates), serves inbound media files,
fetches the media URLs it is given (as Gupshup downloads outbound media), and fails on demand.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import uvicorn
from fastapi import FastAPI, Request, Response

API_KEY = "test-gupshup-api-key-NOT-REAL"
APP_NAME = "FakeDemoApp"
SOURCE_NUMBER = "15550100002"


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    form: dict[str, str]

    def json_field(self, name: str) -> Any:
        return json.loads(self.form[name])


@dataclass(frozen=True)
class Fetched:
    """A media URL the fake downloaded while accepting a send, as Gupshup would."""

    url: str
    status: int
    content: bytes
    content_type: str | None


@dataclass(frozen=True)
class Failure:
    status: int | None  # None: answer normally, after the delay
    message: str = ""
    delay: float = 0.0
    ok_status_error: bool = False  # 200 with {"status": "error"}


def _template(id_: str, name: str, body: str, category: str = "UTILITY") -> dict[str, Any]:
    return {
        "appId": "00000000-0000-4000-8000-0000000000aa",
        "category": category,
        "createdOn": 1750000000000,
        "data": body + " | [Sim] | [Não]",
        "containerMeta": json.dumps(
            {"data": body, "header": "Tiflux", "footer": "Responda pelo WhatsApp"}
        ),
        "elementName": name,
        "id": id_,
        "languageCode": "pt_BR",
        "languagePolicy": "deterministic",
        "modifiedOn": 1750000000000,
        "status": "APPROVED",
        "templateType": "TEXT",
        "vertical": "Atendimento",
    }


@dataclass
class FakeGupshup:
    api_key: str = API_KEY
    fetch_media_urls: bool = True
    requests: list[Recorded] = field(default_factory=list[Recorded])
    fetched: list[Fetched] = field(default_factory=list[Fetched])
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict[str, tuple[bytes, str]])
    templates: list[dict[str, Any]] = field(
        default_factory=lambda: [
            _template(
                "7f0b1d3e-0000-4000-8000-000000000001",
                "boas_vindas",
                "Olá {{1}}, seu chamado {{2}} foi aberto.",
            ),
            _template(
                "7f0b1d3e-0000-4000-8000-000000000002",
                "lembrete_pagamento",
                "Seu boleto vence em {{1}}.",
                "MARKETING",
            ),
        ]
    )
    _ids: list[str] = field(default_factory=list[str])
    _failures: deque[Failure] = field(default_factory=deque[Failure])
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.app = self._build()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    # --- control ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeGupshup:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake Gupshup did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()

    def fail_next(
        self,
        status: int | None,
        message: str = "",
        *,
        delay: float = 0.0,
        ok_status_error: bool = False,
    ) -> None:
        """The next send answers ``status`` with Gupshup's error body (after ``delay``)."""
        with self._lock:
            self._failures.append(Failure(status, message, delay, ok_status_error))

    def sends(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST"]

    def wait_for_sends(self, count: int, timeout: float = 15.0) -> list[Recorded]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sends = self.sends()
            if len(sends) >= count:
                return sends
            time.sleep(0.02)
        raise AssertionError(f"expected {count} sends, got {len(self.sends())}")

    def provider_ids(self) -> list[str]:
        """The message ids answered so far, in order."""
        with self._lock:
            return list(self._ids)

    # --- the fake API -----------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        async def record(request: Request) -> Recorded:
            body = await request.body()
            form = (
                dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                if request.headers.get("content-type", "").startswith(
                    "application/x-www-form-urlencoded"
                )
                else {}
            )
            entry = Recorded(
                request.method,
                request.url.path,
                {k.lower(): v for k, v in request.headers.items()},
                body,
                form,
            )
            with self._lock:
                self.requests.append(entry)
            return entry

        def error(status: int, message: str) -> Response:
            return Response(
                json.dumps({"status": "error", "message": message}),
                status_code=status,
                media_type="application/json",
            )

        async def accept(request: Request, template: bool) -> Response:
            entry = await record(request)
            if entry.headers.get("apikey") != self.api_key:
                return error(401, "Authentication Failed")
            with self._lock:
                failure = self._failures.popleft() if self._failures else None
            if failure is not None:
                if failure.delay:
                    await asyncio.sleep(failure.delay)
                if failure.ok_status_error:
                    return error(200, failure.message)
                if failure.status is not None:
                    return error(failure.status, failure.message)
            form = entry.form
            for required in ("channel", "source", "destination", "src.name"):
                if not form.get(required):
                    return error(400, f"Invalid {required}")
            try:
                message = json.loads(form["message"]) if "message" in form else None
                spec = json.loads(form["template"]) if template else None
            except ValueError:
                return error(400, "Invalid Message")
            if template and not (isinstance(spec, dict) and spec.get("id")):
                return error(400, "Invalid Template")
            if not template and not isinstance(message, dict):
                return error(400, "Invalid Message")
            if isinstance(message, dict) and self.fetch_media_urls:
                url = message.get("originalUrl") or message.get("url")
                if isinstance(url, str):
                    async with httpx.AsyncClient(timeout=10) as client:
                        got = await client.get(url)
                    with self._lock:
                        self.fetched.append(
                            Fetched(
                                url, got.status_code, got.content, got.headers.get("content-type")
                            )
                        )
            message_id = str(uuid.uuid4())
            with self._lock:
                self._ids.append(message_id)
            # Gupshup labels this JSON answer text/html.
            return Response(
                json.dumps({"status": "submitted", "messageId": message_id}),
                status_code=202,
                media_type="text/html",
            )

        @app.post("/wa/api/v1/msg")
        async def send(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            return await accept(request, template=False)

        @app.post("/wa/api/v1/template/msg")
        async def send_template(request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            return await accept(request, template=True)

        @app.get("/sm/api/v1/template/list/{app_name}")
        async def templates(app_name: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            entry = await record(request)
            if entry.headers.get("apikey") != self.api_key:
                return error(401, "Authentication Failed")
            if app_name != APP_NAME:
                return error(400, "Invalid App Name")
            return Response(
                json.dumps({"status": "success", "templates": self.templates}),
                media_type="application/json",
            )

        @app.get("/media/{name}")
        async def media(name: str, request: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
            await record(request)
            found = self.media.get(name)
            if found is None:
                return Response(status_code=404)
            return Response(found[0], media_type=found[1])

        return app
