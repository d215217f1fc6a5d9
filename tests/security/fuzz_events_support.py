"""Event frames for the fuzz tests: good ones (chats, messages, attendants, hides), ones the
cache cannot hold (numbers past SQLite's 64 bits, times no datetime reads back) and ones that
do not decode at all (unknown types, wrong shapes), as JSON-ready dicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
AT = "2026-11-20T12:00:00Z"
ME = 1
TOO_BIG = 2**63  # one past SQLite's INTEGER
TIMES_NO_READ_BACK = ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00")


def stamp(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes % 100_000)).isoformat()


def chat_data(chat_id: int, version: int, *, name: str = "João", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": chat_id,
        "status": "waiting_attendance",
        "archived": False,
        "canceled": False,
        "origin": "whatsapp_cloud",
        "started_by": "Client",
        "requestor": {"id": 100 + chat_id, "name": name, "telephone": "5511988887777"},
        "client": {"id": 200 + chat_id, "name": "Padaria Pão Quente"},
        "department": {"id": 1, "name": "Suporte"},
        "waiting_answer": True,
        "created_at": stamp(chat_id),
        "updated_at": stamp(chat_id + version),
        "waiting_since": stamp(chat_id),
        "last_message_at": stamp(chat_id + version),
        "version": version,
    }
    data.update(changes)
    return data


def message_data(
    message_id: int, chat_id: int, version: int, text: str, **changes: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": message_id,
        "chat_id": chat_id,
        "author": {"type": "client", "id": 100 + chat_id, "name": "João"},
        "text": text,
        "created_at": stamp(message_id),
        "version": version,
    }
    data.update(changes)
    return data


def attendant_data(attendant_id: int, version: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": attendant_id,
        "name": f"Atendente {attendant_id}",
        "email": f"a{attendant_id}@demo.local",
        "admin": False,
        "online": version % 2 == 0,
        "attendant_group_ids": [1],
        "department_ids": [1],
        "version": version,
    }
    data.update(changes)
    return data


def event(seq: int, kind: str, data: Any) -> dict[str, Any]:
    return {"seq": seq, "type": kind, "at": AT, "data": data}
