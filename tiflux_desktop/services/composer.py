"""Writing to a chat: messages, internal comments, templates and attachments.

Sending never waits for the network: the message goes to the outbox (stored at once, shown
as queued) and the outbox delivers it. What the rules refuse on the cached chat (not yours,
outside the WhatsApp window) is refused here, before anything is queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tiflux_desktop.domain import (
    Media,
    check_internal_comment,
    check_public_message,
    fill_reply,
)
from tiflux_desktop.net import OutgoingFile, Progress, check_attachments
from tiflux_desktop.protocol import (
    GupshupTemplateOut,
    MessageTemplateOut,
    WhatsappCloudTemplateOut,
)
from tiflux_desktop.store import Cache, OutboxItem

from .context import Context
from .errors import Refused


class Composer:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def send(
        self,
        chat_id: int,
        text: str | None,
        *,
        internal: bool = False,
        files: Sequence[Path | OutgoingFile] = (),
        quoted_message_id: int | None = None,
        now: datetime | None = None,
    ) -> OutboxItem:
        """A message to the customer, or a Comentário interno with ``internal``."""
        text = text if text and text.strip() else None
        attachments = [
            f if isinstance(f, OutgoingFile) else OutgoingFile.from_path(f) for f in files
        ]
        if text is None and not attachments:
            raise ValueError("a message needs text or a file")
        entry = await self._ctx.entry(chat_id)
        me = self._ctx.attendant
        if internal:
            refusal = check_internal_comment(me, entry.chat)
        else:
            refusal = check_public_message(
                me, entry.chat, template=False, now=now or datetime.now(UTC)
            )
        if refusal is not None:
            raise Refused(refusal)
        check_attachments(attachments, self._ctx.limits)
        return await self._ctx.outbox.enqueue(
            chat_id,
            text=text,
            internal=internal,
            quoted_message_id=quoted_message_id,
            files=attachments,
        )

    async def send_template(
        self, chat_id: int, template_id: int, parameters: Sequence[str] = ()
    ) -> OutboxItem:
        """An approved WhatsApp template: the way to write after the 24-hour window."""
        entry = await self._ctx.entry(chat_id)
        refusal = check_public_message(
            self._ctx.attendant, entry.chat, template=True, now=datetime.now(UTC)
        )
        if refusal is not None:
            raise Refused(refusal)
        return await self._ctx.outbox.enqueue(
            chat_id, template_id=template_id, parameters=list(parameters)
        )

    async def retry(self, client_message_id: str) -> OutboxItem | None:
        return await self._ctx.outbox.retry(client_message_id)

    async def discard(self, client_message_id: str) -> bool:
        """Drop a message the service refused; it never reached anyone."""
        return await self._ctx.outbox.discard(client_message_id)

    async def pending(self, chat_id: int) -> list[OutboxItem]:
        """The chat's messages not yet confirmed: queued, sending or failed."""
        return await self._ctx.store.call(Cache.outbox, chat_id=chat_id)

    async def download(self, media: Media, dest: Path, *, progress: Progress | None = None) -> Path:
        return await self._ctx.api.download(media.id, dest, progress=progress)

    # --- templates ----------------------------------------------------------------------

    async def replies(self) -> list[MessageTemplateOut]:
        """Modelos de respostas, from the cache."""
        raw = await self._ctx.store.call(Cache.templates, "reply")
        return [MessageTemplateOut.model_validate_json(r) for r in raw]

    async def fill_reply(self, chat_id: int, template: MessageTemplateOut) -> str:
        """The template's text with {{nome}}, {{cliente}} ... filled from the chat."""
        entry = await self._ctx.entry(chat_id)
        return fill_reply(template.content, entry.chat, self._ctx.attendant)

    async def whatsapp_templates(
        self, integration_id: int | None = None
    ) -> list[GupshupTemplateOut | WhatsappCloudTemplateOut]:
        """Approved templates of the WhatsApp channels (of one integration if given)."""
        found: list[GupshupTemplateOut | WhatsappCloudTemplateOut] = []
        for raw in await self._ctx.store.call(Cache.templates, "gupshup"):
            found.append(GupshupTemplateOut.model_validate_json(raw))
        for raw in await self._ctx.store.call(Cache.templates, "whatsapp_cloud"):
            found.append(WhatsappCloudTemplateOut.model_validate_json(raw))
        return [
            t
            for t in found
            if t.status == "APPROVED"
            and (integration_id is None or t.integration_id == integration_id)
        ]
