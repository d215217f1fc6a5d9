"""The settings dialog: every field changed through its widget comes back in ``saved`` (and
through the settings file unchanged); Cancel and Esc change nothing; what cannot be saved
says why; the sound preview plays the current choice."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFileDialog,
    QLabel,
    QWidget,
)

from tiflux_desktop.services import Settings, SettingsFile
from tiflux_desktop.ui.dialogs.settings import EDITED, SettingsDialog, changed_fields
from window_support import OpenedUrls

BEFORE = Settings(
    server_url="https://chats.example.com",
    email="ana@example.com",
    attendant_id=2,
    archived_cache_limit=300,
    reconnect_max_seconds=5.0,
)


class Played:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, sound: str, sound_file: str | None) -> None:
        self.calls.append((sound, sound_file))


@pytest.fixture
def played() -> Played:
    return Played()


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    path = tmp_path / "meu alerta.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return path


def _open(qtbot, played: Played, settings: Settings = BEFORE, logs: Path | None = None):
    dialog = SettingsDialog(
        settings, play_sound=played, log_folder=logs or Path("/nowhere/logs"), parent=None
    )
    qtbot.addWidget(dialog)
    dialog.open()
    saved: list[Settings] = []
    dialog.saved.connect(saved.append)
    return dialog, saved


def _choose(dialog: SettingsDialog, path: Path) -> None:
    """Choose a file as the attendant does: the button, then the file dialog."""
    dialog.choose_file.click()
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog)
    assert chooser.isVisible()  # opened with open(): nothing waits on it
    assert "*.wav" in chooser.nameFilters()[0]
    chooser.selectFile(str(path))
    chooser.accept()


def _pick(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_every_field_changed_comes_back_on_save_and_through_the_file(
    qtbot, played: Played, wav: Path, tmp_path: Path
) -> None:
    dialog, saved = _open(qtbot, played)
    assert dialog.server_url.text() == "https://chats.example.com"
    dialog.server_url.setText(" https://other.example.com:8443/ ")
    for box in (
        dialog.notify_new_chat,
        dialog.notify_customer_message,
        dialog.notify_transfer,
        dialog.muted,
        dialog.start_with_system,
        dialog.start_minimised,
    ):
        box.click()
    _choose(dialog, wav)
    assert dialog.sound.currentData() == "custom"  # choosing a file chooses it
    assert dialog.sound_file_name.text() == str(wav)
    dialog.realert.setValue(30)
    _pick(dialog.language, "en")
    _pick(dialog.theme, "dark")

    qtbot.keyClick(dialog.server_url, Qt.Key.Key_Return)  # Enter saves

    assert len(saved) == 1
    after = saved[0]
    assert after.model_dump() == {
        **BEFORE.model_dump(),
        "server_url": "https://other.example.com:8443",
        "notify_new_chat": False,
        "notify_customer_message": False,
        "notify_transfer": False,
        "sound": "custom",
        "sound_file": str(wav),
        "muted": True,
        "realert_minutes": 30,
        "language": "en",
        "theme": "dark",
        "start_with_system": True,
        "start_minimised": True,
    }
    assert changed_fields(BEFORE, after) == set(EDITED)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    # What was saved is what the next start reads.
    file = SettingsFile(tmp_path / "config" / "settings.json")
    file.save(after)
    assert file.load() == after


def test_the_dialog_opens_showing_the_settings(qtbot, played: Played, wav: Path) -> None:
    settings = BEFORE.model_copy(
        update={
            "notify_transfer": False,
            "sound": "custom",
            "sound_file": str(wav),
            "muted": True,
            "realert_minutes": 0,
            "language": "pt_BR",
            "theme": "light",
            "start_minimised": True,
        }
    )
    dialog, saved = _open(qtbot, played, settings)
    assert dialog.notify_new_chat.isChecked()
    assert not dialog.notify_transfer.isChecked()
    assert dialog.sound.currentData() == "custom"
    assert dialog.file_row.isVisible()
    assert dialog.muted.isChecked()
    assert dialog.language.currentText() == "Português (Brasil)"
    assert dialog.theme.currentData() == "light"
    assert not dialog.start_with_system.isChecked()
    assert dialog.start_minimised.isChecked()
    dialog.save_button.click()  # unchanged: the same settings back
    assert saved == [settings]
    assert changed_fields(settings, saved[0]) == set()


def test_cancel_and_esc_discard(qtbot, played: Played) -> None:
    dialog, saved = _open(qtbot, played)
    dialog.muted.click()
    dialog.cancel_button.click()
    assert saved == []
    assert dialog.result() == QDialog.DialogCode.Rejected

    again, saved = _open(qtbot, played)
    again.server_url.setText("https://other.example.com")
    qtbot.keyClick(again.server_url, Qt.Key.Key_Escape)
    assert saved == []
    assert not again.isVisible()


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("chats.example.com", "https://"),
        ("ftp://chats.example.com", "https://"),
        ("https://", "host name"),
        ("https://chats.example.com:99999", "port"),
        ("https://chats example.com", "spaces"),
        ("", "Enter the service's address"),
    ],
)
def test_an_invalid_address_blocks_save_and_says_why(
    qtbot, played: Played, typed: str, why: str
) -> None:
    dialog, saved = _open(qtbot, played)
    dialog.server_url.setText(typed)
    assert not dialog.save_button.isEnabled()
    assert dialog.address_error.isVisible()
    assert why in dialog.address_error.text()
    assert dialog.save_button.toolTip() == dialog.address_error.text()
    qtbot.keyClick(dialog.server_url, Qt.Key.Key_Return)
    assert saved == []
    assert dialog.isVisible()
    # Fixed as typed: the error goes and Save comes back.
    dialog.server_url.setText("http://10.0.0.5:8765")
    assert dialog.save_button.isEnabled()
    assert not dialog.address_error.isVisible()


def test_no_address_yet_is_fine_before_the_first_sign_in(qtbot, played: Played) -> None:
    dialog, saved = _open(qtbot, played, Settings())
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert saved[0].server_url is None


def test_zero_minutes_reads_never(qtbot, played: Played) -> None:
    dialog, saved = _open(qtbot, played)
    dialog.realert.setValue(0)
    assert dialog.realert.text() == "Never"
    dialog.realert.setValue(15)
    assert dialog.realert.text() == "15 min"
    assert dialog.realert.maximum() == 240
    dialog.realert.setValue(0)
    dialog.save_button.click()
    assert saved[0].realert_minutes == 0


def test_listen_plays_the_current_choice(qtbot, played: Played, wav: Path) -> None:
    dialog, _ = _open(qtbot, played)
    dialog.preview.click()
    _pick(dialog.sound, "bell")
    dialog.preview.click()
    _choose(dialog, wav)
    dialog.preview.click()
    _pick(dialog.sound, "pop")  # the chosen file is kept, but not played for "pop"
    dialog.preview.click()
    assert played.calls == [
        ("chime", None),
        ("bell", None),
        ("custom", str(wav)),
        ("pop", None),
    ]


def test_an_own_sound_needs_a_file_that_is_there(
    qtbot, played: Played, wav: Path, tmp_path: Path
) -> None:
    dialog, saved = _open(qtbot, played)
    assert not dialog.file_row.isVisible()
    _pick(dialog.sound, "custom")
    assert dialog.file_row.isVisible()
    assert not dialog.save_button.isEnabled()
    assert not dialog.preview.isEnabled()
    assert dialog.sound_error.isVisible()
    assert "Choose a WAV file" in dialog.sound_error.text()
    dialog.save_button.click()
    assert saved == []
    _choose(dialog, wav)
    assert dialog.save_button.isEnabled()
    assert dialog.preview.isEnabled()
    assert not dialog.sound_error.isVisible()
    # A file that went away since is said too.
    gone = SettingsDialog(
        BEFORE.model_copy(update={"sound": "custom", "sound_file": str(tmp_path / "x.wav")}),
        play_sound=played,
        log_folder=tmp_path,
    )
    qtbot.addWidget(gone)
    gone.open()
    assert not gone.save_button.isEnabled()
    assert "no longer there" in gone.sound_error.text()


def test_every_control_has_a_mnemonic_of_its_own_and_takes_tab_focus(qtbot, played: Played) -> None:
    dialog, _ = _open(qtbot, played)
    controls: list[QWidget] = [
        dialog.server_url,
        dialog.notify_new_chat,
        dialog.notify_customer_message,
        dialog.notify_transfer,
        dialog.sound,
        dialog.preview,
        dialog.choose_file,
        dialog.muted,
        dialog.realert,
        dialog.language,
        dialog.theme,
        dialog.start_with_system,
        dialog.start_minimised,
        dialog.open_logs,
        dialog.save_button,
        dialog.cancel_button,
    ]
    chain: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    for control in controls:
        assert control in chain, control
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control
    # Labels lead to their fields; no two mnemonics share a letter.
    keys: list[str] = []
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()
            keys.append(_mnemonic(label.text()))
    for button in dialog.findChildren(QAbstractButton):
        if "&" in button.text():  # shown or not (Choose a WAV file… is only for one's own)
            keys.append(_mnemonic(button.text()))
    assert len(keys) >= 14
    assert len(keys) == len(set(keys)), sorted(keys)


def _mnemonic(text: str) -> str:
    found = re.search(r"&(\w)", text)
    assert found, text
    return found.group(1).lower()


def test_the_log_folder_is_shown_and_opens(
    qtbot, played: Played, tmp_path: Path, opened_files: OpenedUrls
) -> None:
    dialog, _ = _open(qtbot, played, logs=tmp_path / "logs")
    assert str(tmp_path / "logs") in dialog.log_location.text()
    dialog.open_logs.click()
    assert opened_files.paths == [tmp_path / "logs"]
    assert dialog.isVisible()  # opening the folder does not close the dialog
