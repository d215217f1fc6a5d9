"""`tiflux-desktop --self-test`: checks that an installed build has what the app needs at run
time, without a screen, a service or the attendant's own files.

A frozen build can start and still miss a part that is found only when it is used (the SVG
plugin, a translation catalogue, SQLite without FTS5, the CA bundle), so each check uses the
part the way the app does: the real cache on a temporary folder, the real translators, the
real icon loader. One line per check, then a summary; the exit code is 0 when all pass.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tiflux_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# The notification sounds (ui/sound.py plays them), beside the icons and catalogues.
SOUND_FOLDER = Path(__file__).resolve().parent / "ui" / "resources" / "sounds"

# Where the check is and what it expects: kept beside the catalogues' own wording, so a change
# of translation shows here as a failing self-test, not as a silently English window.
_TRANSLATED = {
    "pt_BR": ("SearchBox", "Search chats", -1, "Buscar chats"),
    # %n is filled in by QCoreApplication.translate, not by the translator.
    "en": ("ChatRowDelegate", "%n unread message(s)", 1, "%n unread message"),
}


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    ok: bool
    detail: str


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


def self_test(out: TextIO = sys.stdout) -> int:
    """Run every check, print one line each and a summary; 0 when all pass, 1 otherwise."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    outcomes: list[Outcome] = []

    def run(name: str, check: Callable[[], str]) -> None:
        try:
            outcomes.append(Outcome(name, True, check()))
        except Exception as exc:  # a self-test reports every failure, whatever its kind
            outcomes.append(Outcome(name, False, f"{type(exc).__name__}: {exc}"))
        outcome = outcomes[-1]
        print(f"{'ok  ' if outcome.ok else 'FAIL'}  {outcome.name}: {outcome.detail}", file=out)

    print(f"tiflux-desktop {__version__} self-test", file=out)
    run("versions", _versions)
    # Held until the checks end: pixmaps need the application. A missing platform plugin
    # aborts the process inside Qt (nothing to catch): the exit code is not 0 then either.
    app = _application()
    run("qt", lambda: _qt_platform(app))
    run("cache", _cache)
    run("translations", _translations)
    run("icons", _icons)
    run("sounds", _sounds)
    run("tls", _tls)
    failed = [o.name for o in outcomes if not o.ok]
    seconds = time.perf_counter() - started
    if failed:
        print(
            f"self-test FAILED: {len(failed)} of {len(outcomes)} checks ({', '.join(failed)})"
            f" in {seconds:.2f} s",
            file=out,
        )
        return 1
    print(f"self-test passed: {len(outcomes)} checks in {seconds:.2f} s", file=out)
    return 0


# --- the checks: each returns what it found, or raises -------------------------------------


def _versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    build = "frozen" if getattr(sys, "frozen", False) else "source"
    python = ".".join(str(p) for p in sys.version_info[:3])
    return (
        f"app {__version__} ({build}), Python {python}, Qt {qVersion()}, "
        f"PySide6 {PySide6.__version__}, SQLite {sqlite3.sqlite_version}"
    )


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])


def _qt_platform(app: QApplication) -> str:
    platform = app.platformName()
    if not platform:
        raise CheckFailed("no Qt platform plugin loaded")
    return f"QApplication on the {platform!r} platform"


def _cache() -> str:
    """The real store on a temporary folder: a chat and a message written, then found again
    by FTS5 with accent-free prefixes, as the attendant's search does."""
    with tempfile.TemporaryDirectory(prefix="tiflux-selftest-") as folder:
        return asyncio.run(_cache_round_trip(Path(folder)))


