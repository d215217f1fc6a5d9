"""How the app starts: a sign-in the first time, straight from the cache afterwards, and a
sign-in again when the service refuses the saved token."""

from __future__ import annotations

import asyncio
from pathlib import Path

from machines import Machine, eventually
from support import ADMIN, DEMO_PASSWORD, Live
from tiflux_desktop.app import DesktopApp
from window_support import qt_app, quit_app


async def test_first_start_asks_to_sign_in_then_later_starts_open_from_the_cache(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    machine = Machine(tmp_path / "m")

    first = DesktopApp(qt, machine.env())
    running = asyncio.ensure_future(first.run())
    dialog = await eventually(lambda: getattr(first, "sign_in_dialog", None), what="sign-in")
    assert dialog.isVisible()
    dialog.address.setText(live.base_url)
    dialog.email.setText(ADMIN)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.ok.click()
    screen = await eventually(lambda: first.screen, what="the Chats screen")
    assert first.window.centralWidget() is screen
    assert await quit_app(first, running) == 0
    assert first.session is None  # closed on quit

    second = DesktopApp(qt, machine.env())
    running = asyncio.ensure_future(second.run())
    await eventually(lambda: second.screen, what="opened from the cache")
    assert getattr(second, "sign_in_dialog", None) is None
    assert await quit_app(second, running) == 0


async def test_a_refused_token_asks_for_a_new_sign_in(qtbot, live: Live, tmp_path: Path) -> None:
    qt = qt_app()
    machine = Machine(tmp_path / "m")
    app = DesktopApp(qt, machine.env())
    running = asyncio.ensure_future(app.run())
    dialog = await eventually(lambda: getattr(app, "sign_in_dialog", None), what="sign-in")
    dialog.address.setText(live.base_url)
    dialog.email.setText(ADMIN)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.ok.click()
    await eventually(lambda: app.screen, what="signed in")
    assert await quit_app(app, running) == 0

    # The token is revoked on the service (signed out elsewhere, expired ...).
    settings = machine.env().settings.load()
    assert settings.server_url is not None
    assert settings.email is not None
    token = machine.keyring.saved
    assert token
    for value in token.values():
        live.anonymous().post("/auth/logout", headers={"Authorization": f"Bearer {value}"})

    again = DesktopApp(qt, machine.env())
    running = asyncio.ensure_future(again.run())
    dialog = await eventually(
        lambda: (d := getattr(again, "sign_in_dialog", None)) is not None and d.isVisible() and d,
        timeout=20,
        what="asked to sign in again",
    )
    assert "expired" in dialog.error.text()
    assert dialog.email.text() == ADMIN
    assert await quit_app(again, running) == 0


async def test_sign_out_then_in_again_leaves_nothing_of_the_first_screen(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    app = DesktopApp(qt, Machine(tmp_path / "m").env())
    running = asyncio.ensure_future(app.run())
    for attempt in range(2):
        dialog = await eventually(
            lambda: (d := getattr(app, "sign_in_dialog", None)) is not None and d.isVisible() and d,
            what=f"sign-in {attempt}",
        )
        dialog.address.setText(live.base_url)
        dialog.email.setText(ADMIN)
        dialog.password.setText(DEMO_PASSWORD)
        dialog.ok.click()
        await eventually(lambda: app.screen, what="signed in")
        assert "ADMINISTRADOR" in app.window.windowTitle()
        if attempt == 0:
            await app.sign_out()
            assert app.window.windowTitle() == "Tiflux Chats"
            assert app.window.screen_ is None
    # The first screen is gone: a theme change reaches only the live one (no deleted widgets).
    app.theme.set_preference("dark")
    app.theme.set_preference("light")
    assert await quit_app(app, running) == 0
