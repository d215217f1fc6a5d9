"""The conversation list's search field and its mode selector ("search by").

Tiflux searches the requester's name by default; the client and the department can be
chosen, and in Em atendimento also the responsible attendant and the attendant group. The
widget shows the modes it is given and says what the attendant typed or chose.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from tiflux_desktop.domain import SearchBy
from tiflux_desktop.ui.wording import search_mode_label


class _Field(QLineEdit):
    """Esc clears the search; Down goes to the list (the pane connects ``down``)."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchBox(QWidget):
    text_changed = Signal(str)
    mode_changed = Signal(object)  # SearchBy
    down_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = _Field()
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName(self.tr("Search chats"))
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Search by"))
        self.mode.setToolTip(self.tr("Search by"))
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.mode)
        self.setFocusProxy(self.field)
        self.field.textChanged.connect(self.text_changed)
        self.field.down.connect(self.down_pressed)
        self.mode.currentIndexChanged.connect(self._mode_chosen)
        self.set_modes((SearchBy.REQUESTOR,), SearchBy.REQUESTOR)

    # --- our API ------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.field.text()

    @property
    def current_mode(self) -> SearchBy:
        # Stored by value: a str enum comes back from Qt as a plain str.
        value = self.mode.currentData()
        return SearchBy(value) if value else SearchBy.REQUESTOR

    def set_modes(self, modes: tuple[SearchBy, ...], current: SearchBy) -> None:
        """Offer ``modes``; choose ``current`` (without emitting mode_changed)."""
        self.mode.blockSignals(True)
        self.mode.clear()
        for mode in modes:
            self.mode.addItem(search_mode_label(mode), mode.value)
        self.mode.setCurrentIndex(max(0, self.mode.findData(current.value)))
        self.mode.blockSignals(False)
        self._placeholder()

    def set_mode(self, mode: SearchBy) -> None:
        """Choose ``mode`` as the attendant would (emits mode_changed); ignored when the
        mode is not offered here."""
        row = self.mode.findData(mode.value)
        if row >= 0:
            self.mode.setCurrentIndex(row)

    def set_text(self, text: str) -> None:
        self.field.setText(text)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    # --- helpers --------------------------------------------------------------------------

    def _placeholder(self) -> None:
        self.field.setPlaceholderText(
            self.tr("Search by %1").replace("%1", search_mode_label(self.current_mode).lower())
        )

    def _mode_chosen(self, _row: int) -> None:
        self._placeholder()
        self.mode_changed.emit(self.current_mode)
