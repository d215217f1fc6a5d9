"""The desktop app on a real X server with a real tray host, for test_desktop_xvfb.py.

    python tray_child.py BASE_URL DATA_DIR

Runs on the xcb platform (DISPLAY set by the test, a tray host already running). Signs in as
ADMINISTRADOR, then checks what a person at that desktop would see, step by step, and prints
one JSON line per step: the tray icon embedded in the tray with the waiting count in its
tooltip, the window hidden into the tray on close, a customer's new chat announced by a
notification balloon naming them, and a click on it opening that chat in the window.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import keyring.backends.null
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tiflux_desktop.app import AutoSignIn, DesktopApp, create_qt
from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
from tiflux_desktop.services import Environment, SettingsFile, TokenVault
from tiflux_desktop.ui.event_loop import event_loop
from tiflux_desktop.ui.sound import SoundPlayer

WIDGET_INTEGRATION = 1


def report(step: str, **values: Any) -> None:
    print(json.dumps({"step": step, **values}), flush=True)


async def until(predicate: Any, what: str, within: float = 20) -> Any:
    deadline = time.monotonic() + within
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.05)


def balloon() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            return widget
    return None


def customer_writes(base_url: str, name: str) -> int:
    with httpx.Client(base_url=f"{base_url}/api/v2", timeout=15) as anonymous:
        session = anonymous.post(
            "/customer/sessions", json={"integration_id": WIDGET_INTEGRATION, "name": name}
        )
        session.raise_for_status()
        token = session.json()["token"]
    with httpx.Client(
        base_url=f"{base_url}/api/v2", timeout=15, headers={"Authorization": f"Bearer {token}"}
    ) as customer:
        first = customer.post("/customer/messages", json={"text": "Preciso de ajuda com a nota"})
        first.raise_for_status()
        customer.post("/customer/messages", json={"text": "1"}).raise_for_status()  # triage
        return int(first.json()["chat_id"])


async def main(base_url: str, folder: Path) -> int:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    env = Environment(
        data_dir=folder / "data",
        settings=SettingsFile(folder / "settings.json"),
        vault=TokenVault(keyring.backends.null.Keyring()),
    )
    app = DesktopApp(
        qt,
        env,
        auto_sign_in=AutoSignIn(base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD),
        sound=SoundPlayer(which=lambda _name: None, beep=lambda: None),  # a silent desktop
        log_file=folder / "logs" / "app.log",
    )
    running = asyncio.ensure_future(app.run())
    try:
        await until(lambda: app.screen is not None and app.session is not None, "signed in")
        tray = app.tray
        report("tray", available=tray.available, messages=tray.supports_messages)
        geometry = await until(
            lambda: (g := tray.icon.geometry()).isValid() and g.width() > 0 and g, "embedded"
        )
        report("embedded", width=geometry.width(), height=geometry.height())

        app.window.close()
        await asyncio.sleep(0.3)
        report("closed", window_visible=app.window.isVisible(), running=not running.done())
        # The first close says where the window went, in a balloon: dismiss it.
        tip = await until(balloon, "the where-did-it-go balloon", within=5)
        report("told", text=" ".join(label for label in _texts(tip)))
        tip.hide()

        chat_id = await asyncio.to_thread(customer_writes, base_url, "Rita Bandeja")
        tip = await until(balloon, "the new-chat balloon")
        texts = _texts(tip)
        report("announced", texts=texts, tooltip=tray.tooltip())
        QTest.mouseClick(
            tip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, 20)
        )
        screen = app.screen
        assert screen is not None
        await until(
            lambda: (
                app.window.isVisible()
                and screen.open_entry is not None
                and screen.open_entry.id == chat_id
            ),
            "the chat opened from the balloon",
        )
        report("opened", chat_id=chat_id, window_visible=app.window.isVisible())
    finally:
        app.quit()
        code = await asyncio.wait_for(running, 20)
    report("quit", code=code)
    return 0


def _texts(widget: QWidget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel) if label.text()]


if __name__ == "__main__":
    qt = create_qt(sys.argv[:1])
    with asyncio.Runner(loop_factory=lambda: event_loop(qt)) as runner:
        raise SystemExit(runner.run(main(sys.argv[1], Path(sys.argv[2]))))
