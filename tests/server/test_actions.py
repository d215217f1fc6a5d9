"""What attendants do to a chat: assume (and the race for it), transfer, leave, finish, cancel,
link a ticket, and how the tabs and their counts follow each action."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from support import (
    ADMIN,
    ANA,
    BRUNO,
    CARLA,
    FINANCEIRO,
    SUPORTE,
    VENDAS,
    Live,
    make_config,
)
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.config import ServiceConfig

ADMIN_ID, ANA_ID, BRUNO_ID, CARLA_ID = 1, 2, 3, 4
GREETING = "Olá, meu nome é {} e serei o responsável pelo seu atendimento!"
TABS = ("inbox", "mine", "in_attendance", "archived")


def expect_error(response: httpx.Response, status: int, code: ErrorCode) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code.value, body
    assert body["message"]
    return body


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def listed(client: httpx.Client, tab: str, **params: Any) -> list[int]:
    response = client.get(f"/chats/{tab}", params=params)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()]


def everywhere(client: httpx.Client) -> dict[str, list[int]]:
    return {tab: listed(client, tab) for tab in TABS}


def counts(client: httpx.Client) -> dict[str, int]:
    return ok(client.get("/chats/counts"))


def messages(client: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/chats/{chat_id}/messages", params={"limit": 200})
    assert response.status_code == 200, response.text
    return list(response.json())


def suporte_chat(live: Live, name: str = "Cliente Teste") -> int:
    """A chat waiting in Suporte's inbox."""
    return live.customer(name=name).open_chat("1")


def taken_by_ana(live: Live, ana: httpx.Client) -> int:
    chat_id = suporte_chat(live)
    ok(ana.put(f"/chats/{chat_id}/assume"))
    return chat_id


# --- assume -------------------------------------------------------------------------------


def test_assume_posts_the_greeting_and_waits_for_the_client(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(name="Maria Teste")
    chat_id = customer.open_chat("1")

    chat = ok(ana.put(f"/chats/{chat_id}/assume"))

    assert chat["responsible"] == {"id": ANA_ID, "name": "Ana Souza"}
    assert chat["status"] == "waiting_client"
    assert chat["assumed_at"] is not None
    assert chat["department"]["id"] == SUPORTE
    greeting = GREETING.format("Ana Souza")
    last = messages(ana, chat_id)[-1]
    assert last["text"] == greeting
    assert last["author"] == {"type": "attendant", "id": ANA_ID, "name": "Ana Souza"}
    assert last["internal"] is False
    assert greeting in [m["text"] for m in customer.inbox()]
    assert listed(ana, "mine") == [chat_id]
    assert listed(ana, "inbox") == []
    assert ok(ana.get(f"/chats/{chat_id}")) == chat


def test_an_offline_attendant_cannot_assume(live: Live) -> None:
    ana = live.attendant(ANA, online=False)
    chat_id = suporte_chat(live)

    expect_error(ana.put(f"/chats/{chat_id}/assume"), 409, ErrorCode.NOT_ONLINE)

    chat = ok(ana.get(f"/chats/{chat_id}"))
    assert chat["responsible"] is None
    assert chat["status"] == "waiting_attendance"
    assert listed(ana, "inbox") == [chat_id]
    assert ok(ana.put("/me/status", json={"online": True}))
    assert ok(ana.put(f"/chats/{chat_id}/assume"))["responsible"]["id"] == ANA_ID


def _race(first: httpx.Client, second: httpx.Client, chat_id: int) -> list[httpx.Response]:
    """Both attendants click Assumir on the same chat at the same moment."""
    barrier = threading.Barrier(2)

    def click(client: httpx.Client) -> httpx.Response:
        barrier.wait(timeout=10)
        return client.put(f"/chats/{chat_id}/assume")

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(click, first), pool.submit(click, second)]
        return [f.result(timeout=30) for f in futures]


