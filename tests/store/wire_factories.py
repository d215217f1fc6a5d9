"""Builders of wire resources (ChatOut, MessageOut) for cache tests: what the service sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tiflux_desktop.protocol import ChatOut, MessageOut

T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
ME = 1
OTHER = 2
SUPORTE, VENDAS = 1, 2
_DEPARTMENTS = {SUPORTE: "Suporte", VENDAS: "Vendas"}


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def chat(
    chat_id: int,
    *,
    status: str = "waiting_attendance",
    requestor: str = "João da Silva",
    client: str = "Padaria Pão Quente",
    department: int | None = SUPORTE,
    responsible: int | None = None,
    origin: str = "whatsapp_cloud",
    minutes: float = 0,
    version: int = 1,
    telephone: str = "5511988887777",
    **extra: Any,
) -> ChatOut:
    created = at(minutes)
    data: dict[str, Any] = {
        "id": chat_id,
        "status": status,
        "archived": status in ("finished", "canceled"),
        "canceled": status == "canceled",
        "origin": origin,
        "started_by": "Client",
        "requestor": {"id": 100 + chat_id, "name": requestor, "telephone": telephone},
        "client": {"id": 200 + chat_id, "name": client},
        "department": {"id": department, "name": _DEPARTMENTS[department]} if department else None,
        "responsible": {"id": responsible, "name": "Ana" if responsible == ME else "Bruno"}
        if responsible
        else None,
        "waiting_answer": True,
        "created_at": created,
        "updated_at": created,
        "waiting_since": created,
        "last_message_at": created,
        "version": version,
    }
    if status in ("finished", "canceled"):
        data["finished_at"] = created + timedelta(minutes=30)
    data.update(extra)
    return ChatOut.model_validate(data)


def message(
    message_id: int,
    chat_id: int,
    text: str | None,
    *,
    author: str = "client",
    internal: bool = False,
    minutes: float = 0,
    version: int = 1,
    status: str | None = None,
    client_message_id: str | None = None,
    media: dict[str, Any] | None = None,
) -> MessageOut:
    return MessageOut.model_validate(
        {
            "id": message_id,
            "chat_id": chat_id,
            "author": {"type": author, "id": 1, "name": "Cliente" if author == "client" else "Ana"},
            "text": text,
            "internal": internal,
            "created_at": at(minutes),
            "version": version,
            "status": status,
            "client_message_id": client_message_id,
            "media": media,
        }
    )
