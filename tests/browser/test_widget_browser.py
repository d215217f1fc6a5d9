"""The website widget in a real browser: a visitor on a customer's site opens the chat, says
their name, passes the bot's menu and talks with an attendant who uses the desktop app's core;
the attendant's replies appear live, internal comments never; a file over the limits is
refused on the page before any upload; finishing the chat shows the end and a way to start
again."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

try:
    from playwright.async_api import FrameLocator, Page, Request, expect
except ImportError:  # pragma: no cover - the dev extras install it
    if os.environ.get("TIFLUX_REQUIRE_BROWSER"):
        raise
    pytest.skip("Playwright for Python is not installed", allow_module_level=True)

from browser_support import CustomerSite
from core.core_support import RestartableService, Sessions, eventually
from support import ANA, make_config
from tiflux_desktop.domain import AttachmentLimits, Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.server.config import ServiceConfig
from tiflux_desktop.services import Session

pytestmark = pytest.mark.browser

KB = 1024
PENDING = re.compile(r"\bmsg--pending\b")
SHOTS = (
    Path(os.environ.get("TIFLUX_WIDGET_SHOTS", ""))
    if os.environ.get("TIFLUX_WIDGET_SHOTS")
    else None
)


@pytest.fixture
def service_config(tmp_path: Path) -> ServiceConfig:
    limits = AttachmentLimits(file_max_bytes=300 * KB, media_max_bytes=100 * KB)
    return make_config(tmp_path, limits=limits)


async def shot(page: Page, name: str) -> None:
    """Screenshots for a person to look at (TIFLUX_WIDGET_SHOTS=<folder>); none in CI."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / f"widget_{name}.png"))


async def open_widget(page: Page, site: CustomerSite) -> FrameLocator:
    await page.goto(site.url)
    button = page.locator("[data-tiflux-widget=button]")
    await expect(button).to_be_visible()
    await expect(button).to_have_attribute("aria-label", "Abrir o chat")
    await shot(page, "closed")
    await button.click()
    await expect(button).to_have_attribute("aria-expanded", "true")
    return page.frame_locator("iframe[title=Chat]")


async def say(frame: FrameLocator, text: str) -> None:
    box = frame.get_by_label("Mensagem")
    await box.fill(text)
    await box.press("Enter")
    await expect(box).to_have_value("")


async def signed_in_attendant(sessions: Sessions) -> Session:
    ana = (await sessions.sign_in(ANA)).session
    await eventually(lambda: ana.connection is ConnectionState.ONLINE, what="Ana online")
    await ana.chats.set_online(True)
    return ana


async def visitor_chat(ana: Session, name: str) -> int:
    async def find() -> int | None:
        for entry in await ana.chats.tab(Tab.INBOX):
            if entry.chat.requestor is not None and entry.chat.requestor.name == name:
                return entry.id
        return None

    return int(await eventually(find, timeout=15, what=f"{name}'s chat in Ana's inbox"))


async def test_a_visitor_talks_with_an_attendant_until_the_chat_ends(
    service: RestartableService,
    sessions: Sessions,
    page: Page,
    customer_site: CustomerSite,
    tmp_path: Path,
) -> None:
    frame = await open_widget(page, customer_site)
    await expect(frame.get_by_role("heading", name="Padaria Pão Quente")).to_be_visible()
    name = frame.get_by_label("Seu nome")
    await expect(name).to_be_focused()
    await name.fill("Marina Costa")
    await shot(page, "form")
    await frame.get_by_role("button", name="Iniciar conversa").click()

    await say(frame, "Olá! Meu pedido de pães não chegou")
    bot = frame.locator(".msg--bot")
    await expect(bot.last).to_contain_text("Suporte")  # the triage menu, under the bot's name
    await expect(bot.first.locator(".msg-author")).to_have_text("TIFLUX Testes")
    await say(frame, "1")
    await expect(bot.last).to_contain_text("Aguarde")

    # The attendant, in the desktop app's core, sees the chat and what the visitor wrote.
    ana = await signed_in_attendant(sessions)
    chat_id = await visitor_chat(ana, "Marina Costa")
    await ana.chats.assume(chat_id)
    page_of_messages = await ana.chats.open(chat_id)
    assert "Olá! Meu pedido de pães não chegou" in [m.text for m in page_of_messages.messages]

    await ana.composer.send(chat_id, "Nota da equipe: cliente antiga, priorizar", internal=True)
    await ana.composer.send(chat_id, "Oi, Marina! Vou verificar o seu pedido agora mesmo.")
    agent = frame.locator(".msg--agent")
    await expect(agent.last).to_contain_text("Vou verificar o seu pedido")
    await expect(agent.last.locator(".msg-author")).to_have_text("Ana Souza")
    conversation = frame.locator("#messages")
    await expect(conversation).not_to_contain_text("Nota da equipe")
    await expect(conversation).not_to_contain_text("@")  # no attendant's e-mail anywhere

    await say(frame, "Obrigada!")
    await eventually(
        lambda: _has_text(ana, chat_id, "Obrigada!"), what="the visitor's reply in Ana's cache"
    )
    await shot(page, "conversation")

    # A file over the limits is refused on the page, before any upload.
    uploads: list[Request] = []
    page.on(
        "request",
        lambda r: (
            uploads.append(r)
            if r.method == "POST" and "multipart" in (r.headers.get("content-type") or "")
            else None
        ),
    )
    await frame.locator("#file").set_input_files(
        {"name": "video.mp4", "mimeType": "video/mp4", "buffer": b"\0" * (150 * KB)}
    )
    error = frame.locator("#composer-error")
    await expect(error).to_contain_text("video.mp4")
    await expect(error).to_contain_text("100 KB")
    await expect(frame.locator("#attachment")).to_be_hidden()
    assert uploads == []

    # One within the limits goes with its caption and reaches the attendant.
    await frame.locator("#file").set_input_files(
        {"name": "comprovante.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" * 1000}
    )
    await expect(error).to_be_empty()
    await expect(frame.locator("#attachment")).to_contain_text("comprovante.pdf")
    await say(frame, "Segue o comprovante")
    await expect(frame.locator(".msg--visitor").last).not_to_have_class(PENDING)
    await eventually(lambda: _has_file(ana, chat_id, "comprovante.pdf"), what="the file")
    assert len(uploads) == 1

    await ana.chats.finish(chat_id)
    ended = frame.locator("#ended")
    await expect(ended).to_be_visible()
    await expect(ended).to_contain_text("encerrado")
    await expect(frame.locator("#composer")).to_be_hidden()
    await shot(page, "ended")
    await frame.get_by_role("button", name="Iniciar nova conversa").click()
    await expect(frame.get_by_label("Mensagem")).to_be_focused()
    await say(frame, "Tenho outra dúvida")
    await expect(bot.last).to_contain_text("Suporte")  # a new chat: the bot greets again

    # Closing and reopening keeps the conversation (and the button says so).
    await frame.get_by_role("button", name="Fechar o chat").click()
    button = page.locator("[data-tiflux-widget=button]")
    await expect(button).to_have_attribute("aria-expanded", "false")
    await expect(page.locator("iframe[title=Chat]")).to_be_hidden()