def test_two_attendants_assuming_the_same_chat_exactly_one_wins(live: Live) -> None:
    people = {
        ADMIN_ID: ("ADMINISTRADOR", live.attendant(ADMIN)),
        ANA_ID: ("Ana Souza", live.attendant(ANA)),
        CARLA_ID: ("Carla Mendes", live.attendant(CARLA)),
    }
    for round_ in range(20):
        pair = (ADMIN_ID, ANA_ID) if round_ % 2 == 0 else (ANA_ID, CARLA_ID)
        chat_id = suporte_chat(live, name=f"Cliente {round_}")

        answers = _race(people[pair[0]][1], people[pair[1]][1], chat_id)

        assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
        won = 0 if answers[0].status_code == 200 else 1
        winner_id = pair[won]
        winner_name = people[winner_id][0]
        loser = expect_error(answers[1 - won], 409, ErrorCode.ALREADY_TAKEN)
        assert winner_name in loser["message"]
        assert loser["details"]["responsible"] == {"id": winner_id, "name": winner_name}
        chat = ok(people[ANA_ID][1].get(f"/chats/{chat_id}"))
        assert chat["responsible"]["id"] == winner_id
        greetings = [
            m for m in messages(people[ANA_ID][1], chat_id) if m["author"]["type"] == "attendant"
        ]
        assert [m["text"] for m in greetings] == [GREETING.format(winner_name)]


