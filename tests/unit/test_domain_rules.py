"""Who may see and do what with a chat (DESIGN.md 3, "Visibility" and "Rules")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from domain_factories import FINANCEIRO, ME, OTHER, SUPORTE, VENDAS, at, attendant, chat
from tiflux_desktop.domain import (
    Attendant,
    Chat,
    ChatStatus,
    Origin,
    Refusal,
    can_see,
    can_see_department,
    check_assume,
    check_close,
    check_internal_comment,
    check_leave,
    check_public_message,
    check_transfer,
    check_update,
)

NOW = at(hours=30)
WHATSAPP_LIKE = [Origin.WHATSAPP, Origin.WHATSAPP_WEB, Origin.GUPSHUP, Origin.WHATSAPP_CLOUD]
NEVER_LIMITED = [Origin.SITE_WIDGET, Origin.CHAT]
TAKEN = [ChatStatus.IN_ATTENDANCE, ChatStatus.WAITING_CLIENT]
CLOSED = [ChatStatus.FINISHED, ChatStatus.CANCELED]


def mine(status: ChatStatus = ChatStatus.IN_ATTENDANCE, **kw: Any) -> Chat:
    return chat(status=status, responsible=ME, **kw)


def others(status: ChatStatus = ChatStatus.IN_ATTENDANCE, **kw: Any) -> Chat:
    return chat(status=status, responsible=OTHER, **kw)


# ---------------------------------------------------------------------------
# Visibility
# ---------------------------------------------------------------------------


def test_admin_sees_every_department() -> None:
    admin = attendant(departments=set(), admin=True)
    for department in (SUPORTE, VENDAS, FINANCEIRO, 999, None):
        assert can_see(admin, chat(department=department))
        assert can_see_department(admin, department)


def test_triage_chat_without_department_is_seen_by_everyone() -> None:
    nobody_groups = attendant(departments=set())
    triage = chat(status=ChatStatus.TRIAGE, department=None)
    assert can_see(nobody_groups, triage)
    assert can_see(attendant(departments={VENDAS}), triage)


def test_vendas_attendant_cannot_see_suporte_chat() -> None:
    vendas = attendant(departments={VENDAS})
    assert not can_see(vendas, chat(department=SUPORTE))
    assert can_see(vendas, chat(department=VENDAS))


def test_attendant_in_several_groups_sees_each_of_their_departments() -> None:
    both = attendant(departments={SUPORTE, VENDAS})
    assert can_see(both, chat(department=SUPORTE))
    assert can_see(both, chat(department=VENDAS))
    assert not can_see(both, chat(department=FINANCEIRO))


@pytest.mark.parametrize("status", list(ChatStatus))
def test_visibility_does_not_depend_on_status_or_responsible(status: ChatStatus) -> None:
    vendas = attendant(ME, departments={VENDAS})
    assert not can_see(vendas, chat(status=status, responsible=ME, department=SUPORTE))
    assert can_see(vendas, chat(status=status, responsible=OTHER, department=VENDAS))


# ---------------------------------------------------------------------------
# Every check: invisible chats are NOT_VISIBLE, closed chats are ARCHIVED
# ---------------------------------------------------------------------------

Check = Callable[[Attendant, Chat], Refusal | None]

ALL_CHECKS: dict[str, Check] = {
    "assume": lambda a, c: check_assume(a, c),
    "assume_take_over": lambda a, c: check_assume(a, c, take_over=True),
    "transfer": lambda a, c: check_transfer(a, c, department_id=None, target=None),
    "leave": check_leave,
    "close": check_close,
    "public_message": lambda a, c: check_public_message(a, c, template=False, now=NOW),
    "public_template": lambda a, c: check_public_message(a, c, template=True, now=NOW),
    "internal_comment": check_internal_comment,
    "update": check_update,
}


@pytest.mark.parametrize("check", ALL_CHECKS.values(), ids=ALL_CHECKS.keys())
@pytest.mark.parametrize("status", list(ChatStatus))
def test_every_action_refused_on_a_chat_outside_my_departments(
    check: Check, status: ChatStatus
) -> None:
    vendas = attendant(ME, departments={VENDAS})
    assert check(vendas, mine(status, department=SUPORTE)) is Refusal.NOT_VISIBLE


@pytest.mark.parametrize("check", ALL_CHECKS.values(), ids=ALL_CHECKS.keys())
@pytest.mark.parametrize("status", CLOSED)
@pytest.mark.parametrize("admin", [False, True])
def test_every_action_refused_on_a_closed_chat(
    check: Check, status: ChatStatus, admin: bool
) -> None:
    assert check(attendant(ME, admin=admin), mine(status)) is Refusal.ARCHIVED


# ---------------------------------------------------------------------------
# check_assume (Assumir)
# ---------------------------------------------------------------------------


def test_assume_inbox_chat_allowed() -> None:
    assert check_assume(attendant(), chat(status=ChatStatus.WAITING_ATTENDANCE)) is None


def test_assume_triage_chat_allowed() -> None:
    assert check_assume(attendant(), chat(status=ChatStatus.TRIAGE, department=None)) is None


def test_assume_refused_when_not_online() -> None:
    offline = attendant(online=False)
    assert check_assume(offline, chat(status=ChatStatus.WAITING_ATTENDANCE)) is Refusal.NOT_ONLINE
    assert check_assume(offline, others(), take_over=True) is Refusal.NOT_ONLINE


def test_offline_admin_cannot_assume_either() -> None:
    admin = attendant(departments=set(), admin=True, online=False)
    assert check_assume(admin, chat(department=VENDAS)) is Refusal.NOT_ONLINE


@pytest.mark.parametrize("status", CLOSED)
def test_assume_closed_chat_refused(status: ChatStatus) -> None:
    assert check_assume(attendant(), chat(status=status)) is Refusal.ARCHIVED
    assert check_assume(attendant(), others(status), take_over=True) is Refusal.ARCHIVED


def test_assume_chat_of_another_department_refused() -> None:
    vendas = attendant(departments={VENDAS})
    assert check_assume(vendas, chat(department=SUPORTE)) is Refusal.NOT_VISIBLE


@pytest.mark.parametrize("status", TAKEN)
def test_assume_someone_elses_chat_needs_explicit_take_over(status: ChatStatus) -> None:
    assert check_assume(attendant(), others(status)) is Refusal.ALREADY_TAKEN
    assert check_assume(attendant(), others(status), take_over=True) is None


def test_take_over_still_needs_department_access() -> None:
    vendas = attendant(departments={VENDAS})
    assert check_assume(vendas, others(department=SUPORTE), take_over=True) is Refusal.NOT_VISIBLE


def test_admin_takes_over_any_department() -> None:
    admin = attendant(departments=set(), admin=True)
    assert check_assume(admin, others(department=FINANCEIRO)) is Refusal.ALREADY_TAKEN
    assert check_assume(admin, others(department=FINANCEIRO), take_over=True) is None


@pytest.mark.parametrize("status", TAKEN)
@pytest.mark.parametrize("take_over", [False, True])
def test_assume_own_chat_is_already_yours(status: ChatStatus, take_over: bool) -> None:
    assert check_assume(attendant(ME), mine(status), take_over=take_over) is Refusal.ALREADY_YOURS


def test_inbox_chat_with_a_previous_responsible_can_be_assumed() -> None:
    """After Sair or a transfer to a department the chat is in the inbox again; whoever
    was named before does not block it (it is not taken)."""
    back_in_inbox = chat(status=ChatStatus.WAITING_ATTENDANCE, responsible=OTHER)
    assert check_assume(attendant(ME), back_in_inbox) is None
    assert (
        check_assume(attendant(ME), chat(status=ChatStatus.WAITING_ATTENDANCE, responsible=ME))
        is None
    )


# ---------------------------------------------------------------------------
# check_transfer (Transferir)
# ---------------------------------------------------------------------------


def test_transfer_to_a_department_i_can_reach() -> None:
    both = attendant(departments={SUPORTE, VENDAS})
    assert check_transfer(both, mine(), department_id=VENDAS, target=None) is None


def test_transfer_to_a_department_outside_my_reach_refused() -> None:
    assert (
        check_transfer(attendant(departments={SUPORTE}), mine(), department_id=VENDAS, target=None)
        is Refusal.NO_DEPARTMENT_ACCESS
    )


def test_admin_transfers_to_any_department() -> None:
    admin = attendant(departments=set(), admin=True)
    assert check_transfer(admin, others(), department_id=FINANCEIRO, target=None) is None


def test_transfer_to_attendant_who_sees_the_chats_department() -> None:
    colleague = attendant(OTHER, departments={SUPORTE}, online=False)
    assert check_transfer(attendant(), mine(), department_id=None, target=colleague) is None


def test_transfer_to_attendant_who_cannot_see_the_chats_department_refused() -> None:
    outsider = attendant(OTHER, departments={VENDAS})
    assert (
        check_transfer(attendant(), mine(), department_id=None, target=outsider)
        is Refusal.NO_DEPARTMENT_ACCESS
    )


def test_transfer_to_department_and_attendant_checks_target_against_new_department() -> None:
    me = attendant(departments={SUPORTE, VENDAS})
    vendas_colleague = attendant(OTHER, departments={VENDAS})
    suporte_colleague = attendant(OTHER, departments={SUPORTE})
    assert check_transfer(me, mine(), department_id=VENDAS, target=vendas_colleague) is None
    assert (
        check_transfer(me, mine(), department_id=VENDAS, target=suporte_colleague)
        is Refusal.NO_DEPARTMENT_ACCESS
    )


def test_transfer_to_admin_target_always_reaches() -> None:
    admin_target = attendant(OTHER, departments=set(), admin=True)
    assert check_transfer(attendant(), mine(), department_id=None, target=admin_target) is None


def test_transfer_triage_chat_to_any_attendant() -> None:
    anyone = attendant(OTHER, departments=set())
    triage = chat(status=ChatStatus.TRIAGE, department=None)
    assert check_transfer(attendant(), triage, department_id=None, target=anyone) is None


@pytest.mark.parametrize("status", CLOSED)
def test_transfer_closed_chat_refused(status: ChatStatus) -> None:
    assert (
        check_transfer(attendant(), mine(status), department_id=SUPORTE, target=None)
        is Refusal.ARCHIVED
    )


# ---------------------------------------------------------------------------
# check_leave (Sair)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", TAKEN)
def test_leave_own_chat_allowed(status: ChatStatus) -> None:
    assert check_leave(attendant(ME), mine(status)) is None


@pytest.mark.parametrize("status", TAKEN)
def test_leave_someone_elses_chat_refused(status: ChatStatus) -> None:
    assert check_leave(attendant(ME), others(status)) is Refusal.NOT_RESPONSIBLE


def test_admin_cannot_leave_for_someone_else() -> None:
    assert check_leave(attendant(ME, admin=True), others()) is Refusal.NOT_RESPONSIBLE


@pytest.mark.parametrize("status", [ChatStatus.TRIAGE, ChatStatus.WAITING_ATTENDANCE])
@pytest.mark.parametrize("responsible", [None, ME])
def test_leave_untaken_chat_refused(status: ChatStatus, responsible: int | None) -> None:
    assert (
        check_leave(attendant(ME), chat(status=status, responsible=responsible))
        is Refusal.NOT_TAKEN
    )


@pytest.mark.parametrize("status", CLOSED)
def test_leave_closed_chat_refused(status: ChatStatus) -> None:
    assert check_leave(attendant(ME), mine(status)) is Refusal.ARCHIVED


# ---------------------------------------------------------------------------
# check_close (Finalizar / Cancelar)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", TAKEN)
def test_close_own_chat_allowed(status: ChatStatus) -> None:
    assert check_close(attendant(ME), mine(status)) is None


@pytest.mark.parametrize("status", [ChatStatus.TRIAGE, ChatStatus.WAITING_ATTENDANCE])
def test_close_unassigned_chat_allowed_with_access(status: ChatStatus) -> None:
    """An inbox chat that is spam can be cancelled from Entrada."""
    assert check_close(attendant(ME), chat(status=status)) is None


@pytest.mark.parametrize("status", TAKEN)
def test_close_someone_elses_chat_refused(status: ChatStatus) -> None:
    assert check_close(attendant(ME), others(status)) is Refusal.NOT_RESPONSIBLE


def test_admin_closes_someone_elses_chat() -> None:
    assert (
        check_close(attendant(ME, departments=set(), admin=True), others(department=VENDAS)) is None
    )


@pytest.mark.parametrize("status", CLOSED)
def test_close_already_closed_chat_refused(status: ChatStatus) -> None:
    assert check_close(attendant(ME), mine(status)) is Refusal.ARCHIVED


# ---------------------------------------------------------------------------
# check_public_message (a message the customer receives)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", TAKEN)
@pytest.mark.parametrize("origin", NEVER_LIMITED)
def test_public_message_on_own_chat_allowed(status: ChatStatus, origin: Origin) -> None:
    assert (
        check_public_message(attendant(), mine(status, origin=origin), template=False, now=NOW)
        is None
    )


@pytest.mark.parametrize("status", TAKEN)
def test_public_message_on_someone_elses_chat_refused(status: ChatStatus) -> None:
    for template in (False, True):
        assert (
            check_public_message(attendant(ME), others(status), template=template, now=NOW)
            is Refusal.NOT_RESPONSIBLE
        )


def test_admin_needs_the_chat_to_be_theirs_for_public_messages() -> None:
    admin = attendant(ME, admin=True)
    assert check_public_message(admin, others(), template=False, now=NOW) is Refusal.NOT_RESPONSIBLE


@pytest.mark.parametrize("status", [ChatStatus.TRIAGE, ChatStatus.WAITING_ATTENDANCE])
@pytest.mark.parametrize("responsible", [None, ME])
def test_public_message_on_untaken_chat_refused(
    status: ChatStatus, responsible: int | None
) -> None:
    """Assume first: an inbox chat (even one I held before) is not mine."""
    untaken = chat(status=status, responsible=responsible)
    assert (
        check_public_message(attendant(ME), untaken, template=False, now=NOW)
        is Refusal.NOT_RESPONSIBLE
    )


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_whatsapp_free_text_inside_24h_allowed(origin: Origin) -> None:
    c = mine(origin=origin, last_client_message_at=NOW - timedelta(hours=23))
    assert check_public_message(attendant(), c, template=False, now=NOW) is None


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_whatsapp_free_text_outside_24h_refused_but_template_allowed(origin: Origin) -> None:
    c = mine(origin=origin, last_client_message_at=NOW - timedelta(hours=25))
    assert check_public_message(attendant(), c, template=False, now=NOW) is Refusal.OUTSIDE_WINDOW
    assert check_public_message(attendant(), c, template=True, now=NOW) is None


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_whatsapp_window_boundary(origin: Origin) -> None:
    last = at(0)
    c = mine(origin=origin, last_client_message_at=last)
    inside = last + timedelta(hours=23, minutes=59, seconds=59)
    closed = last + timedelta(hours=24)
    assert check_public_message(attendant(), c, template=False, now=inside) is None
    assert (
        check_public_message(attendant(), c, template=False, now=closed) is Refusal.OUTSIDE_WINDOW
    )


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_whatsapp_chat_without_customer_message_needs_a_template(origin: Origin) -> None:
    """E.g. a Novo chat started by the attendant: the window never opened."""
    c = mine(origin=origin, last_client_message_at=None)
    assert check_public_message(attendant(), c, template=False, now=NOW) is Refusal.OUTSIDE_WINDOW
    assert check_public_message(attendant(), c, template=True, now=NOW) is None


@pytest.mark.parametrize("last", [None, at(hours=-1000)])
def test_site_widget_is_never_limited_by_the_window(last: datetime | None) -> None:
    c = mine(origin=Origin.SITE_WIDGET, last_client_message_at=last)
    assert check_public_message(attendant(), c, template=False, now=NOW) is None


def test_not_responsible_reported_before_the_window() -> None:
    c = others(origin=Origin.WHATSAPP_CLOUD, last_client_message_at=None)
    assert (
        check_public_message(attendant(ME), c, template=False, now=NOW) is Refusal.NOT_RESPONSIBLE
    )


def test_offline_responsible_can_still_answer() -> None:
    """Only Assumir needs Online."""
    assert check_public_message(attendant(online=False), mine(), template=False, now=NOW) is None


# ---------------------------------------------------------------------------
# check_internal_comment (Comentário interno: access is enough)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        others(ChatStatus.IN_ATTENDANCE),
        others(ChatStatus.WAITING_CLIENT),
        chat(status=ChatStatus.WAITING_ATTENDANCE),
        chat(status=ChatStatus.TRIAGE, department=None),
        mine(),
    ],
    ids=["others-in_attendance", "others-waiting_client", "inbox", "triage", "mine"],
)
def test_internal_comment_needs_only_access(target: Chat) -> None:
    assert check_internal_comment(attendant(ME), target) is None


def test_internal_comment_ignores_the_whatsapp_window_and_online_state() -> None:
    closed_window = others(origin=Origin.WHATSAPP, last_client_message_at=None)
    assert check_internal_comment(attendant(ME, online=False), closed_window) is None


def test_internal_comment_refused_without_access() -> None:
    vendas = attendant(ME, departments={VENDAS})
    assert check_internal_comment(vendas, others(department=SUPORTE)) is Refusal.NOT_VISIBLE


@pytest.mark.parametrize("status", CLOSED)
def test_internal_comment_refused_on_closed_chat(status: ChatStatus) -> None:
    assert check_internal_comment(attendant(ME), mine(status)) is Refusal.ARCHIVED


# ---------------------------------------------------------------------------
# check_update (link a ticket and similar edits)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ChatStatus.TRIAGE, ChatStatus.WAITING_ATTENDANCE, *TAKEN])
def test_update_active_visible_chat_allowed(status: ChatStatus) -> None:
    assert check_update(attendant(ME), others(status)) is None


def test_update_refused_without_access() -> None:
    assert (
        check_update(attendant(ME, departments={VENDAS}), mine(department=SUPORTE))
        is Refusal.NOT_VISIBLE
    )


@pytest.mark.parametrize("status", CLOSED)
def test_update_closed_chat_refused(status: ChatStatus) -> None:
    assert check_update(attendant(ME), mine(status)) is Refusal.ARCHIVED
