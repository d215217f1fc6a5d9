"""The chatbot triage end to end: a new customer chat starts in triage, the bot greets and
asks for a department, and the answer routes the chat (or ends it)."""

from __future__ import annotations

from dataclasses import replace
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
    Customer,
    Live,
    make_config,
)
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.config import ServiceConfig, TriageConfig

TABS = ("inbox", "mine", "in_attendance", "archived")
QUESTION = "Em que podemos ajudar-lhe"
INVALID = "Não entendi sua resposta. Por favor, escolha uma das opções."


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def listed(client: httpx.Client, tab: str) -> list[int]:
    response = client.get(f"/chats/{tab}")
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()]


def everywhere(client: httpx.Client) -> dict[str, list[int]]:
    return {tab: listed(client, tab) for tab in TABS}


def messages(client: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/chats/{chat_id}/messages", params={"limit": 200})
    assert response.status_code == 200, response.text
    return list(response.json())


def bot_texts(client: httpx.Client, chat_id: int) -> list[str]:
    return [m["text"] for m in messages(client, chat_id) if m["author"]["type"] == "system"]


def start(live: Live, name: str = "Maria Teste") -> tuple[int, Customer]:
    customer = live.customer(name=name)
    sent = customer.say("Olá, preciso de ajuda")
    assert sent["chat_status"] == "triage"
    return int(sent["chat_id"]), customer


def test_a_new_customer_chat_starts_in_triage_visible_to_every_attendant(live: Live) -> None:
    attendants = [live.attendant(email) for email in (ADMIN, ANA, BRUNO, CARLA)]
    chat_id, customer = start(live)

    for attendant in attendants:
        chat = ok(attendant.get(f"/chats/{chat_id}"))
        assert chat["status"] == "triage"
        assert chat["department"] is None
        assert chat["responsible"] is None
        assert chat["started_by"] == "Client"
        assert chat["origin"] == "site_widget"
        assert chat["requestor"]["id"] == customer.contact_id
        assert everywhere(attendant) == {
            "inbox": [],
            "mine": [],
            "in_attendance": [chat_id],
            "archived": [],
        }
        assert ok(attendant.get("/chats/counts")) == {
            "inbox": 0,
            "mine": 0,
            "in_attendance": 1,
            "archived": 0,
        }
    triage_only = attendants[1].get("/chats/in_attendance", params={"status": "triage"})
    assert [c["id"] for c in triage_only.json()] == [chat_id]


def test_the_bot_greets_under_its_name_with_the_department_menu(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = start(live)

    found = messages(ana, chat_id)

    assert [m["author"]["type"] for m in found] == ["client", "system", "system"]
    assert found[0]["text"] == "Olá, preciso de ajuda"
    greeting, menu = found[1], found[2]
    for message in (greeting, menu):
        assert message["author"]["name"] == live.config.bot_name
        assert message["author"]["id"] is None
        assert message["internal"] is False
    assert greeting["text"] == live.config.triage.greeting
    lines = menu["text"].splitlines()
    assert lines[0] == QUESTION
    assert lines[1:] == ["1 – Suporte", "2 – Vendas", "3 – Financeiro", "0 – Sair"]
    seen = customer.inbox()
    assert [m["text"] for m in seen] == [m["text"] for m in found]
    assert [m["author"] for m in seen[1:]] == [{"type": "system", "name": live.config.bot_name}] * 2


def test_choosing_suporte_by_number_or_name_lands_in_its_inbox(live: Live) -> None:
    ana = live.attendant(ANA)
    routed: list[int] = []
    for answer in ("1", "suporte", "Suporte", " 1 - Suporte "):
        chat_id, customer = start(live, f"Cliente {answer.strip()}")
        customer.inbox()

        sent = customer.say(answer)

        assert sent["chat_status"] == "waiting_attendance", answer
        chat = ok(ana.get(f"/chats/{chat_id}"))
        assert chat["status"] == "waiting_attendance"
        assert chat["department"] == {"id": SUPORTE, "name": "Suporte"}
        assert chat["last_department"] == {"id": SUPORTE, "name": "Suporte"}
        assert chat["responsible"] is None
        replies = [m["text"] for m in customer.inbox()]
        assert replies[1:] == ["Selecionado Suporte", live.config.triage.queued]
        assert bot_texts(ana, chat_id)[-2:] == ["Selecionado Suporte", live.config.triage.queued]
        routed.append(chat_id)
    assert listed(ana, "inbox") == routed  # oldest waiting first


def test_other_options_route_to_their_departments(live: Live) -> None:
    admin = live.attendant(ADMIN)
    for answer, department in (
        ("2", (VENDAS, "Vendas")),
        ("financeiro", (FINANCEIRO, "Financeiro")),
    ):
        chat_id, customer = start(live, f"Cliente {answer}")

        customer.say(answer)

        chat = ok(admin.get(f"/chats/{chat_id}"))
        assert chat["department"] == {"id": department[0], "name": department[1]}
        assert bot_texts(admin, chat_id)[-2] == f"Selecionado {department[1]}"


class TestInvalidAnswers:
    @pytest.fixture
    def service_config(self, tmp_path: Path) -> ServiceConfig:
        # A fallback other than option 1, so landing there can only be the fallback.
        return make_config(
            tmp_path,
            triage=replace(TriageConfig(), max_repetitions=2, fallback_department="Financeiro"),
        )

    def test_invalid_answers_repeat_the_question_then_fall_back(self, live: Live) -> None:
        carla = live.attendant(CARLA)
        chat_id, customer = start(live)
        customer.inbox()

        for attempt in range(live.config.triage.max_repetitions):
            sent = customer.say(f"quero falar com alguém {attempt}")
            assert sent["chat_status"] == "triage"
            replies = [m["text"] for m in customer.inbox()]
            assert replies[1] == INVALID
            assert replies[2].splitlines()[0] == QUESTION
            assert ok(carla.get(f"/chats/{chat_id}"))["department"] is None

        sent = customer.say("??")

        assert sent["chat_status"] == "waiting_attendance"
        chat = ok(carla.get(f"/chats/{chat_id}"))
        assert chat["department"] == {"id": FINANCEIRO, "name": "Financeiro"}
        assert listed(carla, "inbox") == [chat_id]
        assert [m["text"] for m in customer.inbox()][1:] == [live.config.triage.queued]
        assert bot_texts(carla, chat_id).count(INVALID) == live.config.triage.max_repetitions

    def test_a_valid_answer_after_an_invalid_one_still_routes(self, live: Live) -> None:
        ana = live.attendant(ANA)
        chat_id, customer = start(live)

        assert customer.say("produtos?")["chat_status"] == "triage"
        assert customer.say("1")["chat_status"] == "waiting_attendance"

        assert ok(ana.get(f"/chats/{chat_id}"))["department"]["id"] == SUPORTE


def test_answering_zero_ends_the_chat(live: Live) -> None:
    ana = live.attendant(ANA)
    chat_id, customer = start(live)
    customer.inbox()

    sent = customer.say("0")

    assert sent["chat_status"] == "finished"
    chat = ok(ana.get(f"/chats/{chat_id}"))
    assert chat["status"] == "finished"
    assert chat["archived"] is True
    assert chat["canceled"] is False
    assert chat["finished_at"] is not None
    assert [m["text"] for m in customer.inbox()][1:] == [live.config.triage.farewell]
    assert everywhere(ana) == {"inbox": [], "mine": [], "in_attendance": [], "archived": [chat_id]}
    again = customer.say("Oi de novo")
    assert int(again["chat_id"]) != chat_id
    assert again["chat_status"] == "triage"


def test_after_routing_to_suporte_vendas_loses_sight_of_the_chat(live: Live) -> None:
    ana, bruno = live.attendant(ANA), live.attendant(BRUNO)
    chat_id, customer = start(live)
    assert listed(bruno, "in_attendance") == [chat_id]

    customer.say("1")

    assert everywhere(bruno) == {tab: [] for tab in TABS}
    forbidden = bruno.get(f"/chats/{chat_id}")
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == ErrorCode.NO_PERMISSION.value
    assert bruno.get(f"/chats/{chat_id}/messages").status_code == 403
    assert ok(bruno.get("/chats/counts")) == dict.fromkeys(TABS, 0)
    assert listed(ana, "inbox") == [chat_id]

    # And the other way round: a Vendas chat is Bruno's, not Ana's.
    other, other_customer = start(live, "Outro Cliente")
    other_customer.say("2")
    assert listed(bruno, "inbox") == [other]
    assert listed(ana, "inbox") == [chat_id]
    assert ana.get(f"/chats/{other}").status_code == 403
