"""The window's catalogues: pt_BR complete with Tiflux's own labels, English complete with its
plural forms, both compiled and loaded as the app loads them, and Portuguese systems get pt_BR.

Fast and without a service: the .ts files are parsed, lupdate and lrelease run into tmp_path.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from tiflux_desktop.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "tiflux_desktop/ui/resources/translations"
BIN = Path(sys.executable).parent
LANGUAGES = ("pt_BR", "en")
# Qt's plural rules: English and Portuguese both have a singular and a plural form.
PLURAL_FORMS = {"pt_BR": 2, "en": 2}

PLACEHOLDER = re.compile(r"%(?:\d+|n)")
# A mnemonic is a single & before a character ("&&" is a literal ampersand).
MNEMONIC = re.compile(r"(?<!&)&(?!&)(.)")
# A key name next to "+" or a parenthesis ("Shift+Enter", "(Esc)"), not the verb "Enter".
KEY_NAME = re.compile(r"(?<=[+(])(?:Ctrl|Shift|Esc|Enter)\b|\b(?:Ctrl|Shift|Esc|Enter)(?=[+)])")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool
    forms: tuple[str, ...]  # the translation, or its plural forms
    unfinished: bool


def read(language: str) -> list[Message]:
    root = ET.parse(TRANSLATIONS / f"tiflux_{language}.ts").getroot()
    assert root.get("language") == language
    messages = []
    for context in root.iter("context"):
        for m in context.iter("message"):
            translation = m.find("translation")
            assert translation is not None
            numerus = m.get("numerus") == "yes"
            forms = (
                tuple(f.text or "" for f in translation.findall("numerusform"))
                if numerus
                else (translation.text or "",)
            )
            messages.append(
                Message(
                    context=context.findtext("name") or "",
                    source=m.findtext("source") or "",
                    numerus=numerus,
                    forms=forms,
                    unfinished=translation.get("type") is not None,
                )
            )
    return messages


CATALOGUES = {language: read(language) for language in LANGUAGES}


def translation(language: str, context: str, source: str) -> str:
    found = [m for m in CATALOGUES[language] if (m.context, m.source) == (context, source)]
    assert found, f"{language}: no message [{context}] {source!r} (run `make i18n-update`)"
    return found[0].forms[0]


def plain(text: str) -> str:
    """The label as the attendant reads it: without the mnemonic's &."""
    return MNEMONIC.sub(r"\1", text).replace("&&", "&")


def each(language: str) -> Iterator[tuple[Message, str]]:
    for m in CATALOGUES[language]:
        for form in m.forms:
            yield m, form


