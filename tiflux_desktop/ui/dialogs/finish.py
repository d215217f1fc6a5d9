"""Finalizar, when the organisation requires a service catalog item to finish a chat.

Catalog items belong to a service desk (Mesa de serviço), and the desks that serve a
client are the ones a chat can be classified under: the attendant picks the desk (of the
chat's client; of a client they choose when the chat has none), then the item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from tiflux_desktop.domain import check_close
from tiflux_desktop.protocol import CatalogItemOut, ClientOut, DeskOut
from tiflux_desktop.services import ChatService, LookupService, TicketService
from tiflux_desktop.store import ChatEntry

from ..tasks import Tasks
from ..wording import refusal_text
from .base import ChoiceBox, ServiceDialog


def catalog_label(item: CatalogItemOut) -> str:
    return f"{item.name} — {item.area}" if item.area else item.name


class FinishDialog(ServiceDialog):
    """done(ChatEntry): the chat as it stands finished."""

    def __init__(
        self,
        chats: ChatService,
        lookups: LookupService,
        tickets: TicketService,
        tasks: Tasks,
        entry: ChatEntry,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self._chats = chats
        self._lookups = lookups
        self._tickets = tickets
        self._entry = entry
        self.setObjectName("finishDialog")
        self.setWindowTitle(self.tr("Finish chat"))
        self.setMinimumWidth(460)

        intro = QLabel(
            self.tr("Your organisation classifies every finished chat with a service catalog item.")
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.client = ChoiceBox(self.tr("Type to search clients"), searchable=True)
        self.client.connect_changed(self._client_changed)
        self.desk = ChoiceBox(self.tr("Choose the service desk"))
        self.desk.connect_changed(self._desk_changed)
        self.item = ChoiceBox(self.tr("Choose the catalog item"))
        self.item.connect_changed(self.validate)
        self.add_row(self.tr("C&lient"), self.client)
        self.add_row(self.tr("Service &desk"), self.desk)
        self.add_row(self.tr("Catalog &item"), self.item)
        # The chat's client is the one its desks come from; only a chat without one asks.
        self._client_id: int | None = entry.chat.client.id if entry.chat.client else None
        self._desks_of: int | None = None
        if entry.chat.client is not None:
            self.form.setRowVisible(self.client, False)
            known = QLabel(entry.chat.client.name)
            known.setTextFormat(Qt.TextFormat.PlainText)
            self.form.insertRow(1, self.tr("Client"), known)

    @staticmethod
    def needed(lookups: LookupService) -> bool:
        """Whether Finalizar needs this dialog (otherwise it finishes at once)."""
        return lookups.organization.requires_catalog_item_on_finish

    # --- ServiceDialog ------------------------------------------------------------------

    def ok_text(self) -> str:
        return self.tr("&Finish")

    def busy_text(self) -> str:
        return self.tr("Finishing…")

    def start(self) -> None:
        if self._client_id is None:
            self.fetch("clients", self._lookups.clients, self._clients_loaded)
            self.client.setFocus()
        else:
            self._load_desks(self._client_id)
            self.desk.setFocus()

    def reason(self) -> str | None:
        refusal = check_close(self._lookups.me, self._entry.chat)
        if refusal is not None:
            return refusal_text(refusal)
        if self._client() is None:
            return self.tr("Choose the client whose service desk classifies the chat.")
        if self.desk.value() is None:
            return self.tr("Choose the service desk.")
        if self.item.value() is None:
            return self.tr("Choose the service catalog item.")
        return None

    async def perform(self) -> object:
        return await self._chats.finish(self._entry.id, catalog_item_id=self.item.value())

    # --- internals ----------------------------------------------------------------------

    def _client(self) -> int | None:
        return self._client_id if self._entry.chat.client else self.client.value()

    def _clients_loaded(self, clients: list[ClientOut]) -> None:
        self.client.set_choices([(c.name, c.id) for c in clients if c.active])

    def _client_changed(self) -> None:
        client_id = self._client()
        if client_id == self._desks_of:
            return
        self.desk.set_choices([], keep=False)
        self._desks_of = client_id
        if client_id is not None:
            self._load_desks(client_id)
        self.validate()

    def _load_desks(self, client_id: int) -> None:
        self._desks_of = client_id
        self.fetch("desks", lambda: self._tickets.desks(client_id), self._desks_loaded)

    def _desks_loaded(self, desks: list[DeskOut]) -> None:
        self.desk.set_choices([(d.display_name, d.id) for d in desks])
        if self.desk.count() == 1:
            self.desk.setCurrentIndex(0)

    def _desk_changed(self) -> None:
        desk_id = self.desk.value()
        self.item.set_choices([], keep=False)
        if desk_id is not None:
            self.fetch(
                "items",
                lambda: self._lookups.catalog_items(desk_id),
                lambda items: self.item.set_choices([(catalog_label(i), i.id) for i in items]),
            )
