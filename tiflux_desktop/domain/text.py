"""Accent- and case-insensitive text matching, shared by the service and the app."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form: fold("João AÇÃO") == "joao acao"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def folded_contains(haystack: str | None, needle: str) -> bool:
    """True when every word of ``needle`` occurs in ``haystack``, ignoring accents and case."""
    if haystack is None:
        return False
    folded = fold(haystack)
    return all(word in folded for word in fold(needle).split())
