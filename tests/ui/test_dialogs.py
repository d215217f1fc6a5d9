"""The Chats screen's dialogs against a real service: each keeps OK disabled until it is
complete and says why, performs its action end to end, shows a refusal inline without
closing or losing what was typed, and says when the service cannot be reached (with a
Retry that works once it can).

Set DIALOG_SHOTS=<folder> to save a PNG of each dialog as the tests leave it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from machines import Machine, eventually
from support import (
    ADMIN,
    ANA,
    DEMO_PASSWORD,
    GUPSHUP,
    SUPORTE,
    VENDAS,
    WHATSAPP_CLOUD,
    Live,
    make_config,
)
from tiflux_desktop.domain import ChatStatus, Origin, Refusal
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.protocol import NewChatOut, SendMessageIn, TicketOut
from tiflux_desktop.server.config import ServiceConfig
from tiflux_desktop.services import Session
from tiflux_desktop.store import ChatEntry, OutboxItem
from tiflux_desktop.ui.dialogs.add_ticket import AddTicketDialog
from tiflux_desktop.ui.dialogs.base import ChoiceBox, ServiceDialog
from tiflux_desktop.ui.dialogs.finish import FinishDialog
from tiflux_desktop.ui.dialogs.new_chat import NewChatDialog
from tiflux_desktop.ui.dialogs.send_template import SendTemplateDialog
from tiflux_desktop.ui.dialogs.transfer import TransferDialog
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.wording import refusal_text

# --- helpers --------------------------------------------------------------------------------


async def online(attendants: Any, email: str, machine: Machine | None = None) -> Session:
    """Signed in, synced, and Online (only Online attendants assume)."""
    session = await attendants.sign_in(email, machine)
    await eventually(lambda: session.connection is ConnectionState.ONLINE, what="synced")
    await session.chats.set_online(True)
    return session


async def waiting_chat(live: Live, session: Session, name: str, option: str = "1") -> int:
    """A widget chat past the triage, waiting in a department's inbox (1: Suporte)."""
    customer = live.customer(name=name)
    chat_id = await asyncio.to_thread(customer.open_chat, option)

    async def arrived() -> bool:
        entry = await session.chats.chat(chat_id)
        return entry is not None and entry.chat.status is ChatStatus.WAITING_ATTENDANCE

    await eventually(arrived, what="the chat is in the inbox")
    return chat_id


