"""Offline search: with the service gone, names and words are found with or without their
accents, in any case, by the start of each word."""

from __future__ import annotations

import pytest

from core_support import RestartableService, Running, Sessions, eventually, ids
from support import ANA
from tiflux_desktop.domain import ChatFilters, SearchBy, Tab
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import MATCH_END, MATCH_START


@pytest.fixture
async def offline(service: RestartableService, sessions: Sessions) -> tuple[Running, int, int]:
    """Ana's app, with João's chat cached, after the service went away."""
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    joao = service.live.customer(name="João Conceição")
    sent = joao.say("Preciso de uma ação urgente")
    joao.say("1")  # Suporte
    other = service.live.customer(name="Maria Silva")
    other.say("Bom dia")
    await eventually(lambda: sent["message_id"] in ana.appended_ids(), what="João's message")
    await service.astop()
    return ana, int(sent["chat_id"]), int(sent["message_id"])


async def test_names_and_words_are_found_without_accents_or_case(
    offline: tuple[Running, int, int],
) -> None:
    ana, chat_id, message_id = offline
    for typed in ("conceicao", "Conceição", "JOAO", "joão conc", "joao"):
        found = await ana.session.chats.search(typed)
        assert [h.entry.id for h in found.chats] == [chat_id], typed
    for typed in ("acao urgente", "açã", "AÇÃO", "urg", "preciso acao"):
        found = await ana.session.chats.search(typed)
        assert [(h.message.id, h.entry.id) for h in found.messages] == [(message_id, chat_id)]
        snippet = found.messages[0].snippet
        assert MATCH_START in snippet, typed
        assert MATCH_END in snippet, typed
    assert (await ana.session.chats.search("joana")).chats == ()
    # The lists' own filter (Pesquisar por: solicitante) reads the same, offline.
    for typed in ("joao conceicao", "CONCEIÇÃO"):
        listed = await ana.session.chats.tab(
            Tab.IN_ATTENDANCE, ChatFilters(q=typed, search_by=SearchBy.REQUESTOR)
        )
        assert ids(listed) == [chat_id], typed
    assert await ana.session.chats.tab(Tab.IN_ATTENDANCE, ChatFilters(q="joana")) == []


async def test_a_name_and_a_word_together_find_the_chat(
    offline: tuple[Running, int, int],
) -> None:
    """ "joao acao": João's chat, where "ação" was written."""
    ana, chat_id, _ = offline
    found = await ana.session.chats.search("joao acao")
    assert chat_id in {h.entry.id for h in found.chats} | {h.entry.id for h in found.messages}
