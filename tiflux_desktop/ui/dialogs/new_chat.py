"""Novo chat: a WhatsApp conversation the attendant starts with an approved template.

"Selecione um contato" picks a registered contact (client, then contact); "Informar
manualmente" takes a number and a name. The Integração row shows only when the
organisation has more than one WhatsApp integration; then the Departamento; then, for
Gupshup, the template group and the HSM template with its variables, for WhatsApp Cloud
the approved template. Opened from a chat in Encerrados, it starts filled in for that
contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from tiflux_desktop.domain import OUTBOUND_START_ORIGINS, Department, can_see_department
from tiflux_desktop.protocol import ClientOut, IntegrationOut, RequestorOut, SendMessageIn
from tiflux_desktop.services import Composer, LookupService, TicketService
from tiflux_desktop.store import ChatEntry

from ..tasks import Tasks
from ..widgets.template_form import Template, TemplateForm
from ..wording import origin_label
from .base import ChoiceBox, ServiceDialog

NUMBER = re.compile(r"^\d{8,15}$")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True, slots=True)
class _Setup:
    integrations: list[IntegrationOut]
    departments: list[Department]
    clients: list[ClientOut]
    contact: RequestorOut | None  # the prefilled chat's contact, when it could be found


class NewChatDialog(ServiceDialog):
    """done(NewChatOut): the chat started and its first message."""

    def __init__(
        self,
        tickets: TicketService,
        lookups: LookupService,
        composer: Composer,
        tasks: Tasks,
        prefill: ChatEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self._tickets = tickets
        self._lookups = lookups
        self._composer = composer
        self._prefill = prefill
        self._integrations: list[IntegrationOut] = []
        self._contacts: dict[int, RequestorOut] = {}
        self._contacts_of: int | None = None
        self._want_contact: int | None = None
        self._templates_of: int | None = None
        self.setObjectName("newChatDialog")
        self.setWindowTitle(self.tr("New chat"))
        self.setMinimumWidth(560)

        self.pick = QRadioButton(self.tr("&Select a contact"))
        self.manual = QRadioButton(self.tr("Enter &manually"))
        self.pick.setChecked(True)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.pick)
        self._mode.addButton(self.manual)
        self.pick.toggled.connect(self._mode_changed)
        modes = QWidget()
        modes_layout = QHBoxLayout(modes)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        modes_layout.addWidget(self.pick)
        modes_layout.addWidget(self.manual)
        modes_layout.addStretch(1)
        self.form.addRow(modes)

        self.client = ChoiceBox(self.tr("Type to search clients"), searchable=True)
        self.client.connect_changed(self._client_changed)
        self.contact = ChoiceBox(self.tr("Type to search the client's contacts"), searchable=True)
        self.contact.connect_changed(self.validate)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("Area code and number, e.g. 11 98765-4321"))
        # Digits with the usual separators; the service gets the digits only.
        self.number.setValidator(QRegularExpressionValidator(r"^\+?[\d\s().-]{0,24}$", self.number))
        self.number.textChanged.connect(self.validate)
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText(self.tr("The contact's name"))
        self.name.textChanged.connect(self.validate)
        self.integration = ChoiceBox(self.tr("Choose the integration"))
        self.integration.connect_changed(self._integration_changed)
        self.department = ChoiceBox(self.tr("Choose the department"))
        self.department.connect_changed(self.validate)
        self.template = TemplateForm()
        self.template.changed.connect(self.validate)

        self.add_row(self.tr("C&lient"), self.client)
        self.add_row(self.tr("C&ontact"), self.contact)
        self.add_row(self.tr("N&umber"), self.number)
        self.add_row(self.tr("&Name"), self.name)
        self.add_row(self.tr("&Integration"), self.integration)
        self.add_row(self.tr("&Department"), self.department)
        self.form.addRow(self.template)
        self.template.hide()
        self._mode_changed()
        self.form.setRowVisible(self.integration, False)

    # --- ServiceDialog ------------------------------------------------------------------

    def ok_text(self) -> str:
        return self.tr("Start c&hat")

    def busy_text(self) -> str:
        return self.tr("Starting…")

    def start(self) -> None:
        self.align_labels(self.template)
        self.fetch("setup", self._load, self._loaded)

    def reason(self) -> str | None:
        if not self._integrations:
            return self.tr(
                "Your organisation has no WhatsApp integration (Gupshup or WhatsApp Cloud API) "
                "to start chats on."
            )
        if self.pick.isChecked():
            if self.client.value() is None:
                return self.tr("Choose the client.")
            contact = self._contact()
            if contact is None:
                return self.tr("Choose the contact.")
            if not NUMBER.match(digits(contact.telephone or "")):
                return self.tr("This contact has no WhatsApp number: enter it manually.")
        else:
            if not NUMBER.match(digits(self.number.text())):
                return self.tr("Enter the number with its area code (8 to 15 digits).")
            if not self.name.text().strip():
                return self.tr("Enter the contact's name.")
        if self.integration.value() is None:
            return self.tr("Choose the integration.")
        if self.department.value() is None:
            return self.tr("Choose the department.")
        return self.template.reason()

    async def perform(self) -> object:
        return await self._tickets.start_chat(self.request())

    # --- API ----------------------------------------------------------------------------

    def request(self) -> SendMessageIn:
        """What OK sends (the form must be complete)."""
        chosen = self.template.value()
        assert chosen is not None
        template, parameters = chosen
        if self.pick.isChecked():
            contact = self._contact()
            assert contact is not None
            number, name, client_id = (
                digits(contact.telephone or ""),
                contact.name,
                self.client.value(),
            )
        else:
            number, name, client_id = digits(self.number.text()), self.name.text().strip(), None
        return SendMessageIn(
            number=number,
            name=name,
            integration_id=self.integration.value(),
            department_id=self.department.value(),
            client_id=client_id,
            template_id=template.id,
            parameters=parameters,
        )

    # --- loading ------------------------------------------------------------------------

    async def _load(self) -> _Setup:
        integrations = [
            i
            for i in await self._lookups.integrations()
            if i.active and i.type in OUTBOUND_START_ORIGINS
        ]
        departments = await self._lookups.departments()
        clients = await self._lookups.clients()
        contact = await self._prefill_contact()
        return _Setup(integrations, departments, clients, contact)

    async def _prefill_contact(self) -> RequestorOut | None:
        """The closed chat's contact with their number (a chat carries only the name)."""
        if self._prefill is None or self._prefill.chat.requestor is None:
            return None
        chat = self._prefill.chat
        wanted = chat.requestor.id if chat.requestor else None
        if chat.client is not None:
            for person in await self._lookups.client_contacts(chat.client.id):
                if person.id == wanted:
                    return person
        found = await self._lookups.contacts(chat.requestor.name if chat.requestor else None)
        return next((p for p in found if p.id == wanted), None)

    def _loaded(self, setup: _Setup) -> None:
        me = self._lookups.me
        self._integrations = setup.integrations
        self.integration.set_choices(
            [(f"{i.name} ({origin_label(i.type)})", i.id) for i in setup.integrations]
        )
        self.form.setRowVisible(self.integration, len(setup.integrations) > 1)
        departments = sorted(
            (d for d in setup.departments if can_see_department(me, d.id)),
            key=lambda d: d.name.casefold(),
        )
        self.department.set_choices([(d.name, d.id) for d in departments])
        self.client.set_choices([(c.name, c.id) for c in setup.clients if c.active])
        if len(setup.integrations) == 1:
            self.integration.setCurrentIndex(0)
        if len(departments) == 1:
            self.department.setCurrentIndex(0)
        self._apply_prefill(setup.contact)
        (self.client if self.pick.isChecked() else self.number).setFocus()

    def _apply_prefill(self, contact: RequestorOut | None) -> None:
        if self._prefill is None:
            return
        chat = self._prefill.chat
        if chat.integration_id is not None:
            self.integration.select_value(chat.integration_id)
        for department in (chat.department, chat.last_department):
            if department is not None and self.department.select_value(department.id):
                break
        if (
            contact is not None
            and contact.client_id is not None
            and self.client.select_value(contact.client_id)
        ):
            self._want_contact = contact.id
            self._client_changed()
            return
        self.manual.setChecked(True)
        if contact is not None and contact.telephone:
            self.number.setText(contact.telephone)
        name = contact.name if contact else (chat.requestor.name if chat.requestor else "")
        self.name.setText(name)

    def _client_changed(self) -> None:
        client_id = self.client.value()
        if client_id == self._contacts_of:
            self.validate()
            return
        self._contacts_of = client_id
        self._contacts = {}
        self.contact.set_choices([], keep=False)
        if client_id is not None:
            self.fetch(
                "contacts", lambda: self._lookups.client_contacts(client_id), self._contacts_loaded
            )
        self.validate()

    def _contacts_loaded(self, people: list[RequestorOut]) -> None:
        self._contacts = {p.id: p for p in people}
        self.contact.set_choices(
            [
                (
                    f"{p.name} ({p.telephone})"
                    if p.telephone
                    else self.tr("%1 (no number)").replace("%1", p.name),
                    p.id,
                )
                for p in people
            ]
        )
        if self._want_contact is not None:
            self.contact.select_value(self._want_contact)
            self._want_contact = None
        elif len(people) == 1:
            self.contact.select_value(people[0].id)

    def _integration_changed(self) -> None:
        integration_id = self.integration.value()
        if integration_id == self._templates_of:
            self.validate()
            return
        self._templates_of = integration_id
        self.template.clear()
        # The message depends on the integration: nothing to show before one is chosen.
        self.template.setVisible(integration_id is not None)
        if integration_id is not None:
            self.fetch(
                "templates",
                lambda: self._composer.whatsapp_templates(integration_id),
                self._templates_loaded,
            )
        self.validate()

    def _templates_loaded(self, templates: list[Template]) -> None:
        self.template.set_templates(templates)

    # --- internals ----------------------------------------------------------------------

    def _contact(self) -> RequestorOut | None:
        contact_id = self.contact.value()
        return self._contacts.get(contact_id) if contact_id is not None else None

    def _mode_changed(self, *_: object) -> None:
        picking = self.pick.isChecked()
        for field in (self.client, self.contact):
            self.form.setRowVisible(field, picking)
        for field in (self.number, self.name):
            self.form.setRowVisible(field, not picking)
        self.validate()
