"""Light and dark themes, following the system unless the attendant chose one.

The Fusion style with a palette of our own looks the same on every platform; ``Colors``
holds the few colours that are ours (bubbles, badges, the internal-comment yellow), and
delegates read them from the ``Theme`` they were given, never from a global.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

Preference = Literal["system", "light", "dark"]


@dataclass(frozen=True, slots=True)
class Colors:
    dark: bool
    window: QColor
    panel: QColor  # the conversation list and the headers
    text: QColor
    muted: QColor  # dates, secondary lines
    accent: QColor
    accent_text: QColor
    selection: QColor
    hover: QColor
    border: QColor
    customer_bubble: QColor
    attendant_bubble: QColor
    bot_bubble: QColor
    internal_bubble: QColor  # Comentário interno: never mistaken for a public message
    internal_border: QColor
    system_text: QColor
    badge: QColor  # unread counts, the red dot of a new chat
    badge_text: QColor
    danger: QColor
    success: QColor
    warning: QColor
    chip: QColor


def _c(hex_: str) -> QColor:
    return QColor(hex_)


LIGHT = Colors(
    dark=False,
    window=_c("#F4F6F9"),
    panel=_c("#FFFFFF"),
    text=_c("#1D2733"),
    muted=_c("#6B7785"),
    accent=_c("#1F5FBF"),
    accent_text=_c("#FFFFFF"),
    selection=_c("#DCE8FA"),
    hover=_c("#EEF3FA"),
    border=_c("#D9DFE7"),
    customer_bubble=_c("#FFFFFF"),
    attendant_bubble=_c("#D7E9FF"),
    bot_bubble=_c("#EDEAF7"),
    internal_bubble=_c("#FFF4C2"),
    internal_border=_c("#E0B400"),
    system_text=_c("#6B7785"),
    badge=_c("#E53935"),
    badge_text=_c("#FFFFFF"),
    danger=_c("#C62828"),
    success=_c("#2E7D32"),
    warning=_c("#B26A00"),
    chip=_c("#E4ECF7"),
)

DARK = Colors(
    dark=True,
    window=_c("#15191F"),
    panel=_c("#1C2129"),
    text=_c("#E6EAF0"),
    muted=_c("#97A3B0"),
    accent=_c("#5B9BFF"),
    accent_text=_c("#0D1117"),
    selection=_c("#27405F"),
    hover=_c("#232A34"),
    border=_c("#2F3743"),
    customer_bubble=_c("#262D37"),
    attendant_bubble=_c("#1E3A5C"),
    bot_bubble=_c("#2E2A44"),
    internal_bubble=_c("#4A3F12"),
    internal_border=_c("#D4A800"),
    system_text=_c("#97A3B0"),
    badge=_c("#EF5350"),
    badge_text=_c("#FFFFFF"),
    danger=_c("#EF5350"),
    success=_c("#66BB6A"),
    warning=_c("#FFB74D"),
    chip=_c("#26364A"),
)


def palette_for(colors: Colors) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, colors.window)
    p.setColor(role.WindowText, colors.text)
    p.setColor(role.Base, colors.panel)
    p.setColor(role.AlternateBase, colors.hover)
    p.setColor(role.Text, colors.text)
    p.setColor(role.PlaceholderText, colors.muted)
    p.setColor(role.Button, colors.panel)
    p.setColor(role.ButtonText, colors.text)
    p.setColor(role.Highlight, colors.accent)
    p.setColor(role.HighlightedText, colors.accent_text)
    p.setColor(role.ToolTipBase, colors.panel)
    p.setColor(role.ToolTipText, colors.text)
    p.setColor(role.Link, colors.accent)
    p.setColor(role.Mid, colors.border)
    p.setColor(role.Midlight, colors.border)
    p.setColor(role.BrightText, colors.danger)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, colors.muted)
    return p


class Theme(QObject):
    """The theme in use; ``changed`` when the system switches or the attendant chooses."""

    changed = Signal()

    def __init__(self, preference: Preference = "system", parent: QObject | None = None):
        super().__init__(parent)
        self._preference: Preference = preference
        self._colors = self._resolve()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_changed)

    @property
    def colors(self) -> Colors:
        return self._colors

    @property
    def dark(self) -> bool:
        return self._colors.dark

    def set_preference(self, preference: Preference) -> None:
        self._preference = preference
        self._update()

    def apply(self, app: QApplication) -> None:
        """Style the whole application (and again whenever the theme changes)."""
        app.setStyle("Fusion")
        app.setPalette(palette_for(self._colors))
        self.changed.connect(lambda: app.setPalette(palette_for(self._colors)))

    def _resolve(self) -> Colors:
        if self._preference == "dark":
            return DARK
        if self._preference == "light":
            return LIGHT
        scheme = QGuiApplication.styleHints().colorScheme()
        return DARK if scheme == Qt.ColorScheme.Dark else LIGHT

    def _system_changed(self, *_: object) -> None:
        if self._preference == "system":
            self._update()

    def _update(self) -> None:
        colors = self._resolve()
        if colors is not self._colors:
            self._colors = colors
            self.changed.emit()
