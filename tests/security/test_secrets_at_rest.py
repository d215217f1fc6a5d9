"""Secrets at rest: after signing in through the window, working (a customer, Assumir, a reply
with an attachment) and signing out, no file the app or the service wrote holds a token or a
password in plain text: the token lives in the keyring only (where there is none, in memory
only), and the service keeps hashes. The app's cache, settings and logs, and the service's
database and attachments, are readable by their owner only, the files SQLite and the log
rotation create later (WAL, SHM, rotated logs) included."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
import logging
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from machines import Machine, eventually
from support import ADMIN, DEMO_PASSWORD, Live, ServerThread, make_config
from tiflux_desktop.app import DesktopApp
from tiflux_desktop.logs import log_dir, setup_logging
from tiflux_desktop.services import Settings, SettingsFile
from tiflux_desktop.services.settings import config_dir
from tiflux_desktop.store import account_files
from tiflux_desktop.ui.event_loop import event_loop

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")

# Loops are kept to the end of the run: a closed qasync loop's timer object collected while Qt
# still holds a timer of it crashes the process (as tests/ui does).
_LOOPS: list[Any] = []


def _files(*roots: Path) -> list[Path]:
    return sorted({p for root in roots if root.exists() for p in [root, *root.rglob("*")]})


def _secrets_found(roots: list[Path], secrets: dict[str, str]) -> list[str]:
    found = []
    for path in _files(*roots):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for what, secret in secrets.items():
            for form in (secret.encode(), secret.encode("utf-16-le")):
                if form in data:
                    found.append(f"{what} in {path}")
    return found


def _loose_modes(roots: list[Path]) -> list[str]:
    """Everything under ``roots`` that someone other than its owner could read or enter."""
    loose = []
    for path in _files(*roots):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            loose.append(f"{oct(mode)} {path}")
    return loose


async def _work(live: Live, machine: Machine, logs: Path, secrets: dict[str, str]) -> list[str]:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    app = DesktopApp(qt, machine.env(), log_file=logs / "tiflux-desktop.log")
    running = asyncio.ensure_future(app.run())
    dialog = await eventually(lambda: getattr(app, "sign_in_dialog", None), what="sign-in")
    dialog.address.setText(live.base_url)
    dialog.email.setText(ADMIN)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.ok.click()
    await eventually(lambda: app.screen, timeout=20, what="the Chats screen")
    session = app.session
    assert session is not None
    secrets |= {f"keyring token {i}": t for i, t in enumerate(machine.keyring.saved.values())}
    assert secrets.keys() - {"password"}, "the token went to the keyring"

    customer = live.customer(name="Cliente Segredo")
    secrets["customer token"] = customer.http.headers["Authorization"].removeprefix("Bearer ")
    chat_id = await asyncio.to_thread(customer.open_chat, "1")
    await eventually(lambda: session.chats.chat(chat_id), timeout=20, what="the chat cached")
    await session.chats.set_online(True)
    await session.chats.assume(chat_id)
    attachment = machine.root / "comprovante.pdf"
    attachment.write_bytes(b"%PDF-1.4 comprovante")
    await session.composer.send(chat_id, "Segue o comprovante", files=[attachment])

    async def sent() -> bool:
        return not await session.composer.pending(chat_id)

    await eventually(sent, timeout=20, what="the reply delivered")
    attachment.unlink()
    # Something for the log at every level, and a failure with its traceback.
    logging.getLogger("tiflux_desktop.test").debug("working with chat %d", chat_id)
    try:
        raise RuntimeError(f"Authorization: Bearer {secrets['keyring token 0']}")
    except RuntimeError:
        logging.getLogger("tiflux_desktop.test").exception("a failure quoting a header")

    found = _secrets_found([machine.root, logs], secrets)  # while running: WAL files exist
    await app.sign_out()
    assert machine.keyring.saved == {}  # signing out forgets the token
    app.quit()
    assert await asyncio.wait_for(running, 20) == 0
    return found


def test_no_token_or_password_on_disk_and_every_file_owner_only(tmp_path: Path) -> None:
    qt = QApplication.instance() or QApplication([])
    qt.setQuitOnLastWindowClosed(False)  # pyright: ignore[reportAttributeAccessIssue]
    logs = tmp_path / "logs"
    # Small files: the log rotates during the run, so rotated files are checked too.
    setup_logging(logs, level=logging.DEBUG, console=False, max_bytes=1_000, backup_count=5)
    config = make_config(tmp_path)
    server = ServerThread(config)
    server.start()
    live = Live(server.base_url, config)
    machine = Machine(tmp_path / "m")
    secrets = {"password": DEMO_PASSWORD}
    loop = event_loop(qt)
    _LOOPS.append(loop)
    try:
        found_running = loop.run_until_complete(_work(live, machine, logs, secrets))
    finally:
        loop.close()  # its worker threads end here, not at the interpreter's exit
        live.close()
        server.stop()
        root = logging.getLogger()
        for handler in list(root.handlers):
            if handler.name in ("tiflux-file", "tiflux-console") or isinstance(
                handler, logging.FileHandler
            ):
                root.removeHandler(handler)
                handler.close()
    roots = [machine.root, logs, config.data_dir]
    assert len(list(logs.glob("*.log*"))) >= 2, "the log rotated"
    assert found_running == []
    assert _secrets_found(roots, secrets) == []
    assert _loose_modes([machine.data_dir, machine.settings_path.parent, logs]) == []
    assert _loose_modes([config.data_dir]) == []


def test_folders_an_earlier_version_left_open_are_made_the_owners_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders created 0755 before the modes were fixed: the app's config, log and accounts
    folders (and each service's) are closed on the next start; folders that are not the
    app's own are left alone."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    files = account_files(tmp_path / "data", "https://chat.example.com", 7)
    settings_folder, logs = config_dir(), log_dir()
    elsewhere = tmp_path / "shared"
    opened = [settings_folder, logs, files.folder.parent, files.folder.parent.parent, elsewhere]
    for folder in opened:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)
    try:
        SettingsFile().save(Settings())
        setup_logging(console=False)
        files.ensure()
        SettingsFile(elsewhere / "settings.json").save(Settings())
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h.name == "tiflux-file"]:
            root.removeHandler(handler)
            handler.close()
    assert {f: oct(stat.S_IMODE(f.stat().st_mode)) for f in opened[:-1]} == {
        f: oct(0o700) for f in opened[:-1]
    }
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755  # not ours to change
