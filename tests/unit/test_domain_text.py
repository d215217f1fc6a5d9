"""Accent- and case-insensitive text matching, shared by the service and the app."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiflux_desktop.domain import fold, folded_contains

# ---------------------------------------------------------------------------
# fold
# ---------------------------------------------------------------------------


def test_fold_removes_accents_and_case() -> None:
    assert fold("João AÇÃO") == "joao acao"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Atenção", "atencao"),
        ("ÁÉÍÓÚ âêô ãõ à ü ç", "aeiou aeo ao a u c"),
        ("São Paulo", "sao paulo"),
        ("Straße", "strasse"),  # casefold, not just lower
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),  # compatibility forms
        ("", ""),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_collapses_and_trims_whitespace() -> None:
    assert fold("  Olá \n\t  Mundo  ") == "ola mundo"
    assert fold("a\u00a0b") == "a b"  # no-break space from pasted text
    assert fold("   ") == ""


def test_fold_treats_composed_and_decomposed_accents_alike() -> None:
    assert fold("ação") == fold("ac\u0327a\u0303o") == "acao"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_output_has_no_upper_case_or_outer_whitespace(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded.casefold() == folded


# ---------------------------------------------------------------------------
# folded_contains
# ---------------------------------------------------------------------------


def test_unaccented_lower_case_query_finds_accented_text() -> None:
    assert folded_contains("Ação do João", "joao acao")


def test_accented_query_finds_unaccented_text() -> None:
    assert folded_contains("acao do joao", "AÇÃO João")


def test_word_order_does_not_matter() -> None:
    assert folded_contains("Ação do João", "acao joao")
    assert folded_contains("Ação do João", "joao acao")


def test_every_word_must_occur() -> None:
    assert not folded_contains("Ação do João", "joao maria")


def test_words_match_inside_longer_words() -> None:
    assert folded_contains("Atendimento finalizado", "atend final")


def test_query_whitespace_is_ignored() -> None:
    assert folded_contains("Ação do João", "  joao   \n acao ")


def test_none_haystack_never_matches() -> None:
    assert not folded_contains(None, "joao")
    assert not folded_contains(None, "")


@pytest.mark.parametrize("needle", ["", "   "])
def test_empty_query_matches_any_text(needle: str) -> None:
    assert folded_contains("qualquer coisa", needle)
    assert folded_contains("", needle)


@given(st.text(min_size=1))
def test_text_contains_itself(text: str) -> None:
    assert folded_contains(text, text)


@given(st.text(min_size=1))
def test_text_contains_its_folded_form(text: str) -> None:
    assert folded_contains(text, fold(text))
