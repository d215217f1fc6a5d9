"""WhatsApp menus as readable options, never raw JSON.

Two shapes reach a chat: the chatbot's text menu (a question, then one "1 – Suporte" line per
option, as the service's triage writes it) and WhatsApp interactive payloads that channels
pass through as JSON text (list and button messages, and the customer's list/button reply).
Pure functions: no Qt, so the shapes are tested on their own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class MenuOption:
    key: str  # what the customer types or taps ("1"); may be empty for a JSON option
    label: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Menu:
    text: str  # the question (header and body)
    options: tuple[MenuOption, ...]
    footer: str | None = None


# "1 – Suporte", "2 - Vendas", "3) Financeiro", "0. Sair", "*1* - Suporte"
_OPTION_LINE = re.compile(r"^\s*\*?(\w{1,3})\*?\s*(?:[–—-]|\)|\.(?!\d))\s*(\S.*)$")


def text_menu(text: str) -> Menu | None:
    """A bot's text menu: at least two option lines, after the question lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    question: list[str] = []
    options: list[MenuOption] = []
    for line in lines:
        found = _OPTION_LINE.match(line)
        if found is None:
            if options:  # text after the options: not a menu we understand
                return None
            question.append(line.strip())
            continue
        options.append(MenuOption(found.group(1), found.group(2).strip()))
    if len(options) < 2:
        return None
    return Menu("\n".join(question), tuple(options))


def _json(text: str) -> dict[str, Any] | None:
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        return _str(value.get("text"))  # {"type": "text", "text": "..."}
    return None


def _interactive(payload: dict[str, Any]) -> dict[str, Any]:
    inner = payload.get("interactive")
    return inner if isinstance(inner, dict) else payload


def json_menu(text: str) -> Menu | None:
    """A WhatsApp interactive list or button message sent as JSON text."""
    payload = _json(text)
    if payload is None:
        return None
    body = _interactive(payload)
    action = body.get("action")
    if not isinstance(action, dict):
        return None
    options: list[MenuOption] = []
    buttons = action.get("buttons")
    if isinstance(buttons, list):
        for button in buttons:
            if not isinstance(button, dict):
                continue
            reply = button.get("reply") if isinstance(button.get("reply"), dict) else button
            title = _str(reply.get("title")) if isinstance(reply, dict) else None
            if title:
                options.append(MenuOption("", title))
    sections = action.get("sections")
    if isinstance(sections, list):
        for section in sections:
            rows = section.get("rows") if isinstance(section, dict) else None
            for row in rows if isinstance(rows, list) else []:
                if isinstance(row, dict) and (title := _str(row.get("title"))):
                    options.append(MenuOption("", title, _str(row.get("description"))))
    if not options:
        return None
    question = [t for t in (_str(body.get("header")), _str(body.get("body"))) if t]
    return Menu("\n".join(question), tuple(options), _str(body.get("footer")))


def json_reply(text: str) -> str | None:
    """The option a customer chose, when the channel passed the reply on as JSON."""
    payload = _json(text)
    if payload is None:
        return None
    body = _interactive(payload)
    for kind in ("list_reply", "button_reply", "button"):
        reply = body.get(kind)
        if isinstance(reply, dict):
            title = _str(reply.get("title")) or _str(reply.get("text"))
            if title:
                return title
    return None


def menu_of(text: str | None, *, from_bot: bool) -> Menu | None:
    """The menu a message shows. Text menus are the bot's only: a customer who writes
    numbered lines is not offering options."""
    if not text:
        return None
    return json_menu(text) or (text_menu(text) if from_bot else None)
