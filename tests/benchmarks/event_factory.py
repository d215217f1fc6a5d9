"""Event frames for the apply benchmarks, as the service's WebSocket sends them (JSON).

The mix: ~70 % ``message.upserted`` of new messages in open chats, ~20 % ``chat.upserted``
with a newer version of an open chat, ~5 % duplicates (a frame already sent, same seq, as a
replay after a reconnect sends it), ~5 % delivery-status updates of messages sent earlier in
the stream (``message.upserted`` of a known message at a newer version).
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cache_factory import ATTENDANTS, BOT_NAME, NOW, Generator, Shape
from tiflux_desktop.protocol import ChatUpserted, MessageUpserted

_CHAT_COLUMNS = (
    "id, version, status, origin, started_by, integration_id, requestor_id, requestor_name, "
    "requestor_telephone, client_id, client_name, department_id, department_name, "
    "responsible_id, responsible_name, created_at, updated_at, waiting_since, assumed_at, "
    "last_message_at, last_client_message_at, last_message_preview"
)


def _iso(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


@dataclass(slots=True)
class Stream:
    """What one run sends: the frames, and what the cache must hold once they are applied."""

    frames: list[str]
    unique: int  # frames that are not duplicates
    last_seq: int
    new_message_ids: list[int]
    status_updates: dict[int, int] = field(default_factory=dict[int, int])  # id -> version


class EventSource:
    """Generates successive streams against the open chats of a cache; keeps the versions
    it has sent so every later stream moves forward (seqs, message ids, chat versions)."""

    def __init__(self, cache_path: Path, *, cursor: int, seed: int = 7) -> None:
        conn = sqlite3.connect(cache_path)
        try:
            columns = [c.strip() for c in _CHAT_COLUMNS.split(",")]
            rows = conn.execute(
                f"SELECT {_CHAT_COLUMNS} FROM chats WHERE status NOT IN ('finished', 'canceled')"
            ).fetchall()
            self.next_message_id = conn.execute("SELECT max(id) FROM messages").fetchone()[0] + 1
        finally:
            conn.close()
        self.chats: list[dict[str, Any]] = [dict(zip(columns, r, strict=True)) for r in rows]
        self.rng = random.Random(seed)
        self.text = Generator(Shape(chats=10, messages=10, big_chat_messages=0, seed=seed)).text
        self.seq = cursor
        self.clock = NOW.timestamp()

    def _chat_json(self, c: dict[str, Any]) -> dict[str, Any]:
        status = c["status"]

        def ref(prefix: str) -> dict[str, Any] | None:
            i = c[f"{prefix}_id"]
            return {"id": i, "name": c[f"{prefix}_name"] or ""} if i is not None else None

        return {
            "id": c["id"],
            "status": status,
            "archived": False,
            "canceled": False,
            "origin": c["origin"],
            "started_by": c["started_by"],
            "integration_id": c["integration_id"],
            "requestor": {
                "id": c["requestor_id"],
                "name": c["requestor_name"],
                "telephone": c["requestor_telephone"],
            },
            "client": ref("client"),
            "department": ref("department"),
            "responsible": ref("responsible"),
            "waiting_answer": status in ("waiting_attendance", "in_attendance"),
            "last_message_preview": c["last_message_preview"],
            "last_message_at": _iso(c["last_message_at"]),
            "last_client_message_at": _iso(c["last_client_message_at"]),
            "created_at": _iso(c["created_at"]),
            "updated_at": _iso(c["updated_at"]),
            "waiting_since": _iso(c["waiting_since"]),
            "assumed_at": _iso(c["assumed_at"]),
            "version": c["version"],
        }

    def stream(self, n: int) -> Stream:
        rng = self.rng
        frames: list[str] = []
        new_ids: list[int] = []
        sent: list[tuple[int, dict[str, Any]]] = []  # attendant messages not yet read
        updates: dict[int, int] = {}
        unique = 0
        for _ in range(n):
            self.clock += 0.001
            at = _iso(self.clock)
            r = rng.random()
            if r < 0.05 and frames:
                frames.append(frames[-rng.randint(1, min(len(frames), 200))])
                continue
            self.seq += 1
            unique += 1
            if r < 0.10 and sent:
                message_id, data = sent.pop(rng.randrange(len(sent)))
                data = {**data, "status": "read", "version": data["version"] + 1}
                updates[message_id] = data["version"]
                frame = MessageUpserted.model_validate(
                    {"seq": self.seq, "type": "message.upserted", "at": at, "data": data}
                )
            elif r < 0.30:
                c = rng.choice(self.chats)
                c["version"] += 1
                c["updated_at"] = self.clock
                if c["status"] in ("in_attendance", "waiting_client"):
                    c["status"] = rng.choice(("in_attendance", "waiting_client"))
                frame = ChatUpserted.model_validate(
                    {"seq": self.seq, "type": "chat.upserted", "at": at, "data": self._chat_json(c)}
                )
            else:
                c = rng.choice(self.chats)
                message_id = self.next_message_id
                self.next_message_id += 1
                client = rng.random() < 0.55 or c["responsible_id"] is None
                responsible = c["responsible_id"] or 1
                data: dict[str, Any] = {
                    "id": message_id,
                    "chat_id": c["id"],
                    "author": {
                        "type": "client",
                        "id": c["requestor_id"],
                        "name": c["requestor_name"],
                    }
                    if client
                    else {
                        "type": "attendant",
                        "id": responsible,
                        "name": ATTENDANTS.get(responsible, BOT_NAME),
                    },
                    "text": self.text(),
                    "status": None if client else "sent",
                    "client_message_id": None if client else f"{rng.getrandbits(128):032x}",
                    "created_at": at,
                    "version": 1,
                }
                if not client:
                    sent.append((message_id, data))
                new_ids.append(message_id)
                frame = MessageUpserted.model_validate(
                    {"seq": self.seq, "type": "message.upserted", "at": at, "data": data}
                )
            frames.append(frame.model_dump_json())
        return Stream(frames, unique, self.seq, new_ids, updates)