# --- every catalogue: complete and well formed -----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    missing = [
        f"[{m.context}] {m.source!r}"
        for m in CATALOGUES[language]
        if m.unfinished or not m.forms or any(not form.strip() for form in m.forms)
    ]
    assert not missing, f"{language}: unfinished or empty:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language: str) -> None:
    wrong = [
        f"[{m.context}] {m.source!r} -> {form!r}"
        for m, form in each(language)
        if Counter(PLACEHOLDER.findall(form)) != Counter(PLACEHOLDER.findall(m.source))
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_mnemonic_where_the_source_has_one(language: str) -> None:
    wrong = []
    for m, form in each(language):
        wanted = len(MNEMONIC.findall(m.source))
        letters = MNEMONIC.findall(form)
        if len(letters) != min(wanted, 1) or any(not c.isalnum() for c in letters):
            wrong.append(f"[{m.context}] {m.source!r} -> {form!r}")
    assert not wrong, "mnemonics (&) wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_have_the_language_s_forms(language: str) -> None:
    numerus = [m for m in CATALOGUES[language] if m.numerus]
    assert numerus, "the catalogue lost its %n messages"
    wrong = [
        f"{m.source!r}: {len(m.forms)} forms"
        for m in numerus
        if len(m.forms) != PLURAL_FORMS[language]
    ]
    assert not wrong
    # Only plural messages count things with %n.
    assert not [m.source for m in CATALOGUES[language] if not m.numerus and "%n" in m.source]


@pytest.mark.parametrize("language", LANGUAGES)
def test_typography_and_key_names_are_kept(language: str) -> None:
    wrong = []
    for m, form in each(language):
        if "…" in m.source and ("…" not in form or "..." in form):
            wrong.append(f"ellipsis: {m.source!r} -> {form!r}")
        if Counter(KEY_NAME.findall(form)) != Counter(KEY_NAME.findall(m.source)):
            wrong.append(f"key names: {m.source!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_english_is_the_source_with_real_plurals() -> None:
    for m in CATALOGUES["en"]:
        if not m.numerus:
            assert m.forms == (m.source,), m.source
    assert translation_forms("en", "ChatRowDelegate", "%n unread message(s)") == (
        "%n unread message",
        "%n unread messages",
    )


def translation_forms(language: str, context: str, source: str) -> tuple[str, ...]:
    return next(m.forms for m in CATALOGUES[language] if (m.context, m.source) == (context, source))


def test_contexts_are_the_classes_that_translate() -> None:
    """lupdate names a context after the expression a tr() is called on (``other.tr()`` files
    it under "other") while Qt looks it up under the object's class: such a string would stay
    English. Use self.tr() or QCoreApplication.translate("Class", ...)."""
    contexts = {m.context for m in CATALOGUES["pt_BR"]}
    odd = {c for c in contexts if not re.fullmatch(r"_?[A-Z]\w*", c)}
    assert not odd, f"tr() called on another object: {sorted(odd)}"


# --- pt_BR: Tiflux's labels, word for word ---------------------------------------------------

# (context, English source) -> the label of Tiflux's Chats screen (the seed page).
TIFLUX_LABELS: list[tuple[str, str, str]] = [
    ("Wording", "Inbox", "Entrada"),
    ("Wording", "Mine", "Meus"),
    ("Wording", "In attendance", "Em atendimento"),
    ("Wording", "Closed", "Encerrados"),
    ("Wording", "Website widget", "Widget Externo"),
    ("Wording", "Gupshup", "Gupshup"),
    ("Wording", "WhatsApp Cloud API", "WhatsApp Cloud API"),
    ("Wording", "Traditional WhatsApp", "WhatsApp tradicional"),
    ("Wording", "Waiting for an attendant", "Aguardando atendimento"),
    ("Wording", "Waiting for the customer", "Aguardando cliente"),
    ("Wording", "Triage", "Triagem"),
    ("Wording", "Requester name", "Nome do solicitante"),
    ("Wording", "Client", "Cliente"),
    ("Wording", "Department", "Departamento"),
    ("Wording", "Responsible", "Responsável"),
    ("Wording", "Attendant group", "Grupo de atendentes"),
    ("ConversationsPane", "&New chat", "Novo chat"),
    ("ConversationsPane", "New chat", "Novo chat"),
    ("NewChatDialog", "New chat", "Novo chat"),
    ("ChatHeader", "&Assume", "Assumir"),
    ("ChatHeader", "&Transfer", "Transferir"),
    ("ChatHeader", "&Finish", "Finalizar"),
    ("ChatHeader", "&Leave", "Sair"),
    ("ChatHeader", "&Cancel", "Cancelar"),
    ("ChatHeader", "+ Add tic&ket", "+ Adicionar ticket"),
    ("ChatHeader", "+ &Information", "+ Informações"),
    ("ChatHeader", "Chat origin: %1", "Origem do chat: %1"),
    ("ChatHeader", "Responsible: %1", "Responsável: %1"),
    ("ChatHeader", "Department: %1", "Departamento: %1"),
    ("ChatsScreen", "Assume", "Assumir"),
    ("ComposerPane", "Internal comment", "Comentário interno"),
    ("MessageBubble", "Internal comment", "Comentário interno"),
    ("ComposerPane", "Reply templates", "Modelos de respostas"),
    ("ReplyTemplatesDialog", "Reply templates", "Modelos de respostas"),
    ("StatusCorner", "Online", "Online"),
    ("StatusCorner", "Offline", "Offline"),
    ("NewChatDialog", "&Select a contact", "Selecione um contato"),
    ("NewChatDialog", "Enter &manually", "Informar manualmente"),
    ("NewChatDialog", "&Integration", "Integração"),
    ("NewChatDialog", "&Department", "Departamento"),
    ("TemplateForm", "Template &group", "Grupo de modelos"),
    ("TemplateForm", "HSM &template", "Modelo HSM"),
    ("TransferDialog", "&Transfer", "Transferir"),
    ("FinishDialog", "&Finish", "Finalizar"),
    ("FilterButton", "Status", "Status"),
    ("Shortcuts", "Inbox tab", "Aba Entrada"),
]


@pytest.mark.parametrize(("context", "source", "label"), TIFLUX_LABELS)
def test_pt_br_uses_tiflux_labels(context: str, source: str, label: str) -> None:
    assert plain(translation("pt_BR", context, source)) == label


# Buttons and fields shown together: in pt_BR each mnemonic letter is taken once (Alt+letter
# reaches one control). The main window: the header's buttons, Novo chat, the composer's
# template button, the messages' banner and the menu bar.
TOGETHER: dict[str, list[tuple[str, str]]] = {
    "main window": [
        ("ChatHeader", s)
        for s in (
            "&Assume",
            "&Transfer",
            "&Finish",
            "&Leave",
            "&Cancel",
            "+ Add tic&ket",
            "+ &Information",
        )
    ]
    + [
        ("ConversationsPane", "&New chat"),
        ("ComposerPane", "Send a te&mplate"),
        ("_Banner", "&Dismiss"),
        ("MainWindow", "Tiflu&x Chats"),
        ("MainWindow", "&Help"),
    ],
    "message menu": [
        ("MessageView", s)
        for s in (
            "&Copy text",
            "&Reply (quote)",
            "Re&try",
            "D&iscard",
            "&Download",
            "&Open attachment",
            "&Show quoted message",
        )
    ],
    "add ticket": [
        ("AddTicketDialog", s)
        for s in (
            "C&lient",
            "Service &desk",
            "&Priority",
            "Catalog &item",
            "Re&quester",
            "&Title",
            "Lin&k again",
        )
    ]
    + [("ServiceDialog", "&Retry")],
    "finish": [
        ("FinishDialog", s) for s in ("C&lient", "Service &desk", "Catalog &item", "&Finish")
    ]
    + [("ServiceDialog", "&Retry")],
    "new chat": [
        ("NewChatDialog", s)
        for s in (
            "&Select a contact",
            "Enter &manually",
            "C&lient",
            "C&ontact",
            "N&umber",
            "&Name",
            "&Integration",
            "&Department",
            "Start c&hat",
        )
    ]
    + [("TemplateForm", s) for s in ("Template &group", "HSM &template", "Pre&view")]
    + [("ServiceDialog", "&Retry")],
    "send template": [
        ("SendTemplateDialog", "&Send"),
        *[("TemplateForm", s) for s in ("Template &group", "&Template", "Pre&view")],
    ],
    "transfer": [("TransferDialog", s) for s in ("&Department", "&Attendant", "&Transfer")]
    + [("ServiceDialog", "&Retry")],
    "sign in": [("SignInDialog", s) for s in ("Service &address", "&E-mail", "&Password")],
    "menus": [("MainWindow", s) for s in ("&Settings…", "Sign &out…", "&Quit")],
    "help menu": [("MainWindow", s) for s in ("&Keyboard shortcuts", "&About")],
}


@pytest.mark.parametrize("group", sorted(TOGETHER))
def test_pt_br_mnemonics_do_not_clash(group: str) -> None:
    letters = {
        source: MNEMONIC.findall(translation("pt_BR", context, source))[0].casefold()
        for context, source in TOGETHER[group]
    }
    clashes = {
        letter: [s for s, c in letters.items() if c == letter]
        for letter in set(letters.values())
        if list(letters.values()).count(letter) > 1
    }
    assert not clashes, f"{group}: {clashes}"


# --- the catalogues hold every string of the code ---------------------------------------------


def test_catalogue_covers_every_source_string(tmp_path: Path) -> None:
    """lupdate over the window's code finds nothing new: a string added without running
    `make i18n-update` (and translating it) fails here."""
    ts = tmp_path / "check.ts"
    shutil.copy(TRANSLATIONS / "tiflux_pt_BR.ts", ts)
    sources = sorted(str(p) for p in (ROOT / "tiflux_desktop/ui").rglob("*.py"))
    sources.append(str(ROOT / "tiflux_desktop/app.py"))
    out = subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(ts),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"\((\d+) new and (\d+) already existing\)", out)
    assert found, out
    assert found[1] == "0", f"source strings missing from the catalogues:\n{out}"
    before = {(m.context, m.source) for m in CATALOGUES["pt_BR"]}
    after = {(m.context, m.source) for m in _parse(ts)}
    assert after == before, f"vanished from the code: {sorted(before - after)}"


def _parse(path: Path) -> list[Message]:
    root = ET.parse(path).getroot()
    return [
        Message(c.findtext("name") or "", m.findtext("source") or "", False, (), False)
        for c in root.iter("context")
        for m in c.iter("message")
    ]


# --- compiled and loaded as the app does ------------------------------------------------------


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    """The .qm files, built by lrelease as `make translations` does, into tmp_path."""
    for language in LANGUAGES:
        subprocess.run(
            [
                str(BIN / "pyside6-lrelease"),
                "-silent",
                str(TRANSLATIONS / f"tiflux_{language}.ts"),
                "-qm",
                str(tmp_path / f"tiflux_{language}.qm"),
            ],
            check=True,
        )
    return tmp_path


@pytest.fixture
def app() -> Iterator[QCoreApplication]:
    """The application, left as found: our translators removed, the default locale back."""
    application = QApplication.instance() or QApplication([])
    before = set(application.findChildren(QTranslator))
    locale = QLocale()
    yield application
    for translator in set(application.findChildren(QTranslator)) - before:
        application.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(locale)


def translate(context: str, source: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, source, None, n)


def test_the_pt_br_catalogue_loads_and_translates(compiled: Path, app: QCoreApplication) -> None:
    translator = QTranslator(app)
    assert translator.load(str(compiled / "tiflux_pt_BR.qm"))
    assert translate("Wording", "Inbox") == "Inbox"
    app.installTranslator(translator)
    assert translate("Wording", "Inbox") == "Entrada"
    assert translate("ChatHeader", "&Assume") == "&Assumir"
    assert translate("ChatRowDelegate", "%n unread message(s)", 1) == "1 mensagem não lida"
    assert translate("ChatRowDelegate", "%n unread message(s)", 3) == "3 mensagens não lidas"


def test_the_app_switches_language_live(
    compiled: Path, app: QCoreApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", compiled)
    translations = i18n.Translations(app)
    assert translations.use("pt_BR")
    assert translate("Wording", "Closed") == "Encerrados"
    assert translate("StatusCorner", "Offline") == "Offline"
    assert QLocale().language() == QLocale.Language.Portuguese
    assert translations.use("en")
    assert translate("Wording", "Closed") == "Closed"
    assert translate("ChatRowDelegate", "%n unread message(s)", 1) == "1 unread message"
    assert translate("ChatRowDelegate", "%n unread message(s)", 2) == "2 unread messages"
    assert translate("FilterButton", "Filters (%n on)", 2) == "Filters (2 on)"


def test_a_missing_catalogue_leaves_english(
    tmp_path: Path, app: QCoreApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    assert not i18n.Translations(app).use("pt_BR")
    assert translate("Wording", "Inbox") == "Inbox"


@pytest.mark.parametrize(
    ("preference", "system", "language"),
    [
        ("system", QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil), "pt_BR"),
        ("system", QLocale(QLocale.Language.Portuguese, QLocale.Country.Portugal), "pt_BR"),
        ("system", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "en"),
        ("system", QLocale(QLocale.Language.Spanish, QLocale.Country.Argentina), "en"),
        ("en", QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil), "en"),
        ("pt_BR", QLocale(QLocale.Language.German, QLocale.Country.Germany), "pt_BR"),
    ],
)
def test_portuguese_systems_get_pt_br(preference: str, system: QLocale, language: str) -> None:
    assert i18n.choose_language(preference, system) == language