async def _cache_round_trip(folder: Path) -> str:
    from tiflux_desktop.protocol import ChatOut, MessageOut
    from tiflux_desktop.store import AccountFiles, Cache, Store

    now = datetime.now(UTC)
    chat = ChatOut.model_validate(
        {
            "id": 1,
            "status": "waiting_attendance",
            "archived": False,
            "canceled": False,
            "origin": "whatsapp_cloud",
            "started_by": "Client",
            "requestor": {"id": 10, "name": "João da Silva"},
            "client": {"id": 20, "name": "Padaria Pão Quente"},
            "waiting_answer": True,
            "created_at": now,
            "updated_at": now,
            "waiting_since": now,
            "version": 1,
        }
    )
    message = MessageOut.model_validate(
        {
            "id": 100,
            "chat_id": 1,
            "author": {"type": "client", "id": 10, "name": "João da Silva"},
            "text": "Bom dia, a emissão da segunda via não funcionou",
            "created_at": now,
            "version": 1,
        }
    )
    store = await Store.open(AccountFiles(folder / "account"), attendant_id=1)
    try:

        def write(cache: Cache) -> None:
            cache.put_chat(chat)
            cache.put_message(message)

        await store.transaction(write)
        by_name = await store.call(Cache.search, "joao")
        by_text = await store.call(Cache.search, "emissao segunda")
    finally:
        await store.close()
    if [hit.entry.id for hit in by_name.chats] != [1]:
        raise CheckFailed('"joao" did not find the chat of "João da Silva"')
    if [hit.message.id for hit in by_text.messages] != [100]:
        raise CheckFailed('"emissao segunda" did not find the message "… emissão da segunda …"')
    return 'FTS5 finds "João" by "joao" and "emissão" by "emissao"'


def _translations() -> str:
    """Each catalogue loaded from where the app loads it (ui/i18n.py) and asked for a string
    it must hold; translators only, nothing installed on the application."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from tiflux_desktop.ui.i18n import LANGUAGES, catalogue

    problems: list[str] = []
    for language in LANGUAGES:
        ours = QTranslator()
        if not ours.load(str(catalogue(language))):
            problems.append(f"{catalogue(language).name} missing or unreadable")
            continue
        context, source, n, expected = _TRANSLATED[language]
        got = ours.translate(context, source, None, n)
        if got != expected:
            problems.append(f"{language}: {source!r} gave {got!r}, expected {expected!r}")
    # Qt's own strings (standard buttons, context menus) come from Qt's folder.
    qt = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt.load("qtbase_pt_BR", qt_dir):
        problems.append(f"Qt's qtbase_pt_BR not found in {qt_dir}")
    elif (cancel := qt.translate("QPlatformTheme", "Cancel")) != "Cancelar":
        problems.append(f"Qt's qtbase_pt_BR: 'Cancel' gave {cancel!r}")
    if problems:
        raise CheckFailed("; ".join(problems))
    return f"{' and '.join(LANGUAGES)} catalogues translate; Qt's own pt_BR too"


def _icons() -> str:
    from tiflux_desktop.ui.icons import ICONS, icon

    names = sorted(p.stem for p in ICONS.glob("*.svg"))
    if "app" not in names:
        raise CheckFailed(f"no app.svg in {ICONS}")
    empty = [name for name in names if icon(name).pixmap(32, 32).isNull()]
    if empty:
        raise CheckFailed(f"{len(empty)} of {len(names)} render empty: {', '.join(empty)}")
    return f"{len(names)} SVG icons render"


def _sounds() -> str:
    folder = SOUND_FOLDER
    if not folder.is_dir():
        return "no sounds shipped"
    sounds = sorted(folder.glob("*.wav"))
    if not sounds:
        raise CheckFailed(f"no .wav in {folder.name}/")
    bad: list[str] = []
    for path in sounds:
        try:
            with wave.open(str(path), "rb") as sound:
                if sound.getnframes() == 0:
                    bad.append(f"{path.name} (empty)")
        except (wave.Error, EOFError, OSError) as exc:
            bad.append(f"{path.name} ({exc})")
    if bad:
        raise CheckFailed(f"unreadable: {', '.join(bad)}")
    return f"{len(sounds)} WAV sounds readable"


def _tls() -> str:
    """httpx verifies the service's certificate against certifi's bundle: a frozen build
    without it could not sign in to any https service."""
    import certifi
    import httpx

    context = httpx.create_ssl_context()
    authorities = context.cert_store_stats()["x509_ca"]
    if authorities == 0:
        raise CheckFailed(f"no certificate authorities loaded (bundle: {certifi.where()})")
    return f"{authorities} certificate authorities"
