"""Modelos de respostas and transcripts: text made from a chat, with no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .chats import Chat
from .messages import Message
from .people import Attendant

_VARIABLE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def reply_values(chat: Chat, attendant: Attendant | None) -> dict[str, str]:
    """What a Modelo de resposta's variables are filled with, by their Portuguese names."""
    values = {
        "nome": chat.requestor.name if chat.requestor else "",
        "solicitante": chat.requestor.name if chat.requestor else "",
        "cliente": chat.client.name if chat.client else "",
        "departamento": chat.department.name if chat.department else "",
        "chat": str(chat.id),
        "numero_chat": str(chat.id),
    }
    if attendant is not None:
        values["atendente"] = attendant.name
        values["responsavel"] = attendant.name
    return values


def fill_reply(content: str, chat: Chat, attendant: Attendant | None) -> str:
    """Fill {{nome}}, {{cliente}} ... from the chat; unknown variables stay for the attendant
    to complete by hand, visibly, rather than vanish."""
    values = reply_values(chat, attendant)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip().lower()
        value = values.get(name)
        return value if value else match.group(0)

    return _VARIABLE.sub(replace, content)


def transcript(messages: Iterable[Message], *, include_internal: bool = False) -> str:
    """The conversation as plain text for a ticket's description, one line per message, in
    the machine's local time. Internal comments stay out unless asked for: a ticket can be
    shown to the customer."""
    lines: list[str] = []
    for message in messages:
        if message.internal and not include_internal:
            continue
        when = message.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
        parts = [message.text.strip()] if message.text and message.text.strip() else []
        if message.media is not None:
            parts.append(f"📎 {message.media.filename}")
            if message.media.caption and message.media.caption != message.text:
                parts.append(message.media.caption)
        body = " ".join(parts) if parts else "…"
        lines.append(f"[{when}] {message.author.name}: {body}")
    return "\n".join(lines)