async def test_reconnecting_loses_and_doubles_nothing(
    service: RestartableService,
    sessions: Sessions,
    page: Page,
    customer_site: CustomerSite,
) -> None:
    frame = await open_widget(page, customer_site)
    await frame.get_by_label("Seu nome").fill("Rafael Dias")
    await frame.get_by_role("button", name="Iniciar conversa").click()
    await say(frame, "Oi")
    await say(frame, "1")
    await expect(frame.locator(".msg--bot").last).to_contain_text("Aguarde")
    ana = await signed_in_attendant(sessions)
    chat_id = await visitor_chat(ana, "Rafael Dias")
    await ana.chats.assume(chat_id)

    # The service goes away: the visitor writes meanwhile, the attendant too.
    await service.astop()
    status = frame.locator("#status")
    await expect(status).to_contain_text("reconectar")
    await say(frame, "Ainda estou aqui")
    await expect(frame.locator(".msg--visitor").last).to_have_class(PENDING)
    await ana.composer.send(chat_id, "Voltei, Rafael")
    await service.astart()

    await expect(frame.locator(".msg--agent").last).to_contain_text(
        "Voltei, Rafael", timeout=30_000
    )
    await expect(status).to_be_empty()
    await expect(frame.locator(".msg--pending")).to_have_count(0)
    await eventually(lambda: _has_text(ana, chat_id, "Ainda estou aqui"), timeout=15)
    visitor_texts = await frame.locator(".msg--visitor .bubble").all_inner_texts()
    assert visitor_texts == ["Oi", "1", "Ainda estou aqui"]
    assert (await frame.locator(".msg--agent .bubble").all_inner_texts()).count(
        "Voltei, Rafael"
    ) == 1

    # Text stays text: markup typed by either side is shown, never run or rendered.
    await ana.composer.send(chat_id, "<img src=x onerror=alert(1)> <b>negrito</b>")
    await expect(frame.locator(".msg--agent").last.locator(".bubble")).to_have_text(
        "<img src=x onerror=alert(1)> <b>negrito</b>"
    )
    assert await frame.locator(".bubble img, .bubble b").count() == 0

    # A reload shows the same conversation, each message once.
    await page.reload()
    await page.locator("[data-tiflux-widget=button]").click()
    frame = page.frame_locator("iframe[title=Chat]")
    await expect(frame.locator(".msg--agent", has_text="Voltei, Rafael")).to_have_count(1)
    assert await frame.locator(".msg--visitor .bubble").all_inner_texts() == visitor_texts
    messages = await service_messages_count(ana, chat_id, "Ainda estou aqui")
    assert messages == 1


async def _has_text(ana: Session, chat_id: int, text: str) -> bool:
    page = await ana.chats.cached_messages(chat_id)
    return any(m.text == text for m in page.messages)


async def _has_file(ana: Session, chat_id: int, filename: str) -> bool:
    page = await ana.chats.cached_messages(chat_id)
    return any(m.media is not None and m.media.filename == filename for m in page.messages)


async def service_messages_count(ana: Session, chat_id: int, text: str) -> int:
    page = await ana.chats.open(chat_id)
    return sum(1 for m in page.messages if m.text == text)
