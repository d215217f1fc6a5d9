"""Offline full-text search: accents and case ignored, every word a prefix, results in
relevance then recency order with the chat they belong to, and no input breaks it."""

from __future__ import annotations

import pytest

from tiflux_desktop.store import MATCH_END, MATCH_START, Cache, Store, fts_query
from wire_factories import chat, message


@pytest.fixture
async def filled(store: Store) -> Store:
    def write(cache: Cache) -> None:
        cache.put_chat(chat(1, requestor="João Conceição", client="Ação Social Ltda"))
        cache.put_chat(chat(2, requestor="Maria Antônia", client="Padaria Pão Quente"))
        cache.put_chat(chat(3, requestor="José", client="Oficina"))
        cache.put_message(message(1, 1, "Preciso de ajuda com uma ação judicial", minutes=1))
        cache.put_message(message(2, 2, "O boleto venceu ontem", minutes=2))
        cache.put_message(message(3, 2, "Segue o boleto atualizado", author="attendant", minutes=3))
        cache.put_message(message(4, 3, "Nota fiscal: boleto boleto boleto", minutes=0))
        cache.put_message(
            message(
                5,
                3,
                None,
                minutes=4,
                media={
                    "id": 9,
                    "content_type": "application/pdf",
                    "filename": "orçamento-março.pdf",
                    "size": 10,
                    "url": "/attachments/9",
                },
            )
        )

    await store.transaction(write)
    return store


async def test_words_typed_without_accents_find_accented_names(filled: Store) -> None:
    results = await filled.call(Cache.search, "joao acao")
    assert [h.entry.id for h in results.chats] == [1]
    results = await filled.call(Cache.search, "conceicao")
    assert [h.entry.id for h in results.chats] == [1]
    results = await filled.call(Cache.search, "ANTONIA pao")
    assert [h.entry.id for h in results.chats] == [2]


async def test_message_text_matches_with_accents_either_way(filled: Store) -> None:
    for query in ("acao", "ação", "AÇÃO judic"):
        results = await filled.call(Cache.search, query)
        assert [h.message.id for h in results.messages] == [1], query
    hit = (await filled.call(Cache.search, "acao")).messages[0]
    assert hit.entry.id == 1
    assert f"{MATCH_START}ação{MATCH_END}" in hit.snippet


async def test_prefixes_file_names_and_relevance_then_recency(filled: Store) -> None:
    results = await filled.call(Cache.search, "bol")
    # The message that says "boleto" three times is the most relevant; the other two tie
    # on relevance closely enough that the newer comes first.
    assert next(h.message.id for h in results.messages) == 4
    assert {h.message.id for h in results.messages} == {2, 3, 4}
    assert [h.message.id for h in (await filled.call(Cache.search, "orcamento")).messages] == [5]


async def test_a_name_and_words_of_the_conversation_find_the_message(filled: Store) -> None:
    results = await filled.call(Cache.search, "joao acao")
    assert [h.message.id for h in results.messages] == [1]  # "ação" in João's chat
    results = await filled.call(Cache.search, "padaria boleto")
    assert {h.message.id for h in results.messages} == {2, 3}  # the Padaria's chat only
    results = await filled.call(Cache.search, "maria xyz")
    assert results.messages == ()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(a b)",
        "a OR",
        "-boleto",
        "col:val",
        "(((",
        "^",
        "'; DROP TABLE chats; --",
        "",
    ],
)
async def test_no_input_is_read_as_query_syntax(filled: Store, query: str) -> None:
    results = await filled.call(Cache.search, query)  # never raises
    assert results.query == query
    assert await filled.call(Cache.chat, 1) is not None


def test_the_fts_query_quotes_every_word_as_a_prefix() -> None:
    assert fts_query("João  AÇÃO") == '"joao"* "acao"*'
    assert fts_query('a"b') == '"a"* "b"*'
    assert fts_query("  !!! ") is None
