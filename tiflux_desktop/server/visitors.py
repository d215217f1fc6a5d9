"""What the website widget's visitor needs beyond ``Customers``: their current chat's state,
a message sent at most once however often the page retries it, the client ids of their own
messages, and which committed events concern them (so their live stream wakes only for those).

Visitor-supplied client ids are stored namespaced (``w<contact>:<id>``): the column is unique
across the service, and a visitor must never be able to collide with an attendant's id.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakValueDictionary

import sqlalchemy as sa

from tiflux_desktop.domain import AuthorType, ChatStatus
from tiflux_desktop.protocol import EventType

from . import db
from .events import StoredEvent
from .files import FileStore, StoredFile
from .storage import Storage

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


@dataclass(frozen=True, slots=True)
class VisitorChat:
    """The visitor's latest chat as they may see it."""

    id: int
    status: ChatStatus

    @property
    def ended(self) -> bool:
        return self.status.archived

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status.value, "ended": self.ended}


def stored_client_id(contact_id: int, client_id: str) -> str:
    return f"w{contact_id}:{client_id}"


class Visitors:
    """One per service: serialises each visitor's sends so a retry never doubles a message."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()

    def lock(self, contact_id: int) -> asyncio.Lock:
        found = self._locks.get(contact_id)
        if found is None:
            found = asyncio.Lock()
            self._locks[contact_id] = found
        return found

    async def current_chat(self, integration_id: int, contact_id: int) -> VisitorChat | None:
        async with self.storage.read() as conn:
            row = (
                await conn.execute(
                    sa.select(db.chats.c.id, db.chats.c.status)
                    .where(
                        db.chats.c.requestor_id == contact_id,
                        db.chats.c.integration_id == integration_id,
                    )
                    .order_by(db.chats.c.id.desc())
                    .limit(1)
                )
            ).first()
        return None if row is None else VisitorChat(int(row.id), ChatStatus(row.status))

    async def chat_ids(self, integration_id: int, contact_id: int) -> set[int]:
        async with self.storage.read() as conn:
            found = await conn.scalars(
                sa.select(db.chats.c.id).where(
                    db.chats.c.requestor_id == contact_id,
                    db.chats.c.integration_id == integration_id,
                )
            )
            return set(found.all())

    async def sent(self, contact_id: int, client_id: str) -> tuple[int, int, str] | None:
        """(chat id, message id, chat status) of the visitor's message with this client id."""
        async with self.storage.read() as conn:
            row = (
                await conn.execute(
                    sa.select(db.messages.c.id, db.messages.c.chat_id, db.chats.c.status)
                    .join(db.chats, db.chats.c.id == db.messages.c.chat_id)
                    .where(
                        db.messages.c.client_message_id == stored_client_id(contact_id, client_id)
                    )
                )
            ).first()
        return None if row is None else (int(row.chat_id), int(row.id), str(row.status))

    async def client_ids(self, contact_id: int, message_ids: Iterable[int]) -> dict[int, str]:
        """The page's ids of the visitor's own messages among ``message_ids``."""
        ids = list(message_ids)
        if not ids:
            return {}
        prefix = stored_client_id(contact_id, "")
        async with self.storage.read() as conn:
            rows = await conn.execute(
                sa.select(db.messages.c.id, db.messages.c.client_message_id).where(
                    db.messages.c.id.in_(ids),
                    db.messages.c.author_type == AuthorType.CLIENT.value,
                    db.messages.c.author_id == contact_id,
                    db.messages.c.client_message_id.like(f"{prefix}%"),
                )
            )
            return {int(r.id): str(r.client_message_id)[len(prefix) :] for r in rows}

    async def attachment(
        self, integration_id: int, contact_id: int, attachment_id: int
    ) -> tuple[str, str, str] | None:
        """(storage key, filename, content type) of a file on a public message of one of
        the visitor's chats; None for anything else (internal comments' files included)."""
        async with self.storage.read() as conn:
            row = (
                await conn.execute(
                    sa.select(
                        db.attachments.c.storage_key,
                        db.attachments.c.filename,
                        db.attachments.c.content_type,
                    )
                    .join(db.messages, db.messages.c.attachment_id == db.attachments.c.id)
                    .join(db.chats, db.chats.c.id == db.messages.c.chat_id)
                    .where(
                        db.attachments.c.id == attachment_id,
                        db.messages.c.internal.is_(False),
                        db.chats.c.requestor_id == contact_id,
                        db.chats.c.integration_id == integration_id,
                    )
                    .limit(1)
                )
            ).first()
        return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def concerns(event: StoredEvent, integration_id: int, contact_id: int, chats: set[int]) -> bool:
    """Whether a committed event may change what this visitor sees. Internal comments and
    notes never do; a chat event for the visitor's own (possibly new) chat does."""
    if not event.chat_event or event.internal:
        return False
    data = event.data
    if event.type is EventType.MESSAGE_UPSERTED:
        return data.get("chat_id") in chats
    if event.type is EventType.CHAT_UPSERTED:
        requestor = data.get("requestor") or {}
        return data.get("id") in chats or (
            requestor.get("id") == contact_id and data.get("integration_id") == integration_id
        )
    return False


def discard(files: FileStore, upload: StoredFile | None) -> None:
    if upload is not None:
        files.discard(upload.storage_key)
