"""The customer's side of a chat: messages that arrive from a channel, the chatbot triage
that greets them, and what the customer receives back.

Channels (the customer API now; WhatsApp and Gupshup webhooks later) all come through
``Customers.receive``, so every one of them gets the same rules: a new chat starts in triage,
a customer writing after a chat is archived opens a new chat, and a taken chat flips to
"in attendance" when the customer answers.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tiflux_desktop.domain import (
    AuthorType,
    ChatStatus,
    DeliveryStatus,
    Origin,
    StartedBy,
    fold,
    preview,
    status_after_message,
)
from tiflux_desktop.protocol import ChatOut, ErrorCode, MessageOut

from . import bot, db
from .config import ServiceConfig
from .errors import ApiError, not_found
from .files import StoredFile
from .operations import Operations
from .security import new_token, token_hash
from .storage import Storage, Tx

_ACTIVE = [s.value for s in ChatStatus if not s.archived]


class Customers:
    def __init__(self, storage: Storage, config: ServiceConfig) -> None:
        self.storage = storage
        self.config = config

    # --- customer sessions (the customer API) ---------------------------------------------

    async def open_session(
        self, integration_id: int, *, name: str, email: str | None, telephone: str | None
    ) -> tuple[str, int]:
        """A customer identifies themself; returns (customer token, contact id)."""
        async with self.storage.write() as tx:
            integration = await self._integration(tx, integration_id)
            if not self.customer_api_allowed(integration):
                raise ApiError(
                    ErrorCode.NO_PERMISSION,
                    "this integration receives customers through its provider, not this API",
                )
            contact_id = None
            # Anyone can open a widget session and type any number or address: joining the
            # contact who has it would hand over their history. Only the simulated channels
            # (demo and tests, standing in for a provider that vouches for the number) do.
            known = bool(integration["simulated"])
            if known and telephone:
                contact_id = await tx.conn.scalar(
                    sa.select(db.contacts.c.id)
                    .where(db.contacts.c.telephone == telephone)
                    .order_by(db.contacts.c.id)
                )
            if known and contact_id is None and email:
                contact_id = await tx.conn.scalar(
                    sa.select(db.contacts.c.id)
                    .where(sa.func.lower(db.contacts.c.email) == email.lower())
                    .order_by(db.contacts.c.id)
                )
            if contact_id is None:
                result = await tx.conn.execute(
                    sa.insert(db.contacts).values(
                        name=name,
                        name_fold=fold(name),
                        email=email,
                        telephone=telephone,
                        created_at=tx.now,
                    )
                )
                contact_id = int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            token = new_token()
            await tx.conn.execute(
                sa.insert(db.visitor_sessions).values(
                    token_hash=token_hash(token),
                    integration_id=integration_id,
                    contact_id=contact_id,
                    created_at=tx.now,
                )
            )
            return token, contact_id

    @staticmethod
    def customer_api_allowed(integration: sa.RowMapping) -> bool:
        return bool(integration["simulated"]) or integration["type"] in (
            Origin.SITE_WIDGET.value,
            Origin.CHAT.value,
        )

    async def session(self, token: str) -> tuple[int, int]:
        """(integration id, contact id) of a customer token."""
        async with self.storage.read() as conn:
            row = (
                (
                    await conn.execute(
                        sa.select(db.visitor_sessions).where(
                            db.visitor_sessions.c.token_hash == token_hash(token)
                        )
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            raise ApiError(ErrorCode.UNAUTHENTICATED, "unknown customer token")
        return int(row["integration_id"]), int(row["contact_id"])

    @staticmethod
    async def _integration(tx: Tx, integration_id: int) -> sa.RowMapping:
        row = (
            (
                await tx.conn.execute(
                    sa.select(db.integrations).where(db.integrations.c.id == integration_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None or not row["active"]:
            raise not_found("integration")
        return row

    # --- inbound ----------------------------------------------------------------------------

    async def contact_for(self, *, phone: str | None, user_id: str | None, name: str | None) -> int:
        """The contact a provider's customer is: found by phone number or by the provider's
        user id (a customer who hides their number), created when new."""
        async with self.storage.write() as tx:
            c = db.contacts.c
            row = None
            if phone:
                row = (
                    (
                        await tx.conn.execute(
                            sa.select(c.id, c.provider_user_id)
                            .where(c.telephone == phone)
                            .order_by(c.id)
                        )
                    )
                    .mappings()
                    .first()
                )
            if row is None and user_id:
                row = (
                    (
                        await tx.conn.execute(
                            sa.select(c.id, c.provider_user_id)
                            .where(c.provider_user_id == user_id)
                            .order_by(c.id)
                        )
                    )
                    .mappings()
                    .first()
                )
            if row is not None:
                contact_id = int(row["id"])
                if user_id and row["provider_user_id"] is None:
                    await tx.conn.execute(
                        sa.update(db.contacts)
                        .where(c.id == contact_id)
                        .values(provider_user_id=user_id)
                    )
                if phone:
                    await tx.conn.execute(
                        sa.update(db.contacts)
                        .where(c.id == contact_id, c.telephone.is_(None))
                        .values(telephone=phone)
                    )
                return contact_id
            display = (name or "").strip() or (f"+{phone}" if phone else (user_id or "Cliente"))
            result = await tx.conn.execute(
                sa.insert(db.contacts).values(
                    name=display[:200],
                    name_fold=fold(display[:200]),
                    telephone=phone,
                    provider_user_id=user_id,
                    created_at=tx.now,
                )
            )
            return int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]

    async def known(self, integration_id: int, provider_message_id: str) -> bool:
        """Whether this provider message was already stored (a retried webhook)."""
        async with self.storage.read() as conn:
            return (
                await conn.scalar(
                    sa.select(db.messages.c.id).where(
                        db.messages.c.integration_id == integration_id,
                        db.messages.c.provider_message_id == provider_message_id,
                    )
                )
            ) is not None

    async def rate(
        self,
        integration_id: int,
        contact_id: int,
        rating: int,
        *,
        text: str | None,
        provider_message_id: str | None = None,
    ) -> ChatOut | None:
        """The customer's answer to the rating question asked after Finalizar: stored as the
        finished chat's assessment. None when no chat of theirs awaits a rating (the answer
        is then an ordinary message)."""
        async with self.storage.write() as tx:
            asked = (
                sa.select(db.messages.c.id)
                .where(db.messages.c.chat_id == db.chats.c.id, db.messages.c.buttons.is_not(None))
                .exists()
            )
            chat_id = await tx.conn.scalar(
                sa.select(db.chats.c.id)
                .where(
                    db.chats.c.requestor_id == contact_id,
                    db.chats.c.integration_id == integration_id,
                    db.chats.c.status == ChatStatus.FINISHED.value,
                    db.chats.c.assessment.is_(None),
                    asked,
                )
                .order_by(db.chats.c.id.desc())
                .limit(1)
            )
            if chat_id is None:
                return None
            chat = await Storage.chat(tx.conn, chat_id)
            assert chat is not None
            contact_name = await tx.conn.scalar(
                sa.select(db.contacts.c.name).where(db.contacts.c.id == contact_id)
            )
            await Storage.insert_message(
                tx,
                chat,
                author_type=AuthorType.CLIENT,
                author_id=contact_id,
                author_name=str(contact_name),
                text=text or f"Avaliação: {rating}",
                integration_id=integration_id if provider_message_id else None,
                provider_message_id=provider_message_id,
            )
            chat = await Storage.bump_chat(tx, chat.id, chat, assessment=rating, rating_time=tx.now)
            if self.config.rating_thanks:
                await Storage.insert_message(
                    tx,
                    chat,
                    author_type=AuthorType.SYSTEM,
                    author_id=None,
                    author_name=self.config.bot_name,
                    text=self.config.rating_thanks,
                    status=(await Operations._delivery_status(tx.conn, chat)).value,  # pyright: ignore[reportPrivateUsage]
                )
            return chat

    async def receive(
        self,
        integration_id: int,
        contact_id: int,
        *,
        text: str | None,
        upload: StoredFile | None = None,
        provider_message_id: str | None = None,
        quoted_provider_id: str | None = None,
        client_message_id: str | None = None,
    ) -> tuple[ChatOut, MessageOut]:
        """A customer's message: into their open chat on this integration, or a new chat.
        With ``provider_message_id`` it is idempotent: the same id answers the message
        stored the first time. ``client_message_id`` (the widget page's id for it) is
        stored in the same transaction, so a retry after a crash always finds it."""
        async with self.storage.write() as tx:
            integration = await self._integration(tx, integration_id)
            if provider_message_id is not None:
                existing = await self._by_provider_id(tx, integration_id, provider_message_id)
                if existing is not None:
                    chat = await Storage.chat(tx.conn, existing.chat_id)
                    assert chat is not None
                    return chat, existing
            quoted_message_id = None
            if quoted_provider_id is not None:
                quoted = await self._by_provider_id(tx, integration_id, quoted_provider_id)
                quoted_message_id = quoted.id if quoted is not None else None
            chat_id = await tx.conn.scalar(
                sa.select(db.chats.c.id)
                .where(
                    db.chats.c.requestor_id == contact_id,
                    db.chats.c.integration_id == integration_id,
                    db.chats.c.status.in_(_ACTIVE),
                )
                .order_by(db.chats.c.id.desc())
            )
            new_chat = chat_id is None
            if chat_id is None:
                chat = await self._new_chat(tx, integration, contact_id)
            else:
                chat = await Storage.chat(tx.conn, chat_id)
                assert chat is not None
            contact_name = await tx.conn.scalar(
                sa.select(db.contacts.c.name).where(db.contacts.c.id == contact_id)
            )
            attachment_id = (
                await Operations._insert_attachment(tx, chat.id, upload) if upload else None
            )  # pyright: ignore[reportPrivateUsage]
            if quoted_message_id is not None:
                quoted_chat = await tx.conn.scalar(
                    sa.select(db.messages.c.chat_id).where(db.messages.c.id == quoted_message_id)
                )
                if quoted_chat != chat.id:
                    quoted_message_id = None  # a quote of an earlier chat: keep the text only
            message = await Storage.insert_message(
                tx,
                chat,
                author_type=AuthorType.CLIENT,
                author_id=contact_id,
                author_name=str(contact_name),
                text=text,
                attachment_id=attachment_id,
                quoted_message_id=quoted_message_id,
                client_message_id=client_message_id,
                integration_id=integration_id if provider_message_id else None,
                provider_message_id=provider_message_id,
            )
            # The customer answering means they saw what came before.
            await self._mark_read(tx, chat)
            values: dict[str, Any] = {
                "status": status_after_message(
                    chat.status, AuthorType.CLIENT, internal=False
                ).value,
                "last_client_message": preview(text or (upload.filename if upload else None), 500),
                "last_client_message_at": message.created_at,
                "last_message_at": message.created_at,
                "last_message_preview": preview(text or (upload.filename if upload else None)),
                "customer_online": True,
            }
            chat = await Storage.bump_chat(tx, chat.id, chat, **values)
            if chat.status is ChatStatus.TRIAGE:
                chat = await self._run_bot(tx, chat, None if new_chat else (text or ""))
            return chat, message

    @staticmethod
    async def _by_provider_id(
        tx: Tx, integration_id: int, provider_message_id: str
    ) -> MessageOut | None:
        found = await Storage.messages_where(
            tx.conn,
            db.messages.c.integration_id == integration_id,
            db.messages.c.provider_message_id == provider_message_id,
        )
        return found[0] if found else None

    async def _new_chat(self, tx: Tx, integration: sa.RowMapping, contact_id: int) -> ChatOut:
        client_id = await tx.conn.scalar(
            sa.select(db.contacts.c.client_id).where(db.contacts.c.id == contact_id)
        )
        triage = self.config.triage.enabled
        department_id = (
            None
            if triage
            else await self._department_id(tx, self.config.triage.fallback_department)
        )
        result = await tx.conn.execute(
            sa.insert(db.chats).values(
                status=(ChatStatus.TRIAGE if triage else ChatStatus.WAITING_ATTENDANCE).value,
                origin=integration["type"],
                started_by=StartedBy.CLIENT.value,
                integration_id=integration["id"],
                requestor_id=contact_id,
                client_id=client_id,
                department_id=department_id,
                last_department_id=department_id,
                created_at=tx.now,
                updated_at=tx.now,
                waiting_since=tx.now,
                bot_state={} if triage else None,
                version=1,
            )
        )
        chat = await Storage.chat(tx.conn, int(result.inserted_primary_key[0]))  # pyright: ignore[reportOptionalSubscript]
        assert chat is not None
        await Storage.emit_chat(tx, chat, None)
        return chat

    @staticmethod
    async def _department_id(tx: Tx, name: str) -> int | None:
        return await tx.conn.scalar(
            sa.select(db.departments.c.id).where(
                db.departments.c.name_fold == fold(name), db.departments.c.active
            )
        )

    async def _run_bot(self, tx: Tx, chat: ChatOut, answer: str | None) -> ChatOut:
        flow = self.config.triage
        state = (
            await tx.conn.scalar(sa.select(db.chats.c.bot_state).where(db.chats.c.id == chat.id))
            or {}
        )
        step = bot.start(flow) if answer is None else bot.answer(flow, dict(state), answer)
        # On a provider channel the bot's words queue for the sender like an attendant's.
        status = await Operations._delivery_status(tx.conn, chat)  # pyright: ignore[reportPrivateUsage]
        for text in step.messages:
            await Storage.insert_message(
                tx,
                chat,
                author_type=AuthorType.SYSTEM,
                author_id=None,
                author_name=self.config.bot_name,
                text=text,
                status=status.value,
            )
        values: dict[str, Any] = {"bot_state": step.state}
        if step.finished:
            values.update(status=ChatStatus.FINISHED.value, finished_at=tx.now, bot_state=None)
        elif step.department is not None:
            department_id = await self._department_id(tx, step.department)
            if department_id is None:
                department_id = await self._department_id(tx, flow.fallback_department)
            values.update(
                status=ChatStatus.WAITING_ATTENDANCE.value,
                department_id=department_id,
                last_department_id=department_id,
                waiting_since=tx.now,
                bot_state=None,
            )
        return await Storage.bump_chat(tx, chat.id, chat, **values)

    @staticmethod
    async def _mark_read(tx: Tx, chat: ChatOut) -> None:
        await Customers._advance(tx, chat, DeliveryStatus.READ)

    @staticmethod
    async def _advance(
        tx: Tx, chat: ChatOut, status: DeliveryStatus, up_to: int | None = None
    ) -> None:
        """Move the chat's outgoing messages forward to ``status`` (never backwards)."""
        # Never a queued message: it has not left yet (its sender moves it on).
        lower = [
            s.value
            for s in DeliveryStatus
            if s.rank < status.rank and s not in (DeliveryStatus.FAILED, DeliveryStatus.QUEUED)
        ]
        where = [
            db.messages.c.chat_id == chat.id,
            db.messages.c.internal.is_(False),
            db.messages.c.author_type != AuthorType.CLIENT.value,
            db.messages.c.status.in_(lower),
        ]
        if up_to is not None:
            where.append(db.messages.c.id <= up_to)
        ids = (await tx.conn.scalars(sa.select(db.messages.c.id).where(*where))).all()
        if not ids:
            return
        await tx.conn.execute(
            sa.update(db.messages)
            .where(db.messages.c.id.in_(ids))
            .values(status=status.value, version=db.messages.c.version + 1)
        )
        department_id = chat.department.id if chat.department else None
        for message in await Storage.messages_where(tx.conn, db.messages.c.id.in_(ids)):
            await Storage.emit_message(tx, message, department_id)

    # --- outbound, as the customer sees it --------------------------------------------------

    async def inbox(
        self, integration_id: int, contact_id: int, after_id: int
    ) -> list[dict[str, Any]]:
        """What the customer sees of their chats on this integration after ``after_id``:
        public messages only, with attendants named but nothing else about them. Fetching
        counts as delivery."""
        async with self.storage.write() as tx:
            chat_ids = (
                await tx.conn.scalars(
                    sa.select(db.chats.c.id).where(
                        db.chats.c.requestor_id == contact_id,
                        db.chats.c.integration_id == integration_id,
                    )
                )
            ).all()
            if not chat_ids:
                return []
            found = await Storage.messages_where(
                tx.conn,
                db.messages.c.chat_id.in_(chat_ids),
                db.messages.c.id > after_id,
                db.messages.c.internal.is_(False),
            )
            delivered = [
                m for m in found if m.status in (DeliveryStatus.SENT, DeliveryStatus.QUEUED)
            ]
            for chat_id in {m.chat_id for m in delivered}:
                chat = await Storage.chat(tx.conn, chat_id)
                assert chat is not None
                await self._advance(
                    tx,
                    chat,
                    DeliveryStatus.DELIVERED,
                    max(m.id for m in delivered if m.chat_id == chat_id),
                )
            statuses = {
                row.id: row.status
                for row in await tx.conn.execute(
                    sa.select(db.chats.c.id, db.chats.c.status).where(db.chats.c.id.in_(chat_ids))
                )
            }
        return [
            {
                "id": m.id,
                "chat_id": m.chat_id,
                "chat_status": statuses.get(m.chat_id),
                "author": {"type": m.author.type.value, "name": m.author.name},
                "text": m.text,
                "media": {
                    "id": m.media.id,
                    "filename": m.media.filename,
                    "content_type": m.media.content_type,
                    "size": m.media.size,
                    "caption": m.media.caption,
                }
                if m.media
                else None,
                "created_at": m.created_at.isoformat(),
            }
            for m in found
        ]
