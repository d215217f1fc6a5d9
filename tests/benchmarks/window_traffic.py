"""An attendant's live traffic as WebSocket frames, for the window benchmarks.

On top of event_factory.EventSource (new messages in open chats, newer chat versions,
duplicates, delivery statuses), two things the window sees during a working day: a new
chat arriving in Entrada with the customer's first message, and a message in the chat the
attendant has open (the customer answering, or the attendant). Every frame moves the same
counters as the source's own streams (seq, message ids, the clock), so they can be mixed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from cache_factory import ATTENDANTS, FIRST_NAMES, LAST_NAMES
from event_factory import EventSource
from tiflux_desktop.protocol import ChatUpserted, MessageUpserted

NEW_CHAT_IDS = 1_000_000  # above every generated chat id


def _iso(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Traffic:
    def __init__(self, source: EventSource, seed: int = 11) -> None:
        self.source = source
        self.rng = random.Random(seed)
        self.by_id: dict[int, dict[str, Any]] = {c["id"]: c for c in source.chats}
        self.next_chat = NEW_CHAT_IDS
        self.new_chats: list[int] = []
        self.message_ids: dict[int, list[int]] = {}  # chat id -> new message ids, in order

    def _frame(self, kind: type[ChatUpserted] | type[MessageUpserted], data: dict[str, Any]) -> str:
        src = self.source
        src.seq += 1
        src.clock += 0.001
        frame = kind.model_validate(
            {
                "seq": src.seq,
                "type": "chat.upserted" if kind is ChatUpserted else "message.upserted",
                "at": _iso(src.clock),
                "data": data,
            }
        )
        return frame.model_dump_json()

    def new_chat(self) -> list[str]:
        """A customer starts a chat: the chat in Entrada, then their first message."""
        rng, src = self.rng, self.source
        self.next_chat += 1
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        text = src.text()
        chat: dict[str, Any] = {
            "id": self.next_chat,
            "version": 1,
            "status": "waiting_attendance",
            "origin": "whatsapp_cloud",
            "started_by": "Client",
            "integration_id": 2,
            "requestor_id": 900_000 + self.next_chat % 100_000,
            "requestor_name": name,
            "requestor_telephone": f"55119{rng.randint(10_000_000, 99_999_999)}",
            "client_id": None,
            "client_name": None,
            "department_id": 1,
            "department_name": "Suporte",
            "responsible_id": None,
            "responsible_name": None,
            "created_at": src.clock,
            "updated_at": src.clock,
            "waiting_since": src.clock,
            "assumed_at": None,
            "last_message_at": src.clock,
            "last_client_message_at": src.clock,
            "last_message_preview": text[:120],
        }
        src.chats.append(chat)  # later streams touch it too
        self.by_id[chat["id"]] = chat
        self.new_chats.append(chat["id"])
        frames = [self._frame(ChatUpserted, src._chat_json(chat))]  # pyright: ignore[reportPrivateUsage]
        frames.append(self.message_in(chat["id"], client=True, text=text))
        return frames

    def message_in(self, chat_id: int, *, client: bool, text: str | None = None) -> str:
        """A new message in this chat, from its customer or from the attendant."""
        src = self.source
        c = self.by_id[chat_id]
        message_id = src.next_message_id
        src.next_message_id += 1
        responsible = c["responsible_id"] or 1
        author = (
            {"type": "client", "id": c["requestor_id"], "name": c["requestor_name"]}
            if client
            else {"type": "attendant", "id": responsible, "name": ATTENDANTS.get(responsible, "")}
        )
        data = {
            "id": message_id,
            "chat_id": chat_id,
            "author": author,
            "text": text or src.text(),
            "status": None if client else "delivered",
            "client_message_id": None if client else f"{self.rng.getrandbits(128):032x}",
            "created_at": _iso(src.clock),
            "version": 1,
        }
        self.message_ids.setdefault(chat_id, []).append(message_id)
        return self._frame(MessageUpserted, data)
