"""The sign-in dialog against a real service, a closed port and a TLS server with a
certificate nobody trusts: each failure says what to fix and keeps what was typed."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

from PySide6.QtWidgets import QDialog

from machines import Machine, eventually
from net.net_servers import closed_port, self_signed
from support import ADMIN, DEMO_PASSWORD, Live
from tiflux_desktop.services import Session
from tiflux_desktop.ui.dialogs.sign_in import SignInDialog
from tiflux_desktop.ui.tasks import Tasks


def _dialog(qtbot, machine: Machine, url: str = "", email: str = "") -> SignInDialog:
    dialog = SignInDialog(machine.env(), Tasks(), server_url=url, email=email)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def _fill(dialog: SignInDialog, url: str, email: str, password: str) -> None:
    dialog.address.setText(url)
    dialog.email.setText(email)
    dialog.password.setText(password)


async def test_sign_in_needs_every_field_then_signs_in_and_remembers_the_address(
    qtbot, live: Live, tmp_path: Path
) -> None:
    machine = Machine(tmp_path / "m")
    dialog = _dialog(qtbot, machine)
    assert not dialog.ok.isEnabled()
    _fill(dialog, live.base_url, ADMIN, "")
    assert not dialog.ok.isEnabled()
    dialog.password.setText(DEMO_PASSWORD)
    assert dialog.ok.isEnabled()
    sessions: list[Session] = []
    dialog.signed_in.connect(sessions.append)
    dialog.ok.click()
    await eventually(lambda: sessions, what="signed in")
    assert dialog.result() == QDialog.DialogCode.Accepted
    try:
        settings = machine.env().settings.load()
        assert settings.server_url is not None
        assert settings.server_url.startswith(live.base_url)
        assert settings.email == ADMIN
        # The next dialog starts with the address and e-mail filled in.
        again = _dialog(qtbot, machine, settings.server_url, settings.email)
        assert again.address.text() == settings.server_url
        assert again.email.text() == ADMIN
    finally:
        await sessions[0].close()


async def test_a_wrong_password_says_so_and_keeps_the_dialog_open(
    qtbot, live: Live, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, Machine(tmp_path / "m"))
    _fill(dialog, live.base_url, ADMIN, "not the password")
    dialog.ok.click()
    await eventually(lambda: dialog.error.isVisible(), what="an error")
    assert "password" in dialog.error.text().lower()
    assert dialog.isVisible()
    assert dialog.email.text() == ADMIN
    assert dialog.ok.isEnabled()


async def test_an_unreachable_service_is_told_apart(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, Machine(tmp_path / "m"))
    url = f"http://127.0.0.1:{closed_port()}"
    _fill(dialog, url, ADMIN, DEMO_PASSWORD)
    dialog.ok.click()
    await eventually(lambda: dialog.error.isVisible(), timeout=30, what="an error")
    assert "Cannot reach" in dialog.error.text()
    assert url in dialog.error.text()


async def test_an_untrusted_certificate_is_told_apart(qtbot, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    try:
        dialog = _dialog(qtbot, Machine(tmp_path / "m"))
        _fill(dialog, f"https://127.0.0.1:{port}", ADMIN, DEMO_PASSWORD)
        dialog.ok.click()
        await eventually(lambda: dialog.error.isVisible(), timeout=30, what="an error")
        assert "certificate" in dialog.error.text()
    finally:
        server.close()
        await server.wait_closed()
