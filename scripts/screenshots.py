"""Render the window's main states into docs/screenshots/ (offscreen, no display needed).

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

Starts the demo service as `tiflux-desktop --demo` does, signs in as ADMINISTRADOR and drives
the real window through its states: the lists, an open chat, the information panel, filters,
dialogs, the dark theme, a notification (the in-app banner: offscreen there is no tray), the
settings dialog, English, offline, and the sign-in dialog.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring.backends.null
from PySide6.QtWidgets import QApplication, QWidget

from tiflux_desktop.app import AutoSignIn, DesktopApp, create_qt
from tiflux_desktop.demo_process import DemoService
from tiflux_desktop.domain import Origin, Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
from tiflux_desktop.services import Environment, SettingsFile, TokenVault
from tiflux_desktop.ui.chats_screen import ChatsScreen
from tiflux_desktop.ui.dialogs.sign_in import SignInDialog
from tiflux_desktop.ui.event_loop import event_loop

SIZE = (1360, 820)


async def until(check: Callable[[], Any], timeout: float = 30, what: str = "") -> Any:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def settle(seconds: float = 0.6) -> None:
    # qasync runs Qt's events while the loop waits: processEvents() here would nest the loop.
    await asyncio.sleep(seconds)


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"  {path}")


async def shoot(
    qt: QApplication, service: DemoService, folder: Path, out: Path, language: str
) -> None:
    """Every state in pt_BR; in English, only the main screen (11-english)."""
    env = Environment(
        data_dir=folder / "app",
        settings=SettingsFile(folder / "app" / "settings.json"),
        vault=TokenVault(keyring.backends.null.Keyring()),
    )
    settings = env.settings.load()
    settings.language = language  # type: ignore[assignment]
    env.settings.save(settings)
    app = DesktopApp(
        qt, env, auto_sign_in=AutoSignIn(service.base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    )
    runner = asyncio.ensure_future(app.run())
    window = app.window
    window.resize(*SIZE)
    screen: ChatsScreen = await until(lambda: app.screen, what="the window")
    session = screen.session
    await until(lambda: session.connection is ConnectionState.ONLINE, what="the sync")
    await until(lambda: screen.conversations.counts.inbox >= 2, 60, "chats in Entrada")
    screen.conversations.set_tab(Tab.INBOX)
    await settle(1.0)
    if language == "pt_BR":
        save(window, out, "01-entrada")

    # Assume the oldest-waiting chat, answer it, and leave an internal comment.
    chat_id = screen.conversations.proxies[Tab.INBOX].chat_id_at(0)
    assert chat_id is not None
    screen.open_chat(chat_id)
    await until(lambda: screen.open_entry is not None, what="the open chat")
    await settle()
    if language == "pt_BR":
        save(window, out, "02-chat-in-entrada")
    screen.assume(chat_id)
    await until(lambda: screen.open_entry and screen.open_entry.chat.responsible, what="assume")
    await session.composer.send(chat_id, "Claro! Pode me passar o número do pedido, por favor?")
    await session.composer.send(
        chat_id, "Cliente recorrente: verificar o histórico de entregas.", internal=True
    )
    await settle(2.0)
    if language == "en":
        save(window, out, "11-english")
        app.quit()
        await runner
        return
    save(window, out, "03-chat-assumed")

    screen.header.info.click()
    await settle(1.5)
    save(window, out, "04-information-panel")
    screen.header.info.click()

    screen.conversations.set_tab(Tab.IN_ATTENDANCE)
    pane: Any = screen.conversations
    pane._filters_chosen((Origin.WHATSAPP_CLOUD, Origin.GUPSHUP), ())
    await settle()
    save(window, out, "05-filters")
    pane._filters_chosen((), ())

    screen.transfer(chat_id)
    await settle(1.5)
    for widget in qt.topLevelWidgets():
        if widget.isVisible() and widget is not window and widget.windowTitle():
            save(widget, out, "06-transfer-dialog")
            widget.close()
    screen.new_chat(None)
    await settle(1.5)
    for widget in qt.topLevelWidgets():
        if widget.isVisible() and widget is not window and widget.windowTitle():
            save(widget, out, "07-new-chat-dialog")
            widget.close()

    app.theme.set_preference("dark")
    await settle(1.0)
    save(window, out, "08-dark")
    app.theme.set_preference("light")

    # Offscreen there is no tray: what arrives shows in the in-app banner. The demo's
    # customers keep writing; wait for the next one.
    screen.close_chat()
    screen.banner.hide()
    await until(screen.banner.isVisible, 180, "a notification")
    await settle()
    save(window, out, "12-notification-banner")
    screen.banner.hide()

    app.open_settings()
    await settle(1.0)
    save(app.settings_dialog, out, "13-settings")
    app.settings_dialog.close()

    service.stop()
    await until(lambda: session.connection is not ConnectionState.ONLINE, 30, "offline")
    await session.composer.send(chat_id, "Mensagem escrita sem conexão: fica na fila.")
    await settle(1.5)
    save(window, out, "09-offline")

    dialog = SignInDialog(env, app.tasks, server_url=service.base_url, email=DEMO_ADMIN_EMAIL)
    dialog.show()
    await settle()
    save(dialog, out, "10-sign-in")
    dialog.close()

    app.quit()
    await runner


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qt = create_qt(["screenshots"])
    for language in ("pt_BR", "en"):
        folder = Path(tempfile.mkdtemp(prefix="tiflux-screens-"))
        service = DemoService(folder)
        service.start()
        try:
            with asyncio.Runner(loop_factory=lambda: event_loop(qt)) as runner:
                runner.run(shoot(qt, service, folder, out, language))
        finally:
            service.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
