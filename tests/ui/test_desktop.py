"""The app on the desktop: the tray icon and its menu, the notifications (or the in-app banner
where the desktop shows none), the sound, closing the window, and the settings applied live.

The tray here is Qt's own QSystemTrayIcon on the offscreen platform, told whether a tray
exists; the xvfb-marked tests in test_desktop_xvfb.py run it against a real tray host."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from machines import Machine, eventually
from support import ADMIN, ANA, DEMO_PASSWORD, Live
from tiflux_desktop.app import AutoSignIn, DesktopApp
from tiflux_desktop.domain import Origin, Tab
from tiflux_desktop.services import Notice, NoticeKind, Settings
from tiflux_desktop.ui.icons import icon
from tiflux_desktop.ui.notifier import Notifier
from tiflux_desktop.ui.sound import SOUND_DIR, SoundPlayer, sound_path
from tiflux_desktop.ui.tray import Tray, badge_text, tray_pixmap
from window_support import qt_app, quit_app


class Played:
    """A SoundPlayer that records what it would play instead of spawning a player."""

    def __init__(self, platform: str = "linux", players: Sequence[str] = ("paplay",)) -> None:
        self.commands: list[list[str]] = []
        self.beeps = 0
        self.player = SoundPlayer(
            platform=platform,
            which=lambda name: f"/usr/bin/{name}" if name in players else None,
            spawn=self._spawn,
            beep=self._beep,
        )

    def _spawn(self, command: Sequence[str]) -> subprocess.Popen[bytes]:
        self.commands.append(list(command))
        return subprocess.Popen(["true"])

    def _beep(self) -> None:
        self.beeps += 1


def notice(kind: NoticeKind = NoticeKind.NEW_CHAT, chat_id: int = 7, **kw: object) -> Notice:
    values: dict[str, object] = {
        "requester": "Rita <b>Souza</b>",
        "client": "Padaria Pão Quente",
        "origin": Origin.WHATSAPP_CLOUD,
        "excerpt": "Meu pedido não chegou",
    }
    values.update(kw)
    return Notice(kind, chat_id, **values)  # type: ignore[arg-type]


def make_notifier(
    tray: Tray,
    played: Played,
    settings: Settings,
    window: QWidget | None = None,
    open_chat: int | None = None,
) -> Notifier:
    return Notifier(
        tray,
        played.player,
        settings=lambda: settings,
        window=lambda: window,
        open_chat=lambda: open_chat,
        clock=lambda: datetime(2026, 1, 1, 12, 30, tzinfo=UTC),
    )


# --- the sound ---------------------------------------------------------------------------


def test_each_shipped_sound_is_a_wav_and_plays_with_the_platforms_player() -> None:
    import wave

    for name in ("chime", "bell", "pop"):
        path = sound_path(name)
        assert path is not None
        assert path.parent == SOUND_DIR
        with wave.open(str(path)) as wav:
            assert 0.1 < wav.getnframes() / wav.getframerate() < 1.5
    linux = Played(players=("aplay", "pw-play"))  # no paplay: the next one
    linux.player.play("bell")
    assert linux.commands == [["/usr/bin/pw-play", str(SOUND_DIR / "bell.wav")]]
    mac = Played(platform="darwin", players=("afplay",))
    mac.player.play("chime")
    assert mac.commands[0][0] == "/usr/bin/afplay"


def test_without_a_player_or_a_file_the_desktop_beeps(tmp_path: Path) -> None:
    silent = Played(players=())
    silent.player.play("chime")
    assert (silent.commands, silent.beeps) == ([], 1)
    missing = Played()
    missing.player.play("custom", str(tmp_path / "gone.wav"))
    missing.player.play("custom", None)
    assert (missing.commands, missing.beeps) == ([], 2)
    own = tmp_path / "mine.wav"
    own.write_bytes((SOUND_DIR / "pop.wav").read_bytes())
    missing.player.play("custom", str(own))
    assert missing.commands == [["/usr/bin/paplay", str(own)]]


# --- the tray icon -----------------------------------------------------------------------


def test_the_tray_icon_counts_what_waits_and_its_menu_does_what_it_says(qtbot) -> None:
    tray = Tray(available=True)
    plain = tray_pixmap(icon("app"), 32, 0).toImage()
    badged = tray_pixmap(icon("app"), 32, 3).toImage()
    assert badged != plain
    # The badge is red, in the top-right corner.
    corner = badged.pixelColor(badged.width() - 6, 6)
    assert corner.red() > 180
    assert corner.green() < 90
    assert badge_text(5) == "5"
    assert badge_text(150) == "99+"
    assert isinstance(tray_pixmap(icon("app"), 16, 150).toImage(), QImage)

    tray.set_waiting(3)
    assert "3" in tray.tooltip()
    tray.set_waiting(0)
    assert "no chat waiting" in tray.tooltip()

    assert not tray.online_action.isEnabled()  # signed out
    tray.set_online(False)
    assert tray.online_action.isEnabled()
    assert not tray.online_action.isChecked()
    with qtbot.waitSignal(tray.online_toggled) as online:
        tray.online_action.trigger()
    assert online.args == [True]
    with qtbot.waitSignal(tray.mute_toggled) as muted:
        tray.mute_action.trigger()
    assert muted.args == [True]
    with qtbot.waitSignal(tray.show_requested):
        tray.show_action.trigger()
    with qtbot.waitSignal(tray.quit_requested):
        tray.quit_action.trigger()
    # Following the attendant's state never echoes back as a request.
    with qtbot.assertNotEmitted(tray.online_toggled):
        tray.set_online(True)
    tray.hide()


# --- the notifications -------------------------------------------------------------------


def test_a_notice_names_requester_client_and_channel_with_the_start_of_the_message(qtbot) -> None:
    tray = Tray(available=False)
    played = Played()
    notifier = make_notifier(tray, played, Settings())
    title, body = notifier.words(notice())
    assert title == "New chat in Entrada"
    assert (
        body == "Rita <b>Souza</b> · Padaria Pão Quente · WhatsApp Cloud API\nMeu pedido não chegou"
    )
    title, _ = notifier.words(notice(NoticeKind.CUSTOMER_MESSAGE))
    assert title == "Rita <b>Souza</b> wrote"
    title, body = notifier.words(notice(NoticeKind.TRANSFERRED, count=3, client=None, excerpt=None))
    assert title == "3 chats transferred to you"
    assert body == "Rita <b>Souza</b> · WhatsApp Cloud API\nand 2 more"
    since = datetime(2026, 1, 1, 12, 30, tzinfo=UTC) - timedelta(minutes=12)
    title, _ = notifier.words(notice(NoticeKind.STILL_WAITING, waiting_since=since))
    assert title == "Still waiting in Entrada: 12 min"


def test_without_a_desktop_notifier_the_banner_shows_it_and_the_sound_plays(qtbot) -> None:
    tray = Tray(available=False)
    played = Played()
    notifier = make_notifier(tray, played, Settings(sound="bell"))
    with qtbot.waitSignal(notifier.banner_requested) as banner:
        notifier.notify([notice(chat_id=9)])
    title, body, chat_id, tab = banner.args
    assert (title, chat_id, tab) == ("New chat in Entrada", 9, Tab.INBOX)
    assert "Meu pedido não chegou" in body
    assert played.commands == [["/usr/bin/paplay", str(SOUND_DIR / "bell.wav")]]


def test_switched_off_kinds_muted_sound_and_the_chat_being_read_stay_quiet(qtbot) -> None:
    tray = Tray(available=False)
    played = Played()
    settings = Settings(notify_customer_message=False, muted=True)
    window = QWidget()
    qtbot.addWidget(window)
    notifier = make_notifier(tray, played, settings, window=window, open_chat=7)
    with qtbot.assertNotEmitted(notifier.banner_requested):
        notifier.notify([notice(NoticeKind.CUSTOMER_MESSAGE)])
    with qtbot.waitSignal(notifier.banner_requested):
        notifier.notify([notice(NoticeKind.TRANSFERRED)])  # the window is not in front
    assert played.commands == []  # muted
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.assertNotEmitted(notifier.banner_requested):
        notifier.notify([notice(NoticeKind.TRANSFERRED, chat_id=7)])  # being read right now
    with qtbot.waitSignal(notifier.banner_requested):
        notifier.notify([notice(NoticeKind.TRANSFERRED, chat_id=8)])  # another chat


def test_clicking_a_desktop_notification_asks_for_its_chat(qtbot) -> None:
    tray = Tray(available=True)
    played = Played()
    notifier = make_notifier(tray, played, Settings())
    notifier.notify([notice(NoticeKind.CUSTOMER_MESSAGE, chat_id=12)])
    with qtbot.waitSignal(notifier.chat_requested) as asked:
        tray.message_clicked.emit()
    assert asked.args == [12, Tab.MINE]
    tray.hide()


# --- the app: notifications from a real service, the window's close button ----------------


async def _start(
    qt: QApplication, live: Live, machine: Machine, tray: Tray, played: Played
) -> tuple[DesktopApp, asyncio.Future[int]]:
    app = DesktopApp(
        qt,
        machine.env(),
        auto_sign_in=AutoSignIn(live.base_url, ADMIN, DEMO_PASSWORD),
        tray=tray,
        sound=played.player,
        log_file=machine.root / "logs" / "app.log",
    )
    running = asyncio.ensure_future(app.run())
    await eventually(lambda: app.screen is not None and app.session is not None, what="signed in")
    return app, running


async def test_a_customer_arriving_is_announced_and_the_banner_opens_the_chat(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    played = Played()
    app, running = await _start(qt, live, Machine(tmp_path / "m"), Tray(available=False), played)
    try:
        screen = app.screen
        assert screen is not None
        customer = live.customer(name="Rita Notificada")
        chat_id = await asyncio.to_thread(customer.open_chat, "1")
        await eventually(lambda: screen.banner.isVisible(), what="the banner", timeout=15)
        assert screen.banner.title.text() == "New chat in Entrada"
        assert "Rita Notificada" in screen.banner.body.text()
        assert played.commands  # with the sound
        assert app.tray.waiting >= 1

        screen.banner.open_button.click()
        await eventually(
            lambda: screen.open_entry is not None and screen.open_entry.id == chat_id,
            what="the chat opened",
        )
        assert screen.conversations.current_tab() is Tab.INBOX

        # Ana transfers it to the administrator, who reads another chat: told, as a transfer.
        screen.close_chat()
        ana = live.attendant(ANA)
        assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
        screen.banner.hide()
        me = app.session.me.user.id if app.session else 0
        assert ana.put(f"/chats/{chat_id}", json={"user_id": me}).status_code == 200
        await eventually(lambda: screen.banner.isVisible(), what="told of the transfer")
        assert screen.banner.title.text() == "Chat transferred to you"

        # The customer writes in a chat of Meus: told, with their words.
        screen.banner.hide()
        await asyncio.to_thread(customer.say, "Ainda estou esperando")
        await eventually(lambda: screen.banner.isVisible(), what="told of the message")
        assert screen.banner.title.text() == "Rita Notificada wrote"
        assert "Ainda estou esperando" in screen.banner.body.text()
    finally:
        assert await quit_app(app, running) == 0


async def test_closing_the_window_goes_to_the_tray_where_there_is_one(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    app, running = await _start(qt, live, Machine(tmp_path / "m"), Tray(available=True), Played())
    try:
        assert app.window.isVisible()
        app.window.close()
        await asyncio.sleep(0.05)
        assert not app.window.isVisible()
        assert not running.done()  # still running, in the tray
        app.tray.show_requested.emit()  # clicking the icon
        await eventually(app.window.isVisible, what="the window back")
    finally:
        assert await quit_app(app, running) == 0
        app.tray.hide()


async def test_closing_the_window_without_a_tray_asks_before_quitting(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    app, running = await _start(qt, live, Machine(tmp_path / "m"), Tray(available=False), Played())

    def question() -> QMessageBox | None:
        boxes = [w for w in app.window.findChildren(QMessageBox) if w.isVisible()]
        return boxes[0] if boxes else None

    app.window.close()
    box = await eventually(question, what="asked")
    box.button(QMessageBox.StandardButton.No).click()
    await asyncio.sleep(0.05)
    assert app.window.isVisible()
    assert not running.done()

    app.window.close()
    box = await eventually(question, what="asked again")
    box.button(QMessageBox.StandardButton.Yes).click()
    assert await asyncio.wait_for(running, 20) == 0
    assert app.session is None


async def test_settings_apply_at_once_and_survive_a_restart(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    machine = Machine(tmp_path / "m")
    app, running = await _start(qt, live, machine, Tray(available=False), Played())
    try:
        screen = app.screen
        assert screen is not None
        assert app.session is not None
        new = app.settings.model_copy(
            update={"theme": "dark", "realert_minutes": 0, "muted": True, "language": "pt_BR"}
        )
        app.apply_settings(new)
        assert app.theme.dark
        assert app.session.attention.realert is None
        assert app.tray.mute_action.isChecked()
        # The language is applied without a restart: the screen is built again, in it.
        await eventually(
            lambda: app.screen is not None and app.screen is not screen, what="rebuilt"
        )
        await eventually(
            lambda: app.screen is not None and app.screen.conversations.counts is not None,
            what="loaded",
        )
        menus = [a.text() for a in app.window.menuBar().actions()]
        assert "&Ajuda" in menus or "Aj&uda" in menus or any("Ajuda" in m for m in menus)
        stored = machine.env().settings.load()
        assert (stored.theme, stored.realert_minutes, stored.muted, stored.language) == (
            "dark",
            0,
            True,
            "pt_BR",
        )
        assert stored.server_url == app.settings.server_url  # the session's fields kept
    finally:
        app.apply_settings(app.settings.model_copy(update={"language": "en", "theme": "light"}))
        await asyncio.sleep(0.2)
        assert await quit_app(app, running) == 0
    again = DesktopApp(qt, machine.env(), tray=Tray(available=False), sound=Played().player)
    assert again.settings.muted
    assert again.tray.mute_action.isChecked()
    again.window.deleteLater()


async def test_start_minimised_keeps_the_window_in_the_tray(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    machine = Machine(tmp_path / "m")
    env = machine.env()
    settings = env.settings.load()
    settings.start_minimised = True
    env.settings.save(settings)
    app, running = await _start(qt, live, machine, Tray(available=True), Played())
    try:
        assert not app.window.isVisible()
    finally:
        assert await quit_app(app, running) == 0
        app.tray.hide()


async def test_the_settings_dialog_from_the_menu_applies_what_it_saves(
    qtbot, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # the autostart entry goes here
    qt = qt_app()
    machine = Machine(tmp_path / "m")
    app, running = await _start(qt, live, machine, Tray(available=False), Played())
    try:
        app.window.settings_action.trigger()
        dialog = await eventually(lambda: getattr(app, "settings_dialog", None), what="settings")
        assert dialog.isVisible()
        assert dialog.server_url.text() == live.base_url
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.muted.setChecked(True)
        dialog.start_with_system.setChecked(True)
        dialog.save_button.click()
        assert app.theme.dark
        assert app.tray.mute_action.isChecked()
        entry = tmp_path / "xdg" / "autostart" / "tiflux-chats.desktop"
        assert entry.is_file()
        assert machine.env().settings.load().start_with_system

        # A new address: signed out, and asked to sign in there.
        app.window.settings_action.trigger()
        dialog = await eventually(
            lambda: (d := app.settings_dialog).isVisible() and d, what="settings again"
        )
        assert dialog.start_with_system.isChecked()  # read from the entry itself
        dialog.start_with_system.setChecked(False)
        dialog.server_url.setText("https://chats.example.com")
        dialog.save_button.click()
        assert not entry.exists()
        sign_in = await eventually(
            lambda: app.session is None and getattr(app, "sign_in_dialog", None), what="sign-in"
        )
        assert sign_in.address.text() == "https://chats.example.com"
    finally:
        app.apply_settings(app.settings.model_copy(update={"theme": "light"}))
        assert await quit_app(app, running) == 0


async def test_sign_out_from_the_menu_forgets_the_token_and_on_request_the_cache(
    qtbot, live: Live, tmp_path: Path
) -> None:
    qt = qt_app()
    machine = Machine(tmp_path / "m")
    app, running = await _start(qt, live, machine, Tray(available=False), Played())
    try:
        assert app.session is not None
        files = app.session.store.files
        assert files is not None
        assert files.folder.exists()
        assert any(machine.keyring.saved.values())  # the token, kept at sign-in
        box = app.window.ask_sign_out()
        checkbox = box.checkBox()
        assert checkbox is not None
        assert not checkbox.isChecked()  # keeping the cache is the default
        checkbox.setChecked(True)
        box.button(QMessageBox.StandardButton.Yes).click()
        await eventually(
            lambda: app.session is None and getattr(app, "sign_in_dialog", None), what="signed out"
        )
        assert not files.folder.exists()
        assert not any(machine.keyring.saved.values())
        assert app.tray.waiting == 0
        assert not app.tray.online_action.isEnabled()
    finally:
        assert await quit_app(app, running) == 0
