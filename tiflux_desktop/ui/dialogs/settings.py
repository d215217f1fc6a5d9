"""Settings: the service's address, which notifications and which sound, the language and
theme, starting with the system, and where the log files are.

The dialog only edits: Save emits ``saved`` with a new ``Settings`` (the fields it does not
show kept as they were) and the app applies it (theme at once, language, start with the
system, sound; a new address means signing in there). Cancel and Esc discard.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.services import Settings

PlaySound = Callable[[str, "str | None"], None]

# What the dialog edits; every other field of Settings goes through untouched.
EDITED = (
    "server_url",
    "notify_new_chat",
    "notify_customer_message",
    "notify_transfer",
    "sound",
    "sound_file",
    "muted",
    "realert_minutes",
    "language",
    "theme",
    "start_with_system",
    "start_minimised",
)


def changed_fields(old: Settings, new: Settings) -> set[str]:
    """The names of the fields whose values differ (what the app has to apply)."""
    return {name for name in type(old).model_fields if getattr(old, name) != getattr(new, name)}


def normalised_address(text: str) -> str:
    """The address as the app keeps it: no surrounding spaces, no trailing slash."""
    return text.strip().rstrip("/")


class SettingsDialog(QDialog):
    saved = Signal(object)  # Settings, new; emitted on Save, right before the dialog closes

    def __init__(
        self,
        settings: Settings,
        *,
        play_sound: PlaySound,
        log_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._play_sound = play_sound
        self._log_folder = log_folder
        self._sound_file = settings.sound_file
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")

        # --- Connection ------------------------------------------------------------------
        self.server_url = QLineEdit(settings.server_url or "")
        self.server_url.setPlaceholderText("https://chats.example.com")
        self.server_url.setClearButtonEnabled(True)
        self.address_error = _message_label(error=True)
        self.address_hint = _message_label()
        self.address_hint.setText(
            self.tr(
                "Changing the address signs you out; you then sign in to the service at the "
                "new address."
            )
        )
        connection = _group(self.tr("Connection"))
        form = _form(connection)
        _row(form, self.tr("Service &address:"), self.server_url)
        form.addRow("", self.address_error)
        form.addRow("", self.address_hint)

        # --- Notifications ---------------------------------------------------------------
        self.notify_new_chat = QCheckBox(self.tr("New chat in &Entrada"))
        self.notify_customer_message = QCheckBox(self.tr("New &customer message in Meus"))
        self.notify_transfer = QCheckBox(self.tr("Chat &transferred to me"))
        self.sound = QComboBox()
        for label, value in (
            (self.tr("Chime"), "chime"),
            (self.tr("Bell"), "bell"),
            (self.tr("Pop"), "pop"),
            (self.tr("Your own file…"), "custom"),
        ):
            self.sound.addItem(label, value)
        self.preview = QPushButton(self.tr("&Listen"))
        self.preview.setToolTip(self.tr("Play the chosen sound"))
        self.preview.setAutoDefault(False)
        # Read-only: the file is chosen with the button; the field shows (and scrolls) its path.
        self.sound_file_name = QLineEdit()
        self.sound_file_name.setReadOnly(True)
        self.sound_file_name.setPlaceholderText(self.tr("No file chosen"))
        self.choose_file = QPushButton(self.tr("Choose a &WAV file…"))
        self.choose_file.setAutoDefault(False)
        self.sound_error = _message_label(error=True)
        self.muted = QCheckBox(self.tr("&Mute sounds"))
        self.realert = QSpinBox()
        self.realert.setRange(0, 240)
        self.realert.setSuffix(self.tr(" min"))
        self.realert.setSpecialValueText(self.tr("Never"))
        self.realert.setToolTip(
            self.tr("A chat still waiting in Entrada after this long is announced again.")
        )
        notifications = _group(self.tr("Notifications"))
        form = _form(notifications)
        form.addRow(self.tr("Notify me of:"), self.notify_new_chat)
        form.addRow("", self.notify_customer_message)
        form.addRow("", self.notify_transfer)
        sound_row = QHBoxLayout()
        sound_row.addWidget(self.sound, 1)
        sound_row.addWidget(self.preview)
        _row(form, self.tr("S&ound:"), sound_row, self.sound)
        self.file_row = QWidget()
        file_line = QHBoxLayout(self.file_row)
        file_line.setContentsMargins(0, 0, 0, 0)
        file_line.addWidget(self.sound_file_name, 1)
        file_line.addWidget(self.choose_file)
        self.sound_file_name.setAccessibleName(self.tr("Sound file"))
        form.addRow("", self.file_row)
        form.addRow("", self.sound_error)
        form.addRow("", self.muted)
        _row(form, self.tr("&Remind of a waiting chat after:"), self.realert)

        # --- Appearance ------------------------------------------------------------------
        self.language = QComboBox()
        # The languages' own names, in their own language, whatever the window speaks.
        for label, value in (
            (self.tr("System"), "system"),
            ("Português (Brasil)", "pt_BR"),
            ("English", "en"),
        ):
            self.language.addItem(label, value)
        self.theme = QComboBox()
        for label, value in (
            (self.tr("System"), "system"),
            (self.tr("Light"), "light"),
            (self.tr("Dark"), "dark"),
        ):
            self.theme.addItem(label, value)
        appearance = _group(self.tr("Appearance"))
        form = _form(appearance)
        _row(form, self.tr("Lan&guage:"), self.language)
        _row(form, self.tr("T&heme:"), self.theme)

        # --- Startup ---------------------------------------------------------------------
        self.start_with_system = QCheckBox(self.tr("Start with the &system"))
        self.start_minimised = QCheckBox(self.tr("Start mi&nimised"))
        self.start_minimised.setToolTip(
            self.tr("Start in the notification area (or minimised where there is none)")
        )
        startup = _group(self.tr("Startup"))
        form = _form(startup)
        # An empty label of its own: the column lines up with the other groups' fields.
        form.addRow(QLabel(), self.start_with_system)
        form.addRow(QLabel(), self.start_minimised)

        # --- Log files -------------------------------------------------------------------
        self.log_location = QLabel(self.tr("Log files: %1").replace("%1", str(log_folder)))
        self.log_location.setTextFormat(Qt.TextFormat.PlainText)
        self.log_location.setWordWrap(True)
        self.log_location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_location.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.open_logs = QPushButton(self.tr("Open log &folder"))
        self.open_logs.setAutoDefault(False)
        logs = QHBoxLayout()
        logs.addWidget(self.log_location, 1)
        logs.addWidget(self.open_logs)

        # --- Buttons ---------------------------------------------------------------------
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert save is not None
        assert cancel is not None
        self.save_button = save
        self.cancel_button = cancel
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for group in (connection, notifications, appearance, startup):
            layout.addWidget(group)
        _align_labels(connection, notifications, appearance, startup)
        layout.addLayout(logs)
        layout.addWidget(self.buttons)
        # Enter saves from anywhere (once the button is in the dialog, it can be its default).
        self.save_button.setDefault(True)
        self.setMinimumWidth(560)

        self._show(settings)
        self.server_url.textChanged.connect(self._validate)
        self.sound.currentIndexChanged.connect(self._sound_changed)
        self.preview.clicked.connect(self._preview)
        self.choose_file.clicked.connect(self._choose_file)
        self.open_logs.clicked.connect(self._open_logs)
        self._sound_changed()
        self.server_url.setFocus()

    # --- API ------------------------------------------------------------------------------

    def edited(self) -> Settings:
        """The settings as the dialog shows them (validated; raises ValueError if not)."""
        address = normalised_address(self.server_url.text())
        changes: dict[str, Any] = {
            "server_url": address or None,
            "notify_new_chat": self.notify_new_chat.isChecked(),
            "notify_customer_message": self.notify_customer_message.isChecked(),
            "notify_transfer": self.notify_transfer.isChecked(),
            "sound": self.sound.currentData(),
            "sound_file": self._sound_file,
            "muted": self.muted.isChecked(),
            "realert_minutes": self.realert.value(),
            "language": self.language.currentData(),
            "theme": self.theme.currentData(),
            "start_with_system": self.start_with_system.isChecked(),
            "start_minimised": self.start_minimised.isChecked(),
        }
        return Settings.model_validate({**self._settings.model_dump(), **changes})

    def save(self) -> None:
        """Save: emit ``saved`` with the new settings and close (nothing when invalid)."""
        self._validate()
        if not self.save_button.isEnabled():
            return
        self.saved.emit(self.edited())
        self.accept()

    # --- Qt overrides ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    # --- internals ------------------------------------------------------------------------

    def _show(self, settings: Settings) -> None:
        self.notify_new_chat.setChecked(settings.notify_new_chat)
        self.notify_customer_message.setChecked(settings.notify_customer_message)
        self.notify_transfer.setChecked(settings.notify_transfer)
        _select(self.sound, settings.sound)
        self.muted.setChecked(settings.muted)
        self.realert.setValue(settings.realert_minutes)
        _select(self.language, settings.language)
        _select(self.theme, settings.theme)
        self.start_with_system.setChecked(settings.start_with_system)
        self.start_minimised.setChecked(settings.start_minimised)

    def _address_problem(self) -> str | None:
        text = self.server_url.text().strip()
        if not text:
            if self._settings.server_url is None:
                return None  # no service yet: the sign-in asks for one
            return self.tr("Enter the service's address, as in https://chats.example.com.")
        if any(c.isspace() for c in text):
            return self.tr("An address has no spaces.")
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            return self.tr("The port is not valid: use a number from 1 to 65535.")
        if parts.scheme.lower() not in ("http", "https"):
            return self.tr("Start the address with https:// (or http://).")
        if not parts.hostname:
            return self.tr("Add the service's host name, as in https://chats.example.com.")
        if port == 0:
            return self.tr("The port is not valid: use a number from 1 to 65535.")
        return None

    def _sound_problem(self) -> str | None:
        if self.sound.currentData() != "custom":
            return None
        if not self._sound_file:
            return self.tr("Choose a WAV file for your own sound, or pick one of the others.")
        if not Path(self._sound_file).is_file():
            return self.tr("The sound file is no longer there: choose it again.")
        return None

    def _validate(self) -> None:
        address = self._address_problem()
        sound = self._sound_problem()
        for label, text in ((self.address_error, address), (self.sound_error, sound)):
            label.setText(text or "")
            label.setVisible(text is not None)
        problem = address or sound
        self.save_button.setEnabled(problem is None)
        self.save_button.setToolTip(problem or "")
        self.preview.setEnabled(sound is None)
        self._fit()

    def _fit(self) -> None:
        # A window does not grow by itself for a message that wraps onto more lines.
        needed = self.sizeHint().height()
        if self.isVisible() and self.height() < needed:
            self.resize(self.width(), needed)

    def _sound_changed(self) -> None:
        custom = self.sound.currentData() == "custom"
        self.file_row.setVisible(custom)
        self.sound_file_name.setText(self._sound_file or "")
        self.sound_file_name.setCursorPosition(0)
        self.sound_file_name.setToolTip(self._sound_file or "")
        self._validate()

    def _preview(self) -> None:
        sound = str(self.sound.currentData())
        self._play_sound(sound, self._sound_file if sound == "custom" else None)

    def _choose_file(self) -> None:
        start = str(Path(self._sound_file).parent) if self._sound_file else ""
        dialog = QFileDialog(
            self, self.tr("Choose a WAV sound"), start, self.tr("WAV sounds (*.wav *.WAV)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(self._file_chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.destroyed.connect(self._file_dialog_gone)
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        if not path:
            return
        self._sound_file = path
        _select(self.sound, "custom")
        self._sound_changed()

    def _file_dialog_gone(self, *_: object) -> None:
        self.file_dialog = None

    def _open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_folder)))


# --- building blocks ------------------------------------------------------------------------


def _group(title: str) -> QGroupBox:
    return QGroupBox(title)


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def _row(
    form: QFormLayout, text: str, field: QWidget | QHBoxLayout, buddy: QWidget | None = None
) -> QLabel:
    """A labelled row; ``text`` carries the mnemonic (&) that focuses the field."""
    label = QLabel(text)
    focus = buddy if buddy is not None else field
    assert isinstance(focus, QWidget)
    label.setBuddy(focus)
    focus.setAccessibleName(text.replace("&", "").rstrip(":"))
    if isinstance(field, QWidget):  # (addRow's two overloads)
        form.addRow(label, field)
    else:
        form.addRow(label, field)
    return label


def _align_labels(*groups: QWidget) -> None:
    """One label column across the groups, so their fields start at the same place."""
    labels = [
        label
        for group in groups
        if isinstance(form := group.layout(), QFormLayout)
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(label := item.widget(), QLabel)
    ]
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _message_label(*, error: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # The theme's danger colour (BrightText) for errors, its muted one for hints.
    label.setForegroundRole(
        QPalette.ColorRole.BrightText if error else QPalette.ColorRole.PlaceholderText
    )
    if error:
        label.hide()
    return label


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
