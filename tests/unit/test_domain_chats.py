"""Chats: the tabs they are listed in, how messages move their status, list order (DESIGN.md 3)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_factories import ME, OTHER, SUPORTE, at, chat
from tiflux_desktop.domain import (
    AuthorType,
    Chat,
    ChatStatus,
    Tab,
    sort_key,
    status_after_message,
    tabs_for,
)
from tiflux_desktop.domain.rules import status_when_taken

# ---------------------------------------------------------------------------
# tabs_for: every status x responsible (me / someone else / nobody)
# ---------------------------------------------------------------------------

ENTRADA, MEUS, EM_ATENDIMENTO, ENCERRADOS = Tab.INBOX, Tab.MINE, Tab.IN_ATTENDANCE, Tab.ARCHIVED
NOBODY = None

TAB_TABLE: list[tuple[ChatStatus, int | None, frozenset[Tab]]] = [
    # triage: chatbot running, only Em atendimento, whoever is (still) named responsible
    (ChatStatus.TRIAGE, ME, frozenset({EM_ATENDIMENTO})),
    (ChatStatus.TRIAGE, OTHER, frozenset({EM_ATENDIMENTO})),
    (ChatStatus.TRIAGE, NOBODY, frozenset({EM_ATENDIMENTO})),
    # waiting_attendance: in the department inbox; never Meus, even with a stale responsible
    (ChatStatus.WAITING_ATTENDANCE, ME, frozenset({ENTRADA, EM_ATENDIMENTO})),
    (ChatStatus.WAITING_ATTENDANCE, OTHER, frozenset({ENTRADA, EM_ATENDIMENTO})),
    (ChatStatus.WAITING_ATTENDANCE, NOBODY, frozenset({ENTRADA, EM_ATENDIMENTO})),
    # taken: Meus only when mine
    (ChatStatus.IN_ATTENDANCE, ME, frozenset({MEUS, EM_ATENDIMENTO})),
    (ChatStatus.IN_ATTENDANCE, OTHER, frozenset({EM_ATENDIMENTO})),
    (ChatStatus.IN_ATTENDANCE, NOBODY, frozenset({EM_ATENDIMENTO})),
    (ChatStatus.WAITING_CLIENT, ME, frozenset({MEUS, EM_ATENDIMENTO})),
    (ChatStatus.WAITING_CLIENT, OTHER, frozenset({EM_ATENDIMENTO})),
    (ChatStatus.WAITING_CLIENT, NOBODY, frozenset({EM_ATENDIMENTO})),
    # closed: only Encerrados, even if I was the responsible
    (ChatStatus.FINISHED, ME, frozenset({ENCERRADOS})),
    (ChatStatus.FINISHED, OTHER, frozenset({ENCERRADOS})),
    (ChatStatus.FINISHED, NOBODY, frozenset({ENCERRADOS})),
    (ChatStatus.CANCELED, ME, frozenset({ENCERRADOS})),
    (ChatStatus.CANCELED, OTHER, frozenset({ENCERRADOS})),
    (ChatStatus.CANCELED, NOBODY, frozenset({ENCERRADOS})),
]


@pytest.mark.parametrize(
    ("status", "responsible", "expected"),
    TAB_TABLE,
    ids=[f"{s.value}-{ {ME: 'me', OTHER: 'other', None: 'nobody'}[r] }" for s, r, _ in TAB_TABLE],
)
def test_tabs_for_status_and_responsible(
    status: ChatStatus, responsible: int | None, expected: frozenset[Tab]
) -> None:
    assert tabs_for(chat(status=status, responsible=responsible), ME) == expected


def test_tab_table_covers_every_status_and_responsible() -> None:
    assert {(s, r) for s, r, _ in TAB_TABLE} == {
        (s, r) for s in ChatStatus for r in (ME, OTHER, NOBODY)
    }


@pytest.mark.parametrize("status", list(ChatStatus))
def test_every_active_status_is_in_em_atendimento_and_closed_ones_only_in_encerrados(
    status: ChatStatus,
) -> None:
    tabs = tabs_for(chat(status=status), ME)
    if status in (ChatStatus.FINISHED, ChatStatus.CANCELED):
        assert tabs == {Tab.ARCHIVED}
    else:
        assert Tab.IN_ATTENDANCE in tabs
        assert Tab.ARCHIVED not in tabs


def test_entrada_lists_only_waiting_attendance() -> None:
    in_entrada = {s for s in ChatStatus if Tab.INBOX in tabs_for(chat(status=s), ME)}
    assert in_entrada == {ChatStatus.WAITING_ATTENDANCE}


def test_meus_depends_on_who_asks() -> None:
    mine = chat(status=ChatStatus.IN_ATTENDANCE, responsible=ME)
    assert Tab.MINE in tabs_for(mine, ME)
    assert Tab.MINE not in tabs_for(mine, OTHER)


def test_tabs_do_not_depend_on_department() -> None:
    """Where a chat is listed is not a visibility rule (that is rules.can_see)."""
    for status in ChatStatus:
        with_department = chat(status=status, responsible=ME, department=SUPORTE)
        triage_like = chat(status=status, responsible=ME, department=None)
        assert tabs_for(with_department, ME) == tabs_for(triage_like, ME)


# ---------------------------------------------------------------------------
# status_after_message
# ---------------------------------------------------------------------------

TAKEN = (ChatStatus.IN_ATTENDANCE, ChatStatus.WAITING_CLIENT)
UNTAKEN = (
    ChatStatus.TRIAGE,
    ChatStatus.WAITING_ATTENDANCE,
    ChatStatus.FINISHED,
    ChatStatus.CANCELED,
)


@pytest.mark.parametrize("status", TAKEN)
def test_client_message_on_taken_chat_means_attendant_owes_a_reply(status: ChatStatus) -> None:
    assert status_after_message(status, AuthorType.CLIENT, False) is ChatStatus.IN_ATTENDANCE


@pytest.mark.parametrize("status", TAKEN)
def test_attendant_public_message_on_taken_chat_waits_for_client(status: ChatStatus) -> None:
    assert status_after_message(status, AuthorType.ATTENDANT, False) is ChatStatus.WAITING_CLIENT


@pytest.mark.parametrize("status", list(ChatStatus))
@pytest.mark.parametrize("author", list(AuthorType))
def test_internal_comment_never_changes_status(status: ChatStatus, author: AuthorType) -> None:
    assert status_after_message(status, author, True) is status


@pytest.mark.parametrize("status", list(ChatStatus))
@pytest.mark.parametrize("author", [AuthorType.SYSTEM, AuthorType.AI])
def test_bot_and_system_messages_never_change_status(
    status: ChatStatus, author: AuthorType
) -> None:
    assert status_after_message(status, author, False) is status


@pytest.mark.parametrize("status", UNTAKEN)
@pytest.mark.parametrize("author", [AuthorType.CLIENT, AuthorType.ATTENDANT])
def test_untaken_chat_status_unchanged_by_messages(status: ChatStatus, author: AuthorType) -> None:
    """Triage and inbox chats stay where they are; closed chats stay closed (a new message
    from the customer opens a new chat instead)."""
    assert status_after_message(status, author, False) is status


def test_conversation_alternates_between_the_two_taken_statuses() -> None:
    status = ChatStatus.IN_ATTENDANCE
    steps = [
        (AuthorType.ATTENDANT, False, ChatStatus.WAITING_CLIENT),
        (AuthorType.ATTENDANT, True, ChatStatus.WAITING_CLIENT),  # internal comment
        (AuthorType.SYSTEM, False, ChatStatus.WAITING_CLIENT),
        (AuthorType.CLIENT, False, ChatStatus.IN_ATTENDANCE),
        (AuthorType.CLIENT, False, ChatStatus.IN_ATTENDANCE),
        (AuthorType.ATTENDANT, False, ChatStatus.WAITING_CLIENT),
    ]
    for author, internal, expected in steps:
        status = status_after_message(status, author, internal)
        assert status is expected


@pytest.mark.parametrize("status", TAKEN)
def test_status_when_taken_keeps_a_taken_status(status: ChatStatus) -> None:
    assert status_when_taken(chat(status=status, responsible=OTHER)) is status


@pytest.mark.parametrize("status", [ChatStatus.TRIAGE, ChatStatus.WAITING_ATTENDANCE])
def test_status_when_taken_from_inbox_or_triage_is_in_attendance(status: ChatStatus) -> None:
    assert status_when_taken(chat(status=status)) is ChatStatus.IN_ATTENDANCE


# ---------------------------------------------------------------------------
# sort_key
# ---------------------------------------------------------------------------


def _ordered_ids(chats: list[Chat], tab: Tab) -> list[int]:
    return [c.id for c in sorted(chats, key=lambda c: sort_key(c, tab))]


def test_entrada_oldest_waiting_first() -> None:
    chats = [
        chat(1, waiting_since=at(30)),
        chat(2, waiting_since=at(5)),
        chat(3, waiting_since=at(60)),
    ]
    assert _ordered_ids(chats, Tab.INBOX) == [2, 1, 3]


def test_entrada_orders_by_waiting_since_not_created_at() -> None:
    """A chat transferred back to the inbox waits from the transfer, not from its creation."""
    old_but_transferred = chat(1, created_at=at(0), waiting_since=at(90))
    newer = chat(2, created_at=at(10), waiting_since=at(10))
    assert _ordered_ids([old_but_transferred, newer], Tab.INBOX) == [2, 1]


def test_entrada_ties_broken_by_id() -> None:
    chats = [chat(i, waiting_since=at(5)) for i in (7, 3, 5)]
    assert _ordered_ids(chats, Tab.INBOX) == [3, 5, 7]


@pytest.mark.parametrize("tab", [Tab.MINE, Tab.IN_ATTENDANCE])
def test_meus_and_em_atendimento_latest_activity_first(tab: Tab) -> None:
    chats = [
        chat(1, ChatStatus.IN_ATTENDANCE, responsible=ME, last_message_at=at(10)),
        chat(2, ChatStatus.WAITING_CLIENT, responsible=ME, last_message_at=at(50)),
        chat(3, ChatStatus.IN_ATTENDANCE, responsible=ME, last_message_at=at(30)),
    ]
    assert _ordered_ids(chats, tab) == [2, 3, 1]


@pytest.mark.parametrize("tab", [Tab.MINE, Tab.IN_ATTENDANCE])
def test_chat_without_messages_sorts_by_creation(tab: Tab) -> None:
    chats = [
        chat(1, ChatStatus.TRIAGE, created_at=at(40)),  # no message yet
        chat(2, ChatStatus.IN_ATTENDANCE, responsible=ME, last_message_at=at(20)),
        chat(3, ChatStatus.IN_ATTENDANCE, responsible=ME, last_message_at=at(60)),
    ]
    assert _ordered_ids(chats, tab) == [3, 1, 2]


@pytest.mark.parametrize("tab", [Tab.MINE, Tab.IN_ATTENDANCE, Tab.ARCHIVED])
def test_latest_first_tabs_break_ties_by_id(tab: Tab) -> None:
    status = ChatStatus.FINISHED if tab is Tab.ARCHIVED else ChatStatus.IN_ATTENDANCE
    chats = [
        chat(i, status, responsible=ME, last_message_at=at(5), finished_at=at(5)) for i in (7, 3, 5)
    ]
    first = _ordered_ids(chats, tab)
    assert first == [7, 5, 3]  # the newer chat (higher id) first
    assert _ordered_ids(list(reversed(chats)), tab) == first


def test_encerrados_latest_finished_first() -> None:
    chats = [
        chat(1, ChatStatus.FINISHED, finished_at=at(10), last_message_at=at(100)),
        chat(2, ChatStatus.CANCELED, finished_at=at(30), last_message_at=at(0)),
        chat(3, ChatStatus.FINISHED, finished_at=at(20), last_message_at=at(50)),
    ]
    assert _ordered_ids(chats, Tab.ARCHIVED) == [2, 3, 1]


def test_encerrados_without_finished_at_falls_back_to_updated_at() -> None:
    chats = [
        chat(1, ChatStatus.FINISHED, finished_at=None, updated_at=at(40)),
        chat(2, ChatStatus.FINISHED, finished_at=at(20)),
    ]
    assert _ordered_ids(chats, Tab.ARCHIVED) == [1, 2]


def test_sort_key_compares_instants_across_time_zones() -> None:
    sao_paulo = timezone(timedelta(hours=-3))
    # 10:00 in São Paulo is 13:00 UTC: later than 12:30 UTC.
    local = chat(1, waiting_since=datetime(2024, 5, 10, 10, 0, tzinfo=sao_paulo))
    utc = chat(2, waiting_since=datetime(2024, 5, 10, 12, 30, tzinfo=UTC))
    assert _ordered_ids([local, utc], Tab.INBOX) == [2, 1]


@given(
    st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12),
    st.sampled_from(list(Tab)),
    st.randoms(use_true_random=False),
)
def test_sort_order_is_deterministic_whatever_the_input_order(
    minutes: list[int], tab: Tab, rnd: random.Random
) -> None:
    """Few distinct moments, so ties are common: the order must still be total and stable."""
    chats = [
        chat(
            i + 1,
            ChatStatus.FINISHED if tab is Tab.ARCHIVED else ChatStatus.IN_ATTENDANCE,
            responsible=ME,
            waiting_since=at(m),
            last_message_at=at(m),
            finished_at=at(m),
        )
        for i, m in enumerate(minutes)
    ]
    shuffled = chats[:]
    rnd.shuffle(shuffled)
    assert _ordered_ids(shuffled, tab) == _ordered_ids(chats, tab)
    assert len({sort_key(c, tab) for c in chats}) == len(chats)
