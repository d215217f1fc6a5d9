"""Keep the English catalogue complete and say what the others still lack.

    .venv/bin/python scripts/i18n_fill.py [--check]

Run it after `make i18n-update`. The English source strings are already the English text, so
every unfinished message of tiflux_en.ts gets its source as translation; the plural messages
(%n) get their singular and plural from EN_PLURALS below (add one there when a new %n string
appears: the script stops and names it). The other catalogues (pt_BR) are translated by hand
(Qt Linguist: `.venv/bin/pyside6-linguist`, or the XML itself); the script lists their
unfinished messages. With --check nothing is written and the exit status is 1 when any
catalogue has an unfinished message.

The files are written the way lupdate writes them, so a later lupdate run keeps the diff to the
messages that changed.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / ("tiflux_desktop/ui/resources/translations")

# English singular and plural of every %n message (Qt: form 0 for n == 1, form 1 otherwise).
EN_PLURALS: dict[str, tuple[str, str]] = {
    "%n unread message(s)": ("%n unread message", "%n unread messages"),
    "Waiting %n min": ("Waiting %n min", "Waiting %n min"),
    "Waiting %n h": ("Waiting %n h", "Waiting %n h"),
    "Waiting %n d": ("Waiting %n d", "Waiting %n d"),
    "Filters (%n on)": ("Filters (%n on)", "Filters (%n on)"),
    "It happened %n more time(s) since.": (
        "It happened %n more time since.",
        "It happened %n more times since.",
    ),
    "%n new chats in Entrada": ("%n new chat in Entrada", "%n new chats in Entrada"),
    "Customers wrote in %n of your chats": (
        "A customer wrote in %n of your chats",
        "Customers wrote in %n of your chats",
    ),
    "%n chats transferred to you": ("%n chat transferred to you", "%n chats transferred to you"),
    "%n chats still waiting in Entrada": (
        "%n chat still waiting in Entrada",
        "%n chats still waiting in Entrada",
    ),
    "and %n more": ("and %n more", "and %n more"),
    "%n min": ("%n min", "%n min"),
    "%n h": ("%n h", "%n h"),
    "%n d": ("%n d", "%n d"),
    "Tiflux Chats — %n chat(s) waiting in Entrada": (
        "Tiflux Chats — %n chat waiting in Entrada",
        "Tiflux Chats — %n chats waiting in Entrada",
    ),
}


# --- reading and writing the .ts as lupdate does ---------------------------------------------


def load(path: Path) -> ET.ElementTree[ET.Element]:
    return ET.parse(path)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _attrs(element: ET.Element) -> str:
    return "".join(f' {k}="{_escape(v)}"' for k, v in element.attrib.items())


def _message(message: ET.Element) -> list[str]:
    lines = [f"    <message{_attrs(message)}>"]
    for child in message:
        if child.tag == "translation" and len(child):
            lines.append(f"        <translation{_attrs(child)}>")
            lines += [
                f"            <numerusform>{_escape(form.text or '')}</numerusform>"
                for form in child
            ]
            lines.append("        </translation>")
        else:
            lines.append(
                f"        <{child.tag}{_attrs(child)}>{_escape(child.text or '')}</{child.tag}>"
            )
    lines.append("    </message>")
    return lines


def dump(tree: ET.ElementTree[ET.Element]) -> str:
    root = tree.getroot()
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f"<TS{_attrs(root)}>",
    ]
    for context in root.iter("context"):
        lines.append("<context>")
        lines.append(f"    <name>{_escape(context.findtext('name') or '')}</name>")
        for message in context.iter("message"):
            lines += _message(message)
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def save(tree: ET.ElementTree[ET.Element], path: Path) -> None:
    path.write_text(dump(tree), encoding="utf-8")


# --- what is missing ------------------------------------------------------------------------


def is_unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}:
        return True
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return not forms or any(not (f.text or "").strip() for f in forms)
    return not (translation.text or "").strip()


def unfinished(tree: ET.ElementTree[ET.Element]) -> list[tuple[str, str]]:
    return [
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
        if is_unfinished(message)
    ]


def fill_english(tree: ET.ElementTree[ET.Element]) -> list[str]:
    """Translate every unfinished message as its source; returns the %n sources that have no
    entry in EN_PLURALS (left unfinished)."""
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        if not is_unfinished(message):
            continue
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if message.get("numerus") == "yes":
            if source not in EN_PLURALS:
                missing.append(source)
                continue
            for form in list(translation):
                translation.remove(form)
            translation.text = None
            for text in EN_PLURALS[source]:
                ET.SubElement(translation, "numerusform").text = text
        else:
            translation.text = source
        translation.attrib.pop("type", None)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if unfinished")
    args = parser.parse_args()
    failed = False
    for path in sorted(TRANSLATIONS.glob("tiflux_*.ts")):
        tree = load(path)
        if path.name == "tiflux_en.ts" and not args.check:
            missing = fill_english(tree)
            save(tree, path)
            for source in missing:
                print(f"{path.name}: add the English plural forms of {source!r} to EN_PLURALS")
        left = unfinished(tree)
        for context, source in left:
            print(f"{path.name}: unfinished [{context}] {source!r}")
        failed = failed or bool(left)
        print(f"{path.name}: {len(left)} unfinished")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
