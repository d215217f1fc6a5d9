"""The chatbot triage ("Triagem"): greeting, a menu of departments, invalid-answer repetition.

Pure functions of the flow's configuration and the chat's bot state, so the flow is tested
without a service; ``customers.py`` applies the steps to a chat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tiflux_desktop.domain import fold

from .config import TriageConfig, TriageOption


@dataclass(frozen=True, slots=True)
class BotStep:
    messages: list[str]
    state: dict[str, Any] = field(default_factory=dict[str, Any])
    department: str | None = None  # hand the chat to this department's inbox
    finished: bool = False  # the customer chose to leave: close the chat


def menu(flow: TriageConfig) -> str:
    lines = [flow.question]
    lines += [f"{option.key} – {option.label}" for option in flow.options]
    return "\n".join(lines)


def start(flow: TriageConfig) -> BotStep:
    return BotStep(messages=[flow.greeting, menu(flow)], state={"invalid": 0})


def match(flow: TriageConfig, answer: str) -> TriageOption | None:
    """The option the customer chose: its key ("1"), its name ("suporte"), or "1 - Suporte"."""
    text = fold(answer).strip(" .!-–")
    for option in flow.options:
        key = fold(option.key)
        label = fold(option.label)
        if text in (key, label) or text.startswith((f"{key} ", f"{key}-", f"{key}–")):
            return option
    return None


def answer(flow: TriageConfig, state: dict[str, Any], text: str) -> BotStep:
    option = match(flow, text)
    if option is not None and option.department is None:
        return BotStep(messages=[flow.farewell], finished=True)
    if option is not None:
        return BotStep(
            messages=[flow.selected.format(option=option.label), flow.queued],
            department=option.department,
        )
    invalid = int(state.get("invalid", 0)) + 1
    if invalid > flow.max_repetitions:
        return BotStep(messages=[flow.queued], department=flow.fallback_department)
    return BotStep(messages=[flow.invalid_answer, menu(flow)], state={"invalid": invalid})
