"""Hypothesis strategies for bad JSON: any value, and real payloads mutated (fields dropped,
added or retyped, huge strings, odd unicode, deep nesting, numbers out of range)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HUGE_NUMBERS = st.sampled_from(
    [2**63, -(2**63) - 1, 2**64, 10**30, -(10**30), 1e308, -1e308, 5e-324, 1.5, -1, 0]
)
ODD_TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 200_000,
            "😀" * 5_000,
            "\x00\x01\x1b[31m",
            "\u202etxt.exe",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "NaN",
            "9" * 5_000,
            "2026-11-20T12:00:00Z",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "true",
        ]
    ),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), HUGE_NUMBERS, ODD_TEXT)


def nested(depth: int) -> Any:
    value: Any = "deep"
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
JUNK = st.one_of(JSON, st.just(nested(50)))
# Deeper than any parser's recursion (and than json.dumps can write): raw text only.
DEEP_TEXTS = st.sampled_from(
    ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000, "[" * 5_000]
)


@st.composite
def mutated(draw: st.DrawFn, value: Any, rate: float = 0.2) -> Any:
    """``value`` with some of its parts dropped, retyped or replaced; the rest kept, so most
    examples get past the first check and reach the deeper ones."""
    if draw(st.floats(0, 1)) < rate:
        return draw(JUNK)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, child in value.items():  # pyright: ignore[reportUnknownVariableType]
            if draw(st.floats(0, 1)) < rate / 2:
                continue  # dropped
            out[str(key)] = draw(mutated(child, rate))  # pyright: ignore[reportUnknownArgumentType]
        if draw(st.floats(0, 1)) < rate / 2:
            out[draw(st.text(max_size=10))] = draw(JUNK)
        return out
    if isinstance(value, list):
        items: list[Any] = [draw(mutated(c, rate)) for c in value]  # pyright: ignore[reportUnknownVariableType]
        if items and draw(st.floats(0, 1)) < rate / 2:
            items = items + items  # duplicated
        return items
    return value
