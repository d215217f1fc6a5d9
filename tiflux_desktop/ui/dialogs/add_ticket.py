"""+ Adicionar ticket: a ticket for the chat (client, service desk, priority, catalog item,
requester, title), whose description is the chat's transcript, linked to the chat.

When the ticket is created but the link fails, the dialog stays open on that ticket and
offers to link it again: OK never creates a second ticket.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from tiflux_desktop.domain import check_update
from tiflux_desktop.protocol import (
    CatalogItemOut,
    ClientOut,
    DeskOut,
    PriorityOut,
    RequestorOut,
    TicketOut,
)
from tiflux_desktop.services import ChatService, LookupService, TicketNotLinked, TicketService
from tiflux_desktop.store import ChatEntry

from ..tasks import Tasks
from ..wording import error_text, refusal_text
from .base import ChoiceBox, ServiceDialog, action_error_text
from .finish import catalog_label

TITLE_MAX = 300


class AddTicketDialog(ServiceDialog):
    """done((TicketOut, ChatEntry | None)): the ticket and the chat after the link.

    ``chats`` lets the dialog link a created ticket again when the first link failed;
    without it the attendant is told the ticket's number instead."""

    def __init__(
        self,
        tickets: TicketService,
        lookups: LookupService,
        tasks: Tasks,
        entry: ChatEntry,
        parent: QWidget | None = None,
        *,
        chats: ChatService | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self._tickets = tickets
        self._lookups = lookups
        self._chats = chats
        self._entry = entry
        self._unlinked: TicketNotLinked | None = None
        self._desks_of: int | None = None
        self._desk_loaded: int | None = None
        self.setObjectName("addTicketDialog")
        self.setWindowTitle(self.tr("Add ticket"))
        self.setMinimumWidth(540)

        chat = entry.chat
        self.client = ChoiceBox(self.tr("Type to search clients"), searchable=True)
        self.client.connect_changed(self._client_changed)
        self.desk = ChoiceBox(self.tr("Choose the service desk"))
        self.desk.connect_changed(self._desk_changed)
        self.priority = ChoiceBox(self.tr("The desk's default"))
        self.catalog_item = ChoiceBox(self.tr("None"))
        self.requestor = ChoiceBox(self.tr("No requester"), searchable=True)
        self.requestor.connect_changed(self.validate)
        requester = chat.requestor.name if chat.requestor else ""
        self.title = QLineEdit(f"Chat #{chat.id} - {requester}".strip(" -")[:TITLE_MAX])
        self.title.setMaxLength(TITLE_MAX)
        self.title.textChanged.connect(self.validate)
        self.description = QPlainTextEdit()
        self.description.setReadOnly(True)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("Loading the conversation…"))
        self.description.setMinimumHeight(120)
        self.add_row(self.tr("C&lient"), self.client)
        self.add_row(self.tr("Service &desk"), self.desk)
        self.add_row(self.tr("&Priority"), self.priority)
        self.add_row(self.tr("Catalog &item"), self.catalog_item)
        self.add_row(self.tr("Re&quester"), self.requestor)
        self.add_row(self.tr("&Title"), self.title)
        note = QLabel(self.tr("Description: the chat's transcript"))
        note.setBuddy(self.description)
        self.form.addRow(note)
        self.form.addRow(self.description)
        self.description.setAccessibleName(note.text())

    # --- ServiceDialog ------------------------------------------------------------------

    def ok_text(self) -> str:
        if self._unlinked is not None:
            return self.tr("Lin&k again")
        return self.tr("&Create ticket")

    def busy_text(self) -> str:
        if self._unlinked is not None:
            return self.tr("Linking…")
        return self.tr("Creating…")

    def start(self) -> None:
        self.fetch("clients", self._lookups.clients, self._clients_loaded)
        self.spawn("transcript", self._load_transcript())
        self.client.setFocus()

    def reason(self) -> str | None:
        if self._unlinked is not None:
            return None  # OK links the ticket already created
        chat = self._entry.chat
        refusal = check_update(self._lookups.me, chat)
        if refusal is not None:
            return refusal_text(refusal)
        if chat.ticket is not None:
            return self.tr("Ticket #%1 is already linked to this chat.").replace(
                "%1", str(chat.ticket.number)
            )
        if self.client.value() is None:
            return self.tr("Choose the client.")
        if self.desk.value() is None:
            return self.tr("Choose the service desk.")
        if self.requestor.currentText().strip() and self.requestor.value() is None:
            return self.tr("Choose the requester from the client's contacts, or leave it empty.")
        if not self.title.text().strip():
            return self.tr("Give the ticket a title.")
        return None

    async def perform(self) -> object:
        if self._unlinked is not None:
            return await self._link_again(self._unlinked)
        return await self._tickets.create_from_chat(
            self._entry.id,
            desk_id=self.desk.value(),
            client_id=self.client.value(),
            requestor_id=self.requestor.value(),
            title=self.title.text().strip(),
            priority_id=self.priority.value(),
            catalog_item_id=self.catalog_item.value(),
        )

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, TicketNotLinked):
            self._on_unlinked(exc)
            return
        if self._unlinked is not None:
            # Linking again failed too: the ticket still exists and stays offered.
            self._on_unlinked(self._unlinked, again=exc)
            return
        super().failed(exc)

    # --- internals ----------------------------------------------------------------------

    async def _link_again(self, unlinked: TicketNotLinked) -> tuple[TicketOut, ChatEntry | None]:
        assert self._chats is not None
        assert unlinked.ticket is not None
        entry = await self._chats.link_ticket(self._entry.id, unlinked.ticket_number)
        return unlinked.ticket, entry

    def _on_unlinked(self, exc: TicketNotLinked, *, again: BaseException | None = None) -> None:
        self._unlinked = exc
        # The ticket exists: what it was created with can no longer change.
        for field in (
            self.client,
            self.desk,
            self.priority,
            self.catalog_item,
            self.requestor,
            self.title,
        ):
            field.setEnabled(False)
        cause = again if again is not None else exc.cause
        text = error_text(exc) + "\n" + action_error_text(cause)
        can_link = self._chats is not None and exc.ticket is not None
        if can_link:
            # No mnemonic: OK says "&Link again" and does the same.
            self.show_error(text, (self.tr("Link again"), self.submit))
        else:
            self.show_error(
                text
                + "\n"
                + self.tr("Link ticket #%1 to the chat in Tiflux.").replace(
                    "%1", str(exc.ticket_number)
                )
            )
        self.ok.setText(self.ok_text())
        self.validate()

    def validate(self) -> None:
        super().validate()
        if self._unlinked is not None and (self._chats is None or self._unlinked.ticket is None):
            self.ok.setEnabled(False)

    async def _load_transcript(self) -> None:
        try:
            text = await self._tickets.chat_transcript(self._entry.id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.description.setPlaceholderText(
                self.tr(
                    "The conversation could not be shown here (%1); the ticket will still carry it."
                ).replace("%1", error_text(exc))
            )
            return
        self.description.setPlainText(text)
        if not text:
            self.description.setPlaceholderText(self.tr("The conversation is empty."))

    def _clients_loaded(self, clients: list[ClientOut]) -> None:
        self.client.set_choices([(c.name, c.id) for c in clients if c.active])
        chat_client = self._entry.chat.client
        if chat_client is not None:
            self.client.select_value(chat_client.id)
        self._client_changed()

    def _client_changed(self) -> None:
        client_id = self.client.value()
        if client_id == self._desks_of:
            self.validate()
            return
        self._desks_of = client_id
        self.desk.set_choices([], keep=False)
        self.requestor.set_choices([], keep=False)
        if client_id is not None:
            self.fetch("desks", lambda: self._client_lists(client_id), self._client_lists_loaded)
        self.validate()

    async def _client_lists(self, client_id: int) -> tuple[list[DeskOut], list[RequestorOut]]:
        desks = asyncio.ensure_future(self._tickets.desks(client_id))
        people = asyncio.ensure_future(self._lookups.client_contacts(client_id))
        try:
            return await desks, await people
        finally:
            desks.cancel()
            people.cancel()

    def _client_lists_loaded(self, found: tuple[list[DeskOut], list[RequestorOut]]) -> None:
        desks, people = found
        self.desk.set_choices([(d.display_name, d.id) for d in desks])
        if self.desk.count() == 1:
            self.desk.setCurrentIndex(0)
        self.requestor.set_choices([(p.name, p.id) for p in people])
        chat_requestor = self._entry.chat.requestor
        if chat_requestor is not None:
            self.requestor.select_value(chat_requestor.id)

    def _desk_changed(self) -> None:
        desk_id = self.desk.value()
        if desk_id == self._desk_loaded:
            return
        self._desk_loaded = desk_id
        self.priority.set_choices([], keep=False)
        self.catalog_item.set_choices([], keep=False)
        if desk_id is not None:
            self.fetch("desk-lists", lambda: self._desk_lists(desk_id), self._desk_lists_loaded)
        self.validate()

    async def _desk_lists(self, desk_id: int) -> tuple[list[PriorityOut], list[CatalogItemOut]]:
        priorities = asyncio.ensure_future(self._tickets.priorities(desk_id))
        items = asyncio.ensure_future(self._lookups.catalog_items(desk_id))
        try:
            return await priorities, await items
        finally:
            priorities.cancel()
            items.cancel()

    def _desk_lists_loaded(self, found: tuple[list[PriorityOut], list[CatalogItemOut]]) -> None:
        priorities, items = found
        self.priority.set_choices([(p.name, p.id) for p in priorities])
        self.catalog_item.set_choices([(catalog_label(i), i.id) for i in items])
