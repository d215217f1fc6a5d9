"""The app's icons: SVG files under resources/icons, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from tiflux_desktop.domain import Origin

ICONS = Path(__file__).parent / "resources" / "icons"

_ORIGIN_ICONS = {
    Origin.SITE_WIDGET: "origin-widget",
    Origin.CHAT: "origin-chat",
    Origin.WHATSAPP: "origin-whatsapp",
    Origin.WHATSAPP_WEB: "origin-whatsapp",
    Origin.GUPSHUP: "origin-gupshup",
    Origin.WHATSAPP_CLOUD: "origin-whatsapp-cloud",
    Origin.CAMPAIGN: "origin-campaign",
}


@cache
def icon(name: str) -> QIcon:
    """``name`` is a file in resources/icons without ``.svg``; a missing one is a bug."""
    path = ICONS / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(path)
    return QIcon(str(path))


def origin_icon(origin: Origin) -> QIcon:
    return icon(_ORIGIN_ICONS[origin])