def test_take_over_moves_a_chat_another_attendant_holds(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    customer = live.customer(name="Maria Teste")
    chat_id = customer.open_chat("1")
    ok(ana.put(f"/chats/{chat_id}/assume"))

    refusal = expect_error(carla.put(f"/chats/{chat_id}/assume"), 409, ErrorCode.ALREADY_TAKEN)
    assert "Ana Souza" in refusal["message"]
    chat = ok(carla.put(f"/chats/{chat_id}/assume", json={"take_over": True}))

    assert chat["responsible"] == {"id": CARLA_ID, "name": "Carla Mendes"}
    assert chat["status"] == "waiting_client"
    assert listed(carla, "mine") == [chat_id]
    assert listed(ana, "mine") == []
    assert chat_id in listed(ana, "in_attendance")
    notes = [m["text"] for m in messages(carla, chat_id) if m["author"]["type"] == "system"]
    assert "Carla Mendes assumiu o atendimento de Ana Souza" in notes
    assert GREETING.format("Carla Mendes") in [m["text"] for m in customer.inbox()]


def test_assuming_a_chat_already_yours_is_a_conflict(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id = taken_by_ana(live, ana)
    before = messages(ana, chat_id)

    expect_error(ana.put(f"/chats/{chat_id}/assume"), 409, ErrorCode.CONFLICT)
    expect_error(
        ana.put(f"/chats/{chat_id}/assume", json={"take_over": True}), 409, ErrorCode.CONFLICT
    )

    assert messages(ana, chat_id) == before  # no second greeting


def test_a_vendas_attendant_has_no_access_to_a_suporte_chat(live: Live) -> None:
    ana, bruno = live.attendant(ANA), live.attendant(BRUNO)
    waiting = suporte_chat(live, "Na fila")
    taken = taken_by_ana(live, ana)

    assert everywhere(bruno) == {tab: [] for tab in TABS}
    assert counts(bruno) == dict.fromkeys(TABS, 0)
    for chat_id in (waiting, taken):
        expect_error(bruno.get(f"/chats/{chat_id}"), 403, ErrorCode.NO_PERMISSION)
        expect_error(bruno.get(f"/chats/{chat_id}/messages"), 403, ErrorCode.NO_PERMISSION)
        for take_over in (False, True):
            expect_error(
                bruno.put(f"/chats/{chat_id}/assume", json={"take_over": take_over}),
                403,
                ErrorCode.NO_PERMISSION,
            )
        expect_error(
            bruno.put(f"/chats/{chat_id}", json={"department_id": VENDAS}),
            403,
            ErrorCode.NO_PERMISSION,
        )
        expect_error(
            bruno.put(f"/chats/{chat_id}", json={"user_id": BRUNO_ID}), 403, ErrorCode.NO_PERMISSION
        )
        expect_error(bruno.put(f"/chats/{chat_id}/archive"), 403, ErrorCode.NO_PERMISSION)
        expect_error(bruno.put(f"/chats/{chat_id}/cancel"), 403, ErrorCode.NO_PERMISSION)
        expect_error(bruno.put(f"/chats/{chat_id}/leave"), 403, ErrorCode.NO_PERMISSION)

    assert ok(ana.get(f"/chats/{waiting}"))["status"] == "waiting_attendance"
    chat = ok(ana.get(f"/chats/{taken}"))
    assert (chat["status"], chat["responsible"]["id"]) == ("waiting_client", ANA_ID)


# --- transfer -----------------------------------------------------------------------------


def test_transfer_to_a_department_returns_the_chat_to_its_inbox(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id = suporte_chat(live)
    ok(carla.put(f"/chats/{chat_id}/assume"))
    assert chat_id in listed(ana, "in_attendance")

    chat = ok(carla.put(f"/chats/{chat_id}", json={"department_id": FINANCEIRO}))

    assert chat["department"] == {"id": FINANCEIRO, "name": "Financeiro"}
    assert chat["last_department"] == {"id": FINANCEIRO, "name": "Financeiro"}
    assert chat["responsible"] is None
    assert chat["status"] == "waiting_attendance"
    assert listed(carla, "inbox") == [chat_id]
    assert listed(carla, "mine") == []
    # Ana (Suporte only) lost sight of it.
    assert everywhere(ana) == {tab: [] for tab in TABS}
    expect_error(ana.get(f"/chats/{chat_id}"), 403, ErrorCode.NO_PERMISSION)
    notes = [m["text"] for m in messages(carla, chat_id) if m["author"]["type"] == "system"]
    assert "Transferido para o departamento Financeiro por Carla Mendes" in notes


def test_transfer_to_an_unknown_department_is_not_found(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = suporte_chat(live)

    expect_error(
        admin.put(f"/chats/{chat_id}", json={"department_id": 999}), 404, ErrorCode.NOT_FOUND
    )
    expect_error(admin.put(f"/chats/{chat_id}", json={"user_id": 999}), 404, ErrorCode.NOT_FOUND)
    expect_error(admin.put(f"/chats/{chat_id}", json={}), 422, ErrorCode.VALIDATION)

    assert ok(admin.get(f"/chats/{chat_id}"))["department"]["id"] == SUPORTE


def test_transfer_to_an_attendant_with_access_to_the_department(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id = taken_by_ana(live, ana)

    chat = ok(ana.put(f"/chats/{chat_id}", json={"user_id": CARLA_ID}))

    assert chat["responsible"] == {"id": CARLA_ID, "name": "Carla Mendes"}
    assert chat["department"]["id"] == SUPORTE
    assert chat["status"] == "waiting_client"  # who owes a reply did not change
    assert listed(carla, "mine") == [chat_id]
    assert listed(ana, "mine") == []
    notes = [m["text"] for m in messages(carla, chat_id) if m["author"]["type"] == "system"]
    assert "Transferido para Carla Mendes por Ana Souza" in notes


def test_transfer_to_an_attendant_without_access_is_refused(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id = taken_by_ana(live, ana)
    waiting = suporte_chat(live, "Na fila")

    for target in (chat_id, waiting):
        body = expect_error(
            ana.put(f"/chats/{target}", json={"user_id": BRUNO_ID}), 403, ErrorCode.NO_PERMISSION
        )
        assert body["details"]["reason"] == "no_department_access"

    chat = ok(ana.get(f"/chats/{chat_id}"))
    assert (chat["responsible"]["id"], chat["department"]["id"]) == (ANA_ID, SUPORTE)
    assert ok(ana.get(f"/chats/{waiting}"))["responsible"] is None


def test_transfer_to_a_department_and_an_attendant_at_once(live: Live) -> None:
    ana, admin, bruno = live.attendant(ANA), live.attendant(ADMIN), live.attendant(BRUNO)
    waiting = suporte_chat(live, "Na fila")
    taken = taken_by_ana(live, ana)

    # Ana has no access to Vendas herself, so the admin moves these.
    expect_error(
        admin.put(f"/chats/{taken}", json={"department_id": VENDAS, "user_id": ANA_ID}),
        403,
        ErrorCode.NO_PERMISSION,
    )
    moved = ok(admin.put(f"/chats/{taken}", json={"department_id": VENDAS, "user_id": BRUNO_ID}))
    from_inbox = ok(
        admin.put(f"/chats/{waiting}", json={"department_id": VENDAS, "user_id": BRUNO_ID})
    )

    for chat in (moved, from_inbox):
        assert chat["department"] == {"id": VENDAS, "name": "Vendas"}
        assert chat["responsible"] == {"id": BRUNO_ID, "name": "Bruno Lima"}
        assert chat["assumed_at"] is not None
    assert moved["status"] == "waiting_client"
    assert from_inbox["status"] == "in_attendance"  # taken from the inbox: Bruno owes a reply
    assert sorted(listed(bruno, "mine")) == sorted([taken, waiting])
    assert everywhere(ana) == {tab: [] for tab in TABS}


# --- leave ----------------------------------------------------------------------------------


def test_only_the_responsible_can_leave_and_the_chat_goes_back_to_the_inbox(live: Live) -> None:
    ana, carla, admin = live.attendant(ANA), live.attendant(CARLA), live.attendant(ADMIN)
    waiting = suporte_chat(live, "Na fila")
    expect_error(ana.put(f"/chats/{waiting}/leave"), 409, ErrorCode.CONFLICT)
    chat_id = taken_by_ana(live, ana)

    expect_error(carla.put(f"/chats/{chat_id}/leave"), 403, ErrorCode.NO_PERMISSION)
    expect_error(admin.put(f"/chats/{chat_id}/leave"), 403, ErrorCode.NO_PERMISSION)
    chat = ok(ana.put(f"/chats/{chat_id}/leave"))

    assert chat["responsible"] is None
    assert chat["status"] == "waiting_attendance"
    assert chat["department"]["id"] == SUPORTE
    assert listed(ana, "mine") == []
    assert listed(ana, "inbox") == [waiting, chat_id]  # it waits again, since now
    notes = [m["text"] for m in messages(ana, chat_id) if m["author"]["type"] == "system"]
    assert notes[-1] == "Ana Souza saiu do atendimento"
    expect_error(ana.put(f"/chats/{chat_id}/leave"), 409, ErrorCode.CONFLICT)
    assert ok(carla.put(f"/chats/{chat_id}/assume"))["responsible"]["id"] == CARLA_ID


# --- finish, cancel -------------------------------------------------------------------------


def test_finish_archives_the_chat(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id = taken_by_ana(live, ana)

    expect_error(carla.put(f"/chats/{chat_id}/archive"), 403, ErrorCode.NO_PERMISSION)
    response = ana.put(f"/chats/{chat_id}/archive")

    chat = ok(response, 202)
    assert chat["status"] == "finished"
    assert chat["archived"] is True
    assert chat["canceled"] is False
    assert chat["finished_at"] is not None
    assert chat["responsible"]["id"] == ANA_ID  # kept for the reports
    assert listed(ana, "archived") == [chat_id]
    assert listed(ana, "archived", canceled="false") == [chat_id]
    assert listed(ana, "archived", canceled="true") == []
    assert listed(ana, "mine") == []
    assert listed(ana, "in_attendance") == []


def test_an_admin_can_finish_a_chat_someone_else_holds(live: Live) -> None:
    ana, admin = live.attendant(ANA), live.attendant(ADMIN)
    chat_id = taken_by_ana(live, ana)

    assert ok(admin.put(f"/chats/{chat_id}/archive"), 202)["status"] == "finished"


class TestFinishRequiresACatalogItem:
    @pytest.fixture
    def service_config(self, tmp_path: Path) -> ServiceConfig:
        return make_config(tmp_path, requires_catalog_item_on_finish=True)

    def test_finish_needs_an_existing_services_catalog_item(self, live: Live) -> None:
        ana = live.attendant(ANA)
        chat_id = taken_by_ana(live, ana)
        items = ok_list(ana.get("/desks/1/services-catalogs-items"))
        assert items

        expect_error(ana.put(f"/chats/{chat_id}/archive"), 422, ErrorCode.CATALOG_ITEM_REQUIRED)
        expect_error(
            ana.put(f"/chats/{chat_id}/archive", json={}), 422, ErrorCode.CATALOG_ITEM_REQUIRED
        )
        expect_error(
            ana.put(f"/chats/{chat_id}/archive", json={"services_catalogs_item_id": 99999}),
            404,
            ErrorCode.NOT_FOUND,
        )
        assert ok(ana.get(f"/chats/{chat_id}"))["status"] == "waiting_client"

        chat = ok(
            ana.put(
                f"/chats/{chat_id}/archive", json={"services_catalogs_item_id": items[0]["id"]}
            ),
            202,
        )
        assert chat["status"] == "finished"
        assert chat["finished_at"] is not None

    def test_cancel_needs_no_catalog_item(self, live: Live) -> None:
        ana = live.attendant(ANA)
        chat_id = taken_by_ana(live, ana)

        assert ok(ana.put(f"/chats/{chat_id}/cancel"))["status"] == "canceled"


def ok_list(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return list(response.json())


def test_cancel_closes_the_chat_at_once(live: Live) -> None:
    ana = live.attendant(ANA)
    taken = taken_by_ana(live, ana)
    spam = suporte_chat(live, "Spam")  # cancelled straight from Entrada
    finished = taken_by_ana(live, ana)
    ok(ana.put(f"/chats/{finished}/archive"), 202)

    for chat_id in (taken, spam):
        chat = ok(ana.put(f"/chats/{chat_id}/cancel"))
        assert chat["status"] == "canceled"
        assert chat["canceled"] is True
        assert chat["archived"] is True
        assert chat["finished_at"] is not None

    assert sorted(listed(ana, "archived", canceled="true")) == sorted([taken, spam])
    assert listed(ana, "archived", canceled="false") == [finished]
    assert sorted(listed(ana, "archived")) == sorted([taken, spam, finished])
    assert listed(ana, "inbox") == []
    assert listed(ana, "in_attendance") == []


def test_archived_chats_refuse_every_action(live: Live) -> None:
    ana, carla, admin = live.attendant(ANA), live.attendant(CARLA), live.attendant(ADMIN)
    finished = taken_by_ana(live, ana)
    ok(ana.put(f"/chats/{finished}/archive"), 202)
    canceled = taken_by_ana(live, ana)
    ok(ana.put(f"/chats/{canceled}/cancel"))
    ticket = create_ticket(ana)

    for chat_id in (finished, canceled):
        before = ok(ana.get(f"/chats/{chat_id}"))
        attempts = [
            ana.put(f"/chats/{chat_id}/assume"),
            carla.put(f"/chats/{chat_id}/assume"),
            admin.put(f"/chats/{chat_id}/assume", json={"take_over": True}),
            ana.put(f"/chats/{chat_id}/leave"),
            ana.put(f"/chats/{chat_id}/archive"),
            ana.put(f"/chats/{chat_id}/cancel"),
            ana.put(f"/chats/{chat_id}", json={"department_id": SUPORTE}),
            ana.put(f"/chats/{chat_id}", json={"user_id": CARLA_ID}),
            ana.put(f"/chats/{chat_id}", json={"ticket_number": ticket}),
            ana.post(f"/chats/{chat_id}/messages", json={"text": "Ainda aí?"}),
            carla.post(f"/chats/{chat_id}/messages", json={"text": "Nota", "internal": True}),
        ]
        for response in attempts:
            expect_error(response, 409, ErrorCode.ARCHIVED)
        assert ok(ana.get(f"/chats/{chat_id}")) == before


# --- tickets --------------------------------------------------------------------------------


def create_ticket(client: httpx.Client, title: str = "Sistema não abre") -> int:
    fields = {
        "title": title,
        "description": "Aberto a partir do chat",
        "client_id": "1",
        "desk_id": "1",
    }
    response = client.post("/tickets", files=[(k, (None, v)) for k, v in fields.items()])
    assert response.status_code == 201, response.text
    return int(response.json()["ticket"]["ticket_number"])


def test_link_a_ticket_to_the_chat(live: Live) -> None:
    ana, carla = live.attendant(ANA), live.attendant(CARLA)
    chat_id = taken_by_ana(live, ana)
    number = create_ticket(ana, "Impressora fiscal parada")

    expect_error(
        ana.put(f"/chats/{chat_id}", json={"ticket_number": 999_999}), 404, ErrorCode.NOT_FOUND
    )
    assert ok(ana.get(f"/chats/{chat_id}"))["ticket"] is None
    chat = ok(carla.put(f"/chats/{chat_id}", json={"ticket_number": number}))

    assert chat["ticket"] == {"number": number, "title": "Impressora fiscal parada"}
    assert chat["responsible"]["id"] == ANA_ID  # linking is not a transfer
    assert chat["status"] == "waiting_client"
    assert ok(ana.get(f"/chats/{chat_id}"))["ticket"]["number"] == number
    notes = [m["text"] for m in messages(ana, chat_id) if m["author"]["type"] == "system"]
    assert f"Ticket #{number} vinculado por Carla Mendes" in notes


# --- the customer comes back ------------------------------------------------------------


def test_a_customer_writing_after_the_chat_was_finished_opens_a_new_chat(live: Live) -> None:
    ana = live.attendant(ANA)
    customer = live.customer(name="Maria Teste")
    old = customer.open_chat("1")
    ok(ana.put(f"/chats/{old}/assume"))
    ok(ana.put(f"/chats/{old}/archive"), 202)
    customer.inbox()

    sent = customer.say("Oi, voltei com outra dúvida")

    new = int(sent["chat_id"])
    assert new != old
    assert sent["chat_status"] == "triage"
    assert ok(ana.get(f"/chats/{old}"))["status"] == "finished"
    chat = ok(ana.get(f"/chats/{new}"))
    assert (chat["status"], chat["responsible"], chat["department"]) == ("triage", None, None)
    assert chat["requestor"]["id"] == customer.contact_id
    bot = [m for m in customer.inbox() if m["author"]["type"] == "system"]
    assert bot
    assert bot[-1]["text"].startswith("Em que podemos ajudar-lhe")
    assert all(m["chat_id"] == new for m in bot)
    assert listed(ana, "in_attendance") == [new]
    assert listed(ana, "archived") == [old]


# --- counts -----------------------------------------------------------------------------------


def test_tab_counts_follow_each_action(live: Live) -> None:
    ana, bruno = live.attendant(ANA), live.attendant(BRUNO)
    zero = dict.fromkeys(TABS, 0)
    assert counts(ana) == zero

    customer = live.customer(name="Maria Teste")
    chat_id = int(customer.say("Olá")["chat_id"])
    triage = {"inbox": 0, "mine": 0, "in_attendance": 1, "archived": 0}
    assert counts(ana) == triage
    assert counts(bruno) == triage  # triage chats are everybody's

    customer.say("1")
    waiting = {"inbox": 1, "mine": 0, "in_attendance": 1, "archived": 0}
    assert counts(ana) == waiting
    assert counts(bruno) == zero

    ok(ana.put(f"/chats/{chat_id}/assume"))
    mine = {"inbox": 0, "mine": 1, "in_attendance": 1, "archived": 0}
    assert counts(ana) == mine

    ok(ana.put(f"/chats/{chat_id}/leave"))
    assert counts(ana) == waiting

    ok(ana.put(f"/chats/{chat_id}/assume"))
    assert counts(ana) == mine

    ok(ana.put(f"/chats/{chat_id}/archive"), 202)
    assert counts(ana) == {"inbox": 0, "mine": 0, "in_attendance": 0, "archived": 1}
    assert counts(bruno) == zero
    for tab, count in counts(ana).items():
        response = ana.get(f"/chats/{tab}")
        assert int(response.headers["X-Total-Items"]) == count
