"""What every action dialog of the Chats screen shares.

A dialog loads what it offers when it is first shown (saying so while it loads, and saying
why with a Retry when the service cannot answer), keeps its OK button disabled until the
form is complete (with the reason next to it), performs its action itself on OK (busy, no
second submit), shows a refusal inline without closing or losing what was typed, and on
success emits ``done`` with the result and accepts.

Subclasses fill ``form`` with ``add_row``, start their loads in ``start`` with ``fetch``,
say what is missing in ``reason`` and act in ``perform``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import Refusal
from tiflux_desktop.net import ApiError
from tiflux_desktop.protocol import ErrorCode

from ..icons import icon
from ..tasks import Tasks
from ..widgets.template_form import TemplateForm
from ..wording import error_text, refusal_text

T = TypeVar("T")
translate = QCoreApplication.translate


def action_error_text(exc: BaseException) -> str:
    """``error_text`` with the service's refusals that only these dialogs meet in words of
    their own (the service's message is English and meant for developers)."""
    if isinstance(exc, ApiError):
        # The service's refusals name the same rule the app checks: say it the same way.
        reason = (exc.details or {}).get("reason")
        if isinstance(reason, str) and reason in Refusal._value2member_map_:
            return refusal_text(Refusal(reason))
        code = exc.error_code
        if code is ErrorCode.OPEN_CHAT_EXISTS:
            return translate(
                "Dialogs", "This contact already has an open chat on this integration."
            )
        if code is ErrorCode.CATALOG_ITEM_REQUIRED:
            return translate(
                "Dialogs", "Your organisation requires a service catalog item to finish a chat."
            )
        if code is ErrorCode.ARCHIVED:
            return translate("Dialogs", "This chat is already closed.")
        if code is ErrorCode.NO_PERMISSION:
            return translate("Dialogs", "You no longer have access to this chat's department.")
    return error_text(exc)


class ErrorBanner(QFrame):
    """An inline error at the top of a dialog, with one optional action (Retry, Link again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialogError")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Error"))
        mark = QLabel()
        mark.setPixmap(icon("dlg-warning").pixmap(20, 20))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton()
        self.action.setAutoDefault(False)
        self.action.hide()
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(mark)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_error(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.label.setText(text)
        self._callback = action[1] if action else None
        if action:
            self.action.setText(action[0])
        self.action.setVisible(action is not None)
        self.show()

    def clear(self) -> None:
        self._callback = None
        self.label.clear()
        self.action.hide()
        self.hide()

    def _act(self) -> None:
        callback = self._callback
        if callback is not None:
            callback()


class ChoiceBox(QComboBox):
    """A combo of (label, value) choices that starts on nothing chosen (its placeholder).

    ``searchable`` makes it editable with a completer that matches anywhere in the label,
    for long lists (clients, contacts): the attendant types part of a name and picks.
    """

    def __init__(
        self, placeholder: str = "", *, searchable: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._searchable = searchable
        self.setPlaceholderText(placeholder)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = self.lineEdit()
            assert line is not None
            line.setPlaceholderText(placeholder)
            line.setClearButtonEnabled(True)
            completer = QCompleter(self.model(), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)

    def set_choices(self, choices: Sequence[tuple[str, object]], *, keep: bool = True) -> None:
        """Replace the choices; with ``keep`` the chosen value stays chosen if still there."""
        kept = self.value() if keep else None
        self.blockSignals(True)
        try:
            self.clear()
            for label, value in choices:
                self.addItem(label, value)
            self.setCurrentIndex(-1)
            if self._searchable:
                self.setEditText("")
        finally:
            self.blockSignals(False)
        if kept is None or not self.select_value(kept):
            self.currentIndexChanged.emit(-1)

    def value(self) -> Any:
        """The chosen value, or None (an editable box's text must name a choice exactly)."""
        if self._searchable:
            index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        else:
            index = self.currentIndex()
        return self.itemData(index) if index >= 0 else None

    def select_value(self, value: object) -> bool:
        for index in range(self.count()):
            if self.itemData(index) == value:
                self.setCurrentIndex(index)
                if self._searchable:
                    self.setEditText(self.itemText(index))
                return True
        return False

    def connect_changed(self, slot: Callable[[], None]) -> None:
        """``slot`` when the choice may have changed (picked, or typed in a searchable box)."""
        self.currentIndexChanged.connect(lambda *_: slot())
        if self._searchable:
            self.editTextChanged.connect(lambda *_: slot())


def _cancel_keys(tasks: Tasks, keys: set[str], *_: object) -> None:
    for key in list(keys):
        tasks.cancel(key)


class ServiceDialog(QDialog):
    """Base of the action dialogs (see the module's docstring)."""

    # The action's result; the dialog accepts right after. It hides QDialog.done(int),
    # which Qt still calls from C++ (a Signal is no Python override of the virtual).
    done = Signal(object)  # pyright: ignore[reportAssignmentType]

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._prefix = f"{type(self).__name__}-{id(self)}"
        self._keys: set[str] = set()
        self._loading: set[str] = set()
        self._failed: set[str] = set()
        self._banner_key: str | None = None
        self._busy = False
        self._started = False
        # The coroutines belong to the screen's Tasks; a dialog that goes away must not
        # leave them writing into deleted widgets.
        self.destroyed.connect(partial(_cancel_keys, tasks, self._keys))

        self.banner = ErrorBanner()
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status = QLabel()
        self.status.setObjectName("dialogReason")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setEnabled(False)  # drawn muted: a hint, not an error
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok is not None
        assert cancel is not None
        self.ok = ok
        self.cancel_button = cancel
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.body, 1)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        # Only once the button is inside the dialog does it become the dialog's own default,
        # the one Enter goes back to after Tab passed over another button.
        self.ok.setDefault(True)

    # --- for subclasses -----------------------------------------------------------------

    def start(self) -> None:
        """Start loading what the dialog offers (called when it is first shown)."""

    def reason(self) -> str | None:
        """What is missing before OK can do anything, or None when the form is complete."""
        return None

    async def perform(self) -> object:
        """The action; its result goes out with ``done``. Raise to show an error inline."""
        raise NotImplementedError

    def ok_text(self) -> str:
        return self.tr("OK")

    def busy_text(self) -> str:
        return self.tr("Working…")

    def failed(self, exc: BaseException) -> None:
        """The action failed: say why and keep everything as the attendant left it."""
        self.show_error(action_error_text(exc))

    def succeeded(self, result: object) -> None:
        self.done.emit(result)  # pyright: ignore[reportAttributeAccessIssue]
        self.accept()

    def add_row(self, text: str, field: QWidget) -> QLabel:
        """A labelled row; ``text`` carries the mnemonic (&) that focuses ``field``."""
        label = QLabel(text)
        label.setBuddy(field)
        self.form.addRow(label, field)
        field.setAccessibleName(text.replace("&", ""))
        return label

    def label_width(self) -> int:
        widths = [
            label.sizeHint().width()
            for row in range(self.form.rowCount())
            if (item := self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and isinstance(label := item.widget(), QLabel)
        ]
        return max(widths, default=0)

    def align_labels(self, form: TemplateForm) -> None:
        """Line up the labels of an embedded template form with the dialog's own."""
        width = max(self.label_width(), form.label_width())
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and (label := item.widget()) is not None:
                label.setMinimumWidth(width)
        form.set_label_width(width)

    def fetch(
        self,
        key: str,
        factory: Callable[[], Awaitable[T]],
        apply: Callable[[T], None],
    ) -> None:
        """Load something (latest wins per ``key``); OK waits for it; a failure shows the
        error with a Retry that loads it again."""
        self._loading.add(key)
        self._failed.discard(key)
        self.validate()
        self._spawn(f"load:{key}", self._fetching(key, factory, apply))

    def is_loading(self, key: str | None = None) -> bool:
        return bool(self._loading) if key is None else key in self._loading

    def show_error(
        self,
        text: str,
        action: tuple[str, Callable[[], None]] | None = None,
        *,
        key: str | None = None,
    ) -> None:
        self._banner_key = key
        self.banner.show_error(text, action)

    def clear_error(self) -> None:
        self._banner_key = None
        self.banner.clear()

    def validate(self) -> None:
        if self._loading:
            reason: str | None = self.tr("Loading…")
        elif self._failed:
            reason = self.tr("Some choices could not be loaded: try again.")
        else:
            reason = self.reason()
        self.ok.setEnabled(reason is None and not self._busy)
        self.ok.setToolTip(reason or "")
        self.status.setText(reason or "")
        self.status.setVisible(bool(reason) and not self._busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        """OK: run the action once (a second press while it runs does nothing)."""
        self.validate()
        if self._busy or not self.ok.isEnabled():
            return
        self._set_busy(True)
        self._spawn("perform", self._performing())

    def set_busy(self, busy: bool) -> None:
        self._set_busy(busy)

    def spawn(self, name: str, coro: Coroutine[Any, Any, None]) -> None:
        """A coroutine owned by the dialog (cancelled when it closes); latest wins per name."""
        self._spawn(name, coro)

    # --- internals ----------------------------------------------------------------------

    def _spawn(self, name: str, coro: Coroutine[Any, Any, None]) -> None:
        key = f"{self._prefix}:{name}"
        self._keys.add(key)
        self._tasks.spawn(coro, key=key)

    async def _fetching(
        self, key: str, factory: Callable[[], Awaitable[T]], apply: Callable[[T], None]
    ) -> None:
        try:
            result = await factory()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._loading.discard(key)
            self._failed.add(key)
            self.show_error(
                error_text(exc),
                (self.tr("&Retry"), lambda: self.fetch(key, factory, apply)),
                key=key,
            )
            self.validate()
            return
        self._loading.discard(key)
        if self._banner_key == key:
            self.clear_error()
        apply(result)
        self.validate()

    async def _performing(self) -> None:
        self.clear_error()
        try:
            result = await self.perform()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._set_busy(False)
            self.failed(exc)
            return
        self._set_busy(False)
        self.succeeded(result)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.body.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.ok.setText(self.busy_text() if busy else self.ok_text())
        self.validate()

    # --- Qt overrides -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.ok.setText(self.ok_text())
            self.start()
            self.validate()

    def accept(self) -> None:
        _cancel_keys(self._tasks, self._keys)
        super().accept()

    def reject(self) -> None:
        # The action is already with the service: closing now would hide its outcome.
        if self._busy:
            return
        _cancel_keys(self._tasks, self._keys)
        super().reject()
