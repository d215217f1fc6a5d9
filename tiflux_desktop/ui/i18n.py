"""The window's language: Portuguese (Brasil) where the system speaks Portuguese, English
elsewhere, or what the attendant chose.

Source strings are English (``tr()``); ``resources/translations/tiflux_<lang>.ts`` are kept
in git and compiled to ``.qm`` by the build (``make translations``). Qt's own strings
(standard buttons, context menus) come from Qt's translations. English has a catalogue too:
it holds the plural forms (``%n``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).parent / "resources" / "translations"
Language = Literal["pt_BR", "en"]
LANGUAGES: tuple[Language, ...] = ("pt_BR", "en")


def choose_language(preference: str, system: QLocale | None = None) -> Language:
    """``preference`` is the setting: "system", "pt_BR" or "en"."""
    if preference in LANGUAGES:
        return preference  # type: ignore[return-value]
    system = system or QLocale.system()
    return "pt_BR" if system.language() == QLocale.Language.Portuguese else "en"


def catalogue(language: Language) -> Path:
    return TRANSLATIONS / f"tiflux_{language}.qm"


class Translations:
    """The translators installed on the application; ``use`` switches language live."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language: Language = "en"

    def use(self, language: Language) -> bool:
        """Install ``language``; False when our catalogue is missing (the source strings,
        English, are shown then)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.language = language
        QLocale.setDefault(
            QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
            if language == "pt_BR"
            else QLocale(QLocale.Language.English)
        )
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(self._app)
        if qt.load(f"qtbase_{language}", qt_dir):
            self._install(qt)
        ours = QTranslator(self._app)
        path = catalogue(language)
        if ours.load(str(path)):
            self._install(ours)
            return True
        log.warning("translation catalogue %s is missing (run `make translations`)", path.name)
        return False

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)
