"""Tickets from chats ("+ Adicionar ticket") and new chats ("Novo chat")."""

from __future__ import annotations

from collections.abc import Sequence

from tiflux_desktop.domain import Message, check_update, transcript
from tiflux_desktop.net import NetError, OutgoingFile
from tiflux_desktop.protocol import (
    DeskOut,
    NewChatOut,
    PriorityOut,
    SendMessageIn,
    TicketOut,
    message_to_domain,
)
from tiflux_desktop.store import Cache, ChatEntry

from .context import Context
from .errors import Refused, TicketNotLinked

_PAGE = 200


class TicketService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    async def desks(self, client_id: int) -> list[DeskOut]:
        return await self._ctx.api.client_desks(client_id)

    async def priorities(self, desk_id: int) -> list[PriorityOut]:
        return await self._ctx.api.desk_priorities(desk_id)

    async def chat_transcript(self, chat_id: int) -> str:
        """The whole conversation, fetched from the service (the cache may have gaps)."""
        messages: list[Message] = []
        before: int | None = None
        while True:
            if before is None:
                page = await self._ctx.api.messages(chat_id, latest=True, limit=_PAGE)
            else:
                page = await self._ctx.api.messages(chat_id, before_id=before, limit=_PAGE)
            messages[:0] = [message_to_domain(m) for m in page.items]
            if page.size < _PAGE or not page.items:
                break
            before = page.items[0].id
        return transcript(messages)

    async def create_from_chat(
        self,
        chat_id: int,
        *,
        desk_id: int,
        client_id: int | None = None,
        requestor_id: int | None = None,
        title: str | None = None,
        priority_id: int | None = None,
        catalog_item_id: int | None = None,
        responsible_id: int | None = None,
        files: Sequence[OutgoingFile] = (),
    ) -> tuple[TicketOut, ChatEntry | None]:
        """Create a ticket whose description is the chat's transcript, and link it to the
        chat. Returns the ticket and the chat as it stands after the link.

        Without ``client_id`` the ticket is the chat's client's, requested by the chat's
        requester (or ``requestor_id``). With ``client_id`` the requester is exactly
        ``requestor_id`` (None: none), since it must be a contact of that client."""
        entry = await self._ctx.entry(chat_id)
        chat = entry.chat
        refusal = check_update(self._ctx.attendant, chat)
        if refusal is not None:
            raise Refused(refusal)
        if client_id is None:
            if chat.client is None:
                raise ValueError("the chat has no client; choose one before creating a ticket")
            client_id = chat.client.id
            if requestor_id is None and chat.requestor is not None:
                requestor_id = chat.requestor.id
        requestor = chat.requestor.name if chat.requestor else ""
        fields: dict[str, str | int] = {
            "title": (title or f"Chat #{chat.id} - {requestor}").strip()[:300],
            "description": await self.chat_transcript(chat_id) or "-",
            "client_id": client_id,
            "desk_id": desk_id,
        }
        if requestor_id is not None:
            fields["requestor_id"] = requestor_id
        for key, value in (
            ("priority_id", priority_id),
            ("services_catalogs_item_id", catalog_item_id),
            ("responsible_id", responsible_id),
        ):
            if value is not None:
                fields[key] = value
        ticket = await self._ctx.api.create_ticket(fields, files)
        try:
            out = await self._ctx.api.update_chat(chat_id, ticket_number=ticket.ticket_number)
        except NetError as exc:
            raise TicketNotLinked(ticket.ticket_number, exc, ticket) from exc
        await self._ctx.commit(chats=[out])
        return ticket, await self._ctx.store.call(Cache.chat, chat_id)

    async def start_chat(self, body: SendMessageIn) -> NewChatOut:
        """Novo chat: a WhatsApp conversation the attendant starts (free text in the
        customer's window, or an approved template)."""
        created = await self._ctx.api.start_chat(body)
        await self._ctx.commit(chats=[created.chat], messages=[created.message])
        return created
