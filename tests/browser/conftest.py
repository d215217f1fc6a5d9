"""A real headless Chromium (the system's, never a downloaded build) driven by Playwright, a
tiny customer site on 127.0.0.1 with the widget's snippet pasted in, and the chat service with
the widget's routes. Without Chromium or Playwright the tests skip, unless
TIFLUX_REQUIRE_BROWSER is set (CI), where they fail."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import support
from browser_support import CustomerSite
from core.core_support import RestartableService, Sessions

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _chromium() -> str | None:
    for candidate in (os.environ.get("TIFLUX_CHROMIUM"), "/usr/bin/chromium", "chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def _missing(what: str) -> None:
    if os.environ.get("TIFLUX_REQUIRE_BROWSER"):
        pytest.fail(f"{what} (TIFLUX_REQUIRE_BROWSER is set)")
    pytest.skip(what)


@pytest.fixture
async def sessions(service: RestartableService, tmp_path: Path) -> AsyncIterator[Sessions]:
    opened = Sessions(service, tmp_path)
    try:
        yield opened
    finally:
        await opened.close_all()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    executable = _chromium()
    if executable is None:
        _missing("no Chromium on this machine (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
        raise
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(
        viewport={"width": 1100, "height": 760}, locale="pt-BR", timezone_id="America/Sao_Paulo"
    )
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not _network_failure(message.text)
            else None
        ),
    )
    try:
        yield opened
    finally:
        await context.close()
    # A script error or a resource the page's policy refused is a bug.
    assert not errors, errors


def _network_failure(text: str) -> bool:
    """The service unreachable (a test stops it on purpose): the page copes, not a bug."""
    return "ERR_CONNECTION_REFUSED" in text or (
        "WebSocket connection to" in text and "failed" in text
    )


SITE_PAGE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>Padaria Pão Quente</title></head>
<body style="font-family: sans-serif; margin: 40px; background: #fbf7f0">
<h1>Padaria Pão Quente</h1>
<p>Pães artesanais desde 1998. Fale com a gente pelo chat!</p>
<script src="{service}/widget/embed.js" data-integration="{integration}"
        data-title="Padaria Pão Quente" data-color="#b4541a" async></script>
</body></html>
"""


@pytest.fixture
def customer_site(service: RestartableService) -> Iterator[CustomerSite]:
    """Somebody's website on another port, with the snippet pasted in as the docs say."""
    html = SITE_PAGE.format(service=service.base_url, integration=support.WIDGET).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield CustomerSite(f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