def shown(qtbot: Any, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.open()


async def loaded(dialog: ServiceDialog) -> None:
    await eventually(lambda: not dialog.is_loading(), what="the dialog loaded")


def results(dialog: ServiceDialog) -> list[Any]:
    got: list[Any] = []
    dialog.done.connect(got.append)  # pyright: ignore[reportAttributeAccessIssue]
    return got


def choose(box: ChoiceBox, text: str) -> None:
    """Pick the choice whose label contains ``text``, as a click in the list would."""
    for index in range(box.count()):
        if text in box.itemText(index):
            box.setCurrentIndex(index)
            if box.isEditable():
                box.setEditText(box.itemText(index))
            return
    labels = [box.itemText(i) for i in range(box.count())]
    raise AssertionError(f"no choice with {text!r} in {labels}")


def labels(box: ChoiceBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def blocked(dialog: ServiceDialog, reason: str) -> None:
    """OK is disabled, and the dialog says why, next to it and on the button."""
    assert not dialog.ok.isEnabled(), "OK should be disabled"
    assert dialog.status.text() == reason
    assert dialog.ok.toolTip() == reason


def ready(dialog: ServiceDialog) -> None:
    assert dialog.ok.isEnabled(), f"OK disabled: {dialog.status.text()}"
    assert dialog.status.text() == ""


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("DIALOG_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


class CuttableTransport(httpx.AsyncBaseTransport):
    """The machine's network: passes everything through until it is cut."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.cut = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.cut:
            raise httpx.ConnectError("network down", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def service_config(tmp_path: Path, request: pytest.FixtureRequest) -> ServiceConfig:
    """The demo organisation; a test changes it with indirect parametrisation."""
    return make_config(tmp_path, **getattr(request, "param", {}))


REQUIRE_CATALOG = pytest.mark.parametrize(
    "service_config", [{"requires_catalog_item_on_finish": True}], indirect=True
)


# --- Transferir ---------------------------------------------------------------------------


async def test_transfer_lists_my_departments_and_their_attendants_then_transfers(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    chat_id = await waiting_chat(live, admin, "Cliente Transferência")
    entry = await admin.chats.assume(chat_id)
    dialog = TransferDialog(admin.chats, admin.lookups, Tasks(), entry)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)

    # The admin sees every department; the chat's own is marked and chosen.
    assert labels(dialog.department) == ["Financeiro", "Suporte (current)", "Vendas"]
    assert dialog.department.value() == SUPORTE
    blocked(
        dialog,
        "The chat is already in this department: choose another one or an attendant.",
    )
    # Who can take it in Suporte (Ana, Carla), with their Online state; not Bruno.
    people = labels(dialog.attendant)
    assert people[0] == "Nobody: the department's inbox"
    assert any(p.startswith("Ana Souza") and "Offline" in p for p in people)
    assert any(p.startswith("Carla Mendes") for p in people)
    assert not any("Bruno" in p for p in people)

    choose(dialog.department, "Vendas")
    ready(dialog)  # to Vendas' inbox is a transfer already
    assert any("Bruno Lima" in p for p in labels(dialog.attendant))
    assert not any("Ana Souza" in p for p in labels(dialog.attendant))
    choose(dialog.attendant, "Bruno Lima")
    ready(dialog)
    shot(dialog, "transfer")
    dialog.ok.click()
    dialog.ok.click()  # a second press while it runs does nothing
    await eventually(lambda: got, what="transferred")
    moved: ChatEntry = got[0]
    assert len(got) == 1
    assert moved.chat.department is not None
    assert moved.chat.department.id == VENDAS
    assert moved.chat.responsible is not None
    assert moved.chat.responsible.name == "Bruno Lima"
    assert dialog.result() == QDialog.DialogCode.Accepted


async def test_transfer_away_from_my_sight_gives_none_and_a_refusal_stays_inline(
    qtbot, live: Live, attendants
) -> None:
    ana = await online(attendants, ANA)
    chat_id = await waiting_chat(live, ana, "Cliente Ana")
    entry = await ana.chats.assume(chat_id)

    # Ana only has Suporte: no other department to offer, only her colleagues there.
    dialog = TransferDialog(ana.chats, ana.lookups, Tasks(), entry)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    assert labels(dialog.department) == ["Suporte (current)"]
    assert any("Carla Mendes" in p for p in labels(dialog.attendant))
    assert not any("Ana Souza" in p for p in labels(dialog.attendant))  # not herself

    # Meanwhile the chat is finished elsewhere: the refusal shows, the dialog stays.
    admin_http = live.attendant(ADMIN)
    assert admin_http.put(f"/chats/{chat_id}/archive").status_code == 202
    choose(dialog.attendant, "Carla Mendes")
    ready(dialog)
    dialog.ok.click()
    await eventually(lambda: dialog.banner.isVisible(), what="the refusal")
    assert dialog.banner.label.text() == refusal_text(Refusal.ARCHIVED)
    assert dialog.isVisible()
    assert got == []
    assert dialog.attendant.value() is not None  # the choice is kept
    shot(dialog, "transfer-refused")


async def test_transfer_to_another_attendants_department_leaves_the_chat_out_of_sight(
    qtbot, live: Live, attendants
) -> None:
    carla = await online(attendants, "carla@demo.tiflux.local")
    chat_id = await waiting_chat(live, carla, "Cliente Carla")
    entry = await carla.chats.assume(chat_id)
    dialog = TransferDialog(carla.chats, carla.lookups, Tasks(), entry)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    assert labels(dialog.department) == ["Financeiro", "Suporte (current)"]
    choose(dialog.department, "Financeiro")
    dialog.ok.click()
    await eventually(lambda: got, what="transferred")
    # Carla works in Financeiro too, so she still sees it, back in the inbox.
    assert got[0] is not None
    assert got[0].chat.status is ChatStatus.WAITING_ATTENDANCE


# --- Finalizar ------------------------------------------------------------------------------


async def test_finish_is_needed_only_when_the_organisation_requires_a_catalog_item(
    live: Live, attendants
) -> None:
    admin = await attendants.sign_in(ADMIN)
    assert not FinishDialog.needed(admin.lookups)


@REQUIRE_CATALOG
async def test_finish_asks_the_desk_then_the_catalog_item_and_finishes(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    assert FinishDialog.needed(admin.lookups)
    chat_id = await waiting_chat(live, admin, "Cliente Finalizar")
    entry = await admin.chats.assume(chat_id)
    assert entry.chat.client is None  # a widget visitor: the client is asked for
    dialog = FinishDialog(admin.chats, admin.lookups, admin.tickets, Tasks(), entry)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    blocked(dialog, "Choose the client whose service desk classifies the chat.")
    # Typed, as the attendant does, then picked.
    dialog.client.setFocus()
    qtbot.keyClicks(dialog.client.lineEdit(), "Padaria")
    blocked(dialog, "Choose the client whose service desk classifies the chat.")
    choose(dialog.client, "Padaria Pão Quente Ltda")
    await loaded(dialog)
    blocked(dialog, "Choose the service desk.")
    assert labels(dialog.desk) == ["Comercial", "Suporte Técnico"]
    choose(dialog.desk, "Suporte Técnico")
    await loaded(dialog)
    blocked(dialog, "Choose the service catalog item.")
    assert "Impressoras — Infraestrutura" in labels(dialog.item)
    choose(dialog.item, "Impressoras")
    ready(dialog)
    shot(dialog, "finish")
    dialog.ok.click()
    await eventually(lambda: got, what="finished")
    finished: ChatEntry = got[0]
    assert finished.chat.status is ChatStatus.FINISHED


@REQUIRE_CATALOG
async def test_finish_refused_for_someone_elses_chat_is_said_before_and_after(
    qtbot, live: Live, attendants
) -> None:
    ana = await online(attendants, ANA)
    carla = await online(attendants, "carla@demo.tiflux.local")
    chat_id = await waiting_chat(live, ana, "Cliente da Ana")
    await ana.chats.assume(chat_id)

    async def hers() -> ChatEntry | None:
        entry = await carla.chats.chat(chat_id)
        return entry if entry and entry.chat.responsible else None

    entry = await eventually(hers, what="Carla sees Ana took it")
    dialog = FinishDialog(carla.chats, carla.lookups, carla.tickets, Tasks(), entry)
    shown(qtbot, dialog)
    await loaded(dialog)
    blocked(dialog, refusal_text(Refusal.NOT_RESPONSIBLE))
    qtbot.keyClick(dialog.desk, Qt.Key.Key_Escape)  # Esc cancels
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


# --- + Adicionar ticket -------------------------------------------------------------------


async def test_add_ticket_validates_then_creates_and_links_with_the_transcript(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    chat_id = await waiting_chat(live, admin, "Cliente Ticket")
    entry = await admin.chats.assume(chat_id)
    dialog = AddTicketDialog(admin.tickets, admin.lookups, Tasks(), entry, chats=admin.chats)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    blocked(dialog, "Choose the client.")
    assert dialog.title.text() == f"Chat #{chat_id} - Cliente Ticket"
    await eventually(
        lambda: "Olá, preciso de ajuda" in dialog.description.toPlainText(),
        what="the transcript is shown",
    )
    choose(dialog.client, "Clínica Bem-Estar")
    await loaded(dialog)
    blocked(dialog, "Choose the service desk.")
    assert labels(dialog.requestor) == ["Dr. Paulo Araújo"]
    choose(dialog.desk, "Suporte Técnico")
    await loaded(dialog)
    assert labels(dialog.priority) == ["Baixa", "Média", "Alta", "Urgente"]
    ready(dialog)  # priority, catalog item and requester are optional
    dialog.title.clear()
    blocked(dialog, "Give the ticket a title.")
    dialog.title.setText("Sistema não abre")
    dialog.requestor.setEditText("Ninguém")
    blocked(dialog, "Choose the requester from the client's contacts, or leave it empty.")
    choose(dialog.requestor, "Dr. Paulo")
    choose(dialog.priority, "Alta")
    choose(dialog.catalog_item, "Acesso e senhas")
    ready(dialog)
    shot(dialog, "add-ticket")
    dialog.ok.click()
    await eventually(lambda: got, timeout=15, what="the ticket")
    ticket, linked = got[0]
    assert isinstance(ticket, TicketOut)
    assert ticket.title == "Sistema não abre"
    assert ticket.client.name == "Clínica Bem-Estar"
    assert ticket.desk.display_name == "Suporte Técnico"
    assert ticket.priority is not None
    assert ticket.priority.name == "Alta"
    assert ticket.services_catalogs_item is not None
    assert ticket.services_catalogs_item.name == "Acesso e senhas"
    assert ticket.requestor is not None
    assert ticket.requestor.name == "Dr. Paulo Araújo"
    assert "Olá, preciso de ajuda" in ticket.description  # the transcript
    assert linked is not None
    assert linked.chat.ticket is not None
    assert linked.chat.ticket.number == ticket.ticket_number


def _ticket_count(config: ServiceConfig) -> int:
    database = next(config.data_dir.rglob("*.sqlite*"), None) or next(config.data_dir.rglob("*.db"))
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])


async def test_a_ticket_created_but_not_linked_offers_link_again_never_a_second_ticket(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    chat_id = await waiting_chat(live, admin, "Cliente Vínculo")
    entry = await admin.chats.assume(chat_id)
    dialog = AddTicketDialog(admin.tickets, admin.lookups, Tasks(), entry, chats=admin.chats)
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    choose(dialog.client, "Mercado São João")
    await loaded(dialog)
    choose(dialog.desk, "Comercial")
    await loaded(dialog)
    # The chat is finished elsewhere before this machine hears of it: the ticket is
    # created, and the service refuses to link it to a closed chat.
    await admin.sync.stop()
    assert live.attendant(ADMIN).put(f"/chats/{chat_id}/archive").status_code == 202
    dialog.ok.click()
    await eventually(lambda: dialog.banner.isVisible(), timeout=15, what="not linked")
    assert "was created, but linking it to the chat failed" in dialog.banner.label.text()
    assert refusal_text(Refusal.ARCHIVED) in dialog.banner.label.text()
    assert dialog.banner.action.text() == "Link again"
    assert dialog.ok.text() == "Lin&k again"
    assert not dialog.client.isEnabled()  # the ticket exists: its fields are fixed
    assert _ticket_count(live.config) == 1
    shot(dialog, "add-ticket-not-linked")

    dialog.banner.action.click()  # links again; the service still refuses
    await eventually(lambda: not dialog.busy, what="tried again")
    await eventually(lambda: dialog.banner.isVisible(), what="still not linked")
    assert dialog.isVisible()
    assert got == []
    assert _ticket_count(live.config) == 1  # never a second ticket


# --- Novo chat ----------------------------------------------------------------------------


async def _new_chat(qtbot: Any, session: Session, prefill: ChatEntry | None = None):
    dialog = NewChatDialog(
        session.tickets, session.lookups, session.composer, Tasks(), prefill=prefill
    )
    got = results(dialog)
    shown(qtbot, dialog)
    await loaded(dialog)
    return dialog, got


async def test_new_chat_with_a_contact_on_whatsapp_cloud_and_an_approved_template(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    dialog, got = await _new_chat(qtbot, admin)
    # Two WhatsApp integrations: the Integração row is shown.
    assert dialog.form.isRowVisible(dialog.integration)
    assert labels(dialog.integration) == [
        "WhatsApp Cloud API – Central (WhatsApp Cloud API)",
        "Gupshup – Comercial (Gupshup)",
    ]
    assert dialog.form.isRowVisible(dialog.client)
    assert not dialog.form.isRowVisible(dialog.number)
    blocked(dialog, "Choose the client.")
    choose(dialog.client, "Padaria Pão Quente Ltda")
    await loaded(dialog)
    blocked(dialog, "Choose the contact.")
    assert labels(dialog.contact) == [
        "João da Silva (5511987650001)",
        "Luíza Gonçalves (5511987650006)",
    ]
    choose(dialog.contact, "João da Silva")
    blocked(dialog, "Choose the integration.")
    assert not dialog.template.isVisibleTo(dialog)  # the message depends on it
    dialog.integration.select_value(WHATSAPP_CLOUD)
    await loaded(dialog)
    blocked(dialog, "Choose the department.")
    dialog.department.select_value(SUPORTE)
    # Only the approved template is offered, and chosen since it is the only one.
    assert not dialog.template.group.isVisibleTo(dialog)
    assert [t.name for t in dialog.template.templates()] == ["retomar_atendimento"]
    blocked(dialog, "Fill in the variable {{1}} of the template.")
    first, second = dialog.template.variable_fields()
    first.setText("João")
    blocked(dialog, "Fill in the variable {{2}} of the template.")
    second.setText("seu pedido")
    ready(dialog)
    assert "Olá João, estamos retomando seu atendimento sobre seu pedido." in (
        dialog.template.preview.toPlainText()
    )
    shot(dialog, "new-chat-cloud")
    dialog.ok.click()
    await eventually(lambda: got, what="the chat started")
    created: NewChatOut = got[0]
    assert created.chat.origin is Origin.WHATSAPP_CLOUD
    assert created.chat.requestor is not None
    assert created.chat.requestor.name == "João da Silva"
    assert created.chat.client is not None
    assert created.chat.client.name == "Padaria Pão Quente Ltda"
    assert created.chat.department is not None
    assert created.chat.department.id == SUPORTE
    assert created.message.text == "Olá João, estamos retomando seu atendimento sobre seu pedido."

    # The same contact again on the same integration: refused inline, nothing lost.
    again, again_got = await _new_chat(qtbot, admin)
    choose(again.client, "Padaria")
    await loaded(again)
    choose(again.contact, "João da Silva")
    again.integration.select_value(WHATSAPP_CLOUD)
    await loaded(again)
    again.department.select_value(SUPORTE)
    for field, value in zip(again.template.variable_fields(), ("João", "x"), strict=True):
        field.setText(value)
    again.ok.click()
    await eventually(lambda: again.banner.isVisible(), what="the refusal")
    assert again.banner.label.text() == (
        "This contact already has an open chat on this integration."
    )
    assert again.isVisible()
    assert again_got == []
    assert again.template.parameters() == ["João", "x"]
    assert again.ok.isEnabled()  # fix something and try again
    shot(again, "new-chat-refused")


async def test_new_chat_typed_by_hand_on_gupshup_with_template_group_and_hsm(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    dialog, got = await _new_chat(qtbot, admin)
    dialog.manual.click()
    assert dialog.form.isRowVisible(dialog.number)
    assert not dialog.form.isRowVisible(dialog.client)
    blocked(dialog, "Enter the number with its area code (8 to 15 digits).")
    qtbot.keyClicks(dialog.number, "123")
    blocked(dialog, "Enter the number with its area code (8 to 15 digits).")
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "(48) 99999-0001")
    blocked(dialog, "Enter the contact's name.")
    qtbot.keyClicks(dialog.name, "Cliente Novo")
    blocked(dialog, "Choose the integration.")
    dialog.integration.select_value(GUPSHUP)
    await loaded(dialog)
    dialog.department.select_value(VENDAS)
    # Gupshup: the template group first, then its HSM templates.
    assert dialog.template.group.isVisibleTo(dialog)
    assert dialog.template.template_label.text() == "HSM &template"
    assert labels(dialog.template.group) == ["MARKETING", "UTILITY"]  # type: ignore[arg-type]
    blocked(dialog, "Choose the template group.")
    dialog.template.group.setCurrentIndex(dialog.template.group.findData("UTILITY"))
    assert dialog.template.current() is not None
    assert dialog.template.current().name == "retorno_orcamento"  # type: ignore[union-attr]
    blocked(dialog, "Fill in the variable {{1}} of the template.")
    first, second = dialog.template.variable_fields()
    qtbot.keyClicks(first, "Cliente Novo")
    qtbot.keyClicks(second, "123")
    ready(dialog)
    shot(dialog, "new-chat-gupshup")
    # Enter is OK.
    qtbot.keyClick(second, Qt.Key.Key_Return)
    await eventually(lambda: got, what="the chat started")
    created: NewChatOut = got[0]
    assert created.chat.origin is Origin.GUPSHUP
    assert created.chat.requestor is not None
    assert created.chat.requestor.name == "Cliente Novo"
    assert created.chat.client is None
    assert created.message.text == "Olá Cliente Novo, seu orçamento 123 está pronto."
    assert created.message.template_id == dialog.template.current().id  # type: ignore[union-attr]


async def test_new_chat_from_a_closed_chat_starts_filled_in_for_that_contact(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    http = live.attendant(ADMIN)

    def start(body: dict[str, Any]) -> int:
        response = http.post("/chats/send_message", json=body)
        assert response.status_code == 201, response.text
        chat_id = int(response.json()["chat"]["id"])
        assert http.put(f"/chats/{chat_id}/archive").status_code == 202
        return chat_id

    registered = start(
        {
            "number": "5521987650002",
            "integration_id": GUPSHUP,
            "template_id": 2,
            "parameters": ["Mariana", "42"],
            "department_id": VENDAS,
        }
    )
    unregistered = start(
        {
            "number": "5548911112222",
            "name": "Visitante Sem Cadastro",
            "integration_id": WHATSAPP_CLOUD,
            "template_id": 3,
            "parameters": ["a", "b"],
            "department_id": SUPORTE,
        }
    )

    async def closed(chat_id: int) -> ChatEntry | None:
        entry = await admin.chats.chat(chat_id)
        return entry if entry and entry.chat.archived else None

    entry = await eventually(lambda: closed(registered), what="Encerrados has it")
    dialog, _ = await _new_chat(qtbot, admin, entry)
    await loaded(dialog)
    assert dialog.pick.isChecked()
    assert dialog.client.currentText() == "Construtora Horizonte"
    assert dialog.contact.currentText() == "Mariana Costa (5521987650002)"
    assert dialog.integration.value() == GUPSHUP
    assert dialog.department.value() == VENDAS
    blocked(dialog, "Choose the template group.")  # what is left is the message
    shot(dialog, "new-chat-prefilled")

    entry = await eventually(lambda: closed(unregistered), what="Encerrados has it")
    dialog, _ = await _new_chat(qtbot, admin, entry)
    assert dialog.manual.isChecked()
    assert dialog.number.text() == "5548911112222"
    assert dialog.name.text() == "Visitante Sem Cadastro"
    assert dialog.integration.value() == WHATSAPP_CLOUD
    assert dialog.department.value() == SUPORTE


async def test_a_dialog_says_when_the_service_cannot_be_reached_and_retry_loads(
    qtbot, live: Live, attendants, tmp_path: Path
) -> None:
    network = CuttableTransport()
    session = await Session.sign_in(
        Machine(tmp_path / "cut").env(network), live.base_url, ADMIN, DEMO_PASSWORD
    )
    attendants.opened.append(session)
    await session.start()
    await eventually(lambda: session.connection is ConnectionState.ONLINE, what="synced")
    network.cut = True
    dialog, _ = await _new_chat(qtbot, session)
    await eventually(lambda: dialog.banner.isVisible(), timeout=20, what="the error")
    assert "cannot be reached" in dialog.banner.label.text()
    assert dialog.banner.action.text() == "&Retry"
    blocked(dialog, "Some choices could not be loaded: try again.")
    shot(dialog, "new-chat-unreachable")
    network.cut = False
    dialog.banner.action.click()
    await loaded(dialog)
    assert not dialog.banner.isVisible()
    assert "Padaria Pão Quente Ltda" in labels(dialog.client)
    blocked(dialog, "Choose the client.")


# --- template past the 24-hour window -------------------------------------------------------


async def test_send_template_validates_and_queues_the_approved_template(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    created = await admin.tickets.start_chat(
        SendMessageIn(
            number="5531987650003",
            integration_id=WHATSAPP_CLOUD,
            template_id=3,
            parameters=["Paulo", "exames"],
            department_id=SUPORTE,
        )
    )
    entry = await eventually(lambda: admin.chats.chat(created.chat.id), what="cached")
    dialog = SendTemplateDialog(admin.composer, admin.lookups, Tasks(), entry)
    sent: list[Any] = []
    dialog.sent.connect(sent.append)
    shown(qtbot, dialog)
    await loaded(dialog)
    assert [t.name for t in dialog.template.templates()] == ["retomar_atendimento"]
    blocked(dialog, "Fill in the variable {{1}} of the template.")
    for field, value in zip(dialog.template.variable_fields(), ("Paulo", "o laudo"), strict=True):
        field.setText(value)
    ready(dialog)
    assert dialog.template.preview.toPlainText().startswith("Atendimento\n\nOlá Paulo")
    shot(dialog, "send-template")
    dialog.ok.click()
    await eventually(lambda: sent, what="queued")
    item: OutboxItem = sent[0]
    assert item.template_id == 3
    assert item.parameters == ("Paulo", "o laudo")
    assert dialog.result() == QDialog.DialogCode.Accepted

    async def delivered() -> bool:
        return not await admin.composer.pending(created.chat.id)

    await eventually(delivered, what="the service has the template")


async def test_send_template_is_refused_on_a_chat_that_is_not_mine(
    qtbot, live: Live, attendants
) -> None:
    admin = await online(attendants, ADMIN)
    chat_id = await waiting_chat(live, admin, "Cliente Widget")
    entry = await admin.chats.chat(chat_id)
    assert entry is not None
    dialog = SendTemplateDialog(admin.composer, admin.lookups, Tasks(), entry)
    shown(qtbot, dialog)
    await loaded(dialog)
    blocked(dialog, refusal_text(Refusal.NOT_RESPONSIBLE))
