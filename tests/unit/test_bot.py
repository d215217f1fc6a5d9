"""The triage flow as pure steps: menu, matching answers, repetition, fallback, exit."""

from __future__ import annotations

import pytest

from tiflux_desktop.server import bot
from tiflux_desktop.server.config import TriageConfig

FLOW = TriageConfig(max_repetitions=2)


def test_start_greets_then_shows_the_menu() -> None:
    step = bot.start(FLOW)
    assert step.messages[0] == "Olá! Como posso te ajudar?"
    assert step.messages[1].splitlines() == [
        "Em que podemos ajudar-lhe",
        "1 – Suporte",
        "2 – Vendas",
        "3 – Financeiro",
        "0 – Sair",
    ]
    assert step.department is None
    assert not step.finished


@pytest.mark.parametrize(
    "answer", ["1", " 1 ", "suporte", "SUPORTE!", "1 - Suporte", "1 – suporte"]
)
def test_an_option_by_key_or_name_routes_to_its_department(answer: str) -> None:
    step = bot.answer(FLOW, {}, answer)
    assert step.department == "Suporte"
    assert step.messages[0] == "Selecionado Suporte"


def test_accents_do_not_matter_in_option_names() -> None:
    flow = TriageConfig(options=(bot.TriageOption("1", "Manutenção", "Suporte"),))
    assert bot.answer(flow, {}, "manutencao").department == "Suporte"


def test_zero_ends_the_flow() -> None:
    step = bot.answer(FLOW, {}, "0")
    assert step.finished
    assert step.department is None


def test_an_invalid_answer_repeats_the_question_then_falls_back() -> None:
    first = bot.answer(FLOW, {}, "quero falar com alguém")
    assert first.department is None
    assert first.messages == [FLOW.invalid_answer, bot.menu(FLOW)]
    second = bot.answer(FLOW, first.state, "??")
    assert second.department is None
    third = bot.answer(FLOW, second.state, "hã")
    assert third.department == FLOW.fallback_department
    assert third.messages == [FLOW.queued]


def test_numbers_that_merely_start_with_a_key_are_not_that_option() -> None:
    assert bot.match(FLOW, "10") is None
    assert bot.match(FLOW, "12345") is None
