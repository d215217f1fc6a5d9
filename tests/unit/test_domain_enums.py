"""The closed vocabulary: wire values mirror Tiflux API v2 (DESIGN.md 3)."""

from __future__ import annotations

import pytest

from domain_factories import ME, SUPORTE, chat
from tiflux_desktop.domain import (
    ACTIVE_STATUSES,
    IN_ATTENDANCE_STATUS_FILTER,
    SEARCH_MODES_BY_TAB,
    AuthorType,
    ChatStatus,
    Contact,
    DeliveryStatus,
    Origin,
    SearchBy,
    StartedBy,
    Tab,
)


def test_chat_status_wire_values() -> None:
    assert [s.value for s in ChatStatus] == [
        "triage",
        "waiting_attendance",
        "in_attendance",
        "waiting_client",
        "finished",
        "canceled",
    ]


def test_origin_wire_values() -> None:
    assert {o.value for o in Origin} == {
        "site_widget",
        "chat",
        "whatsapp",
        "whatsapp_web",
        "gupshup",
        "whatsapp_cloud",
        "campaign",
    }


def test_started_by_wire_values_are_capitalised() -> None:
    assert {s.value for s in StartedBy} == {"Client", "Attendant", "Campaign", "API"}


def test_author_type_wire_values() -> None:
    assert {a.value for a in AuthorType} == {"client", "attendant", "system", "ai"}


def test_delivery_status_wire_values() -> None:
    assert {d.value for d in DeliveryStatus} == {"queued", "sent", "delivered", "read", "failed"}


def test_values_parse_from_the_wire() -> None:
    assert ChatStatus("waiting_client") is ChatStatus.WAITING_CLIENT
    assert StartedBy("API") is StartedBy.API
    assert ChatStatus.WAITING_CLIENT == "waiting_client"  # StrEnum: serialises as its value
    with pytest.raises(ValueError, match="closed"):
        ChatStatus("closed")


@pytest.mark.parametrize(
    ("status", "archived", "taken"),
    [
        (ChatStatus.TRIAGE, False, False),
        (ChatStatus.WAITING_ATTENDANCE, False, False),
        (ChatStatus.IN_ATTENDANCE, False, True),
        (ChatStatus.WAITING_CLIENT, False, True),
        (ChatStatus.FINISHED, True, False),
        (ChatStatus.CANCELED, True, False),
    ],
)
def test_status_archived_and_taken(status: ChatStatus, archived: bool, taken: bool) -> None:
    assert status.archived is archived
    assert status.taken is taken


def test_active_statuses_are_the_open_ones() -> None:
    assert {
        ChatStatus.TRIAGE,
        ChatStatus.WAITING_ATTENDANCE,
        ChatStatus.IN_ATTENDANCE,
        ChatStatus.WAITING_CLIENT,
    } == ACTIVE_STATUSES


@pytest.mark.parametrize("status", list(ChatStatus))
def test_chat_archived_and_canceled_flags_for_tiflux_compatibility(status: ChatStatus) -> None:
    c = chat(status=status)
    assert c.archived is (status in (ChatStatus.FINISHED, ChatStatus.CANCELED))
    assert c.canceled is (status is ChatStatus.CANCELED)


def test_chat_ids_of_department_and_responsible() -> None:
    assert chat(department=SUPORTE, responsible=ME).department_id == SUPORTE
    assert chat(department=SUPORTE, responsible=ME).responsible_id == ME
    triage = chat(status=ChatStatus.TRIAGE, department=None)
    assert triage.department_id is None
    assert triage.responsible_id is None


def test_tab_values() -> None:
    assert {t.value for t in Tab} == {"inbox", "mine", "in_attendance", "archived"}


def test_responsible_and_group_search_only_in_em_atendimento() -> None:
    assert set(SEARCH_MODES_BY_TAB) == set(Tab)
    assert set(SEARCH_MODES_BY_TAB[Tab.IN_ATTENDANCE]) == set(SearchBy)
    for tab in (Tab.INBOX, Tab.MINE, Tab.ARCHIVED):
        modes = SEARCH_MODES_BY_TAB[tab]
        assert SearchBy.RESPONSIBLE not in modes
        assert SearchBy.ATTENDANT_GROUP not in modes
        assert {SearchBy.REQUESTOR, SearchBy.CLIENT, SearchBy.DEPARTMENT} <= set(modes)


def test_status_filter_of_em_atendimento() -> None:
    assert set(IN_ATTENDANCE_STATUS_FILTER) == {
        ChatStatus.WAITING_ATTENDANCE,
        ChatStatus.WAITING_CLIENT,
        ChatStatus.TRIAGE,
    }
    assert set(IN_ATTENDANCE_STATUS_FILTER) <= ACTIVE_STATUSES


def test_contact_extra_fields_not_shared_between_instances() -> None:
    a, b = Contact(1, "Ana"), Contact(2, "Bia")
    assert a.extra == {}
    assert b.extra == {}
    assert a.extra is not b.extra
