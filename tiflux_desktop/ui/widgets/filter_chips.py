"""The filter tool of the conversation list and the chips of the filters in use.

``FilterButton`` opens a menu of channels and, in Em atendimento, of statuses (Aguardando
atendimento, Aguardando cliente, Triagem); several can be checked at once, and a channel
combines with a status. ``FilterChips`` shows each active filter as a chip that removes it,
and a "clear" chip that removes them all. Both are dumb: they show the choice they are
given and emit the one the attendant makes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from tiflux_desktop.domain import IN_ATTENDANCE_STATUS_FILTER, ChatStatus, Origin
from tiflux_desktop.ui.icons import icon, origin_icon
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.wording import origin_label, status_label

Choice = tuple[tuple[Origin, ...], tuple[ChatStatus, ...]]


class FilterButton(QToolButton):
    changed = Signal(object, object)  # (origins, statuses) checked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(icon("list-filter"))
        self.show_count(0)
        self.setToolTip(self.tr("Filter by channel and status"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._origins: dict[Origin, QAction] = {}
        self._statuses: dict[ChatStatus, QAction] = {}
        self._menu.addSection(self.tr("Channels"))
        for origin in Origin:
            action = self._menu.addAction(origin_icon(origin), origin_label(origin))
            action.setCheckable(True)
            action.toggled.connect(self._toggled)
            self._origins[origin] = action
        self._status_section = self._menu.addSection(self.tr("Status"))
        for status in IN_ATTENDANCE_STATUS_FILTER:
            action = self._menu.addAction(status_label(status))
            action.setCheckable(True)
            action.toggled.connect(self._toggled)
            self._statuses[status] = action
        self._quiet = False

    def set_statuses_offered(self, offered: bool) -> None:
        """The status part exists only in Em atendimento."""
        self._status_section.setVisible(offered)
        for action in self._statuses.values():
            action.setVisible(offered)

    def set_choice(self, origins: tuple[Origin, ...], statuses: tuple[ChatStatus, ...]) -> None:
        self._quiet = True
        for origin, action in self._origins.items():
            action.setChecked(origin in origins)
        for status, action in self._statuses.items():
            action.setChecked(status in statuses)
        self._quiet = False

    def show_count(self, count: int) -> None:
        """How many filters are on, beside the icon (nothing when none)."""
        self.setText(str(count) if count else "")
        self.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if count
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        self.setAccessibleName(
            self.tr("Filters (%n on)", "", count) if count else self.tr("Filters")
        )

    def choice(self) -> Choice:
        return (
            tuple(o for o, a in self._origins.items() if a.isChecked()),
            tuple(s for s, a in self._statuses.items() if a.isChecked()),
        )

    def action_for(self, what: Origin | ChatStatus) -> QAction:
        return self._origins[what] if isinstance(what, Origin) else self._statuses[what]

    def _toggled(self, _checked: bool) -> None:
        if not self._quiet:
            self.changed.emit(*self.choice())


class FilterChips(QWidget):
    removed = Signal(object)  # the Origin or ChatStatus whose chip was closed
    cleared = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._chips: list[QToolButton] = []
        self._clear = QToolButton()
        self._clear.setText(self.tr("Clear filters"))
        self._clear.setAutoRaise(True)
        self._clear.clicked.connect(self.cleared)
        self._layout.addStretch(1)
        self._layout.addWidget(self._clear)
        theme.changed.connect(self._restyle)
        self.set_active((), ())

    def chips(self) -> list[QToolButton]:
        return list(self._chips)

    def set_active(self, origins: tuple[Origin, ...], statuses: tuple[ChatStatus, ...]) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.hide()  # gone now, not when the deferred delete runs
            chip.deleteLater()
        self._chips = []
        items: list[tuple[Origin | ChatStatus, str]] = [(o, origin_label(o)) for o in origins]
        items += [(s, status_label(s)) for s in statuses]
        for position, (what, label) in enumerate(items):
            chip = QToolButton()
            chip.setText(label)
            chip.setIcon(icon("list-chip-remove"))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the × after the text
            chip.setAccessibleName(self.tr("Remove filter: %1").replace("%1", label))
            chip.setToolTip(self.tr("Remove this filter"))
            chip.setProperty("filter", what)
            chip.clicked.connect(lambda _c=False, w=what: self.removed.emit(w))
            self._layout.insertWidget(position, chip)
            self._chips.append(chip)
        self._restyle()
        self.setVisible(bool(items))

    def _restyle(self) -> None:
        colors = self._theme.colors
        style = (
            f"QToolButton {{ background: {colors.chip.name()}; color: {colors.text.name()};"
            " border: none; border-radius: 10px; padding: 2px 8px; }"
        )
        for chip in self._chips:
            chip.setStyleSheet(style)
        self._clear.setStyleSheet(
            f"QToolButton {{ color: {colors.accent.name()}; border: none; padding: 2px 4px; }}"
        )
