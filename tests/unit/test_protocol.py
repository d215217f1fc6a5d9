"""Wire schemas: strict requests, lenient resources, events decoded by their type."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from tiflux_desktop.domain import ChatStatus, Tab, tabs_for
from tiflux_desktop.protocol import (
    ChatOut,
    ChatUpdateIn,
    ChatUpserted,
    ErrorCode,
    MessageFieldsIn,
    MessageIn,
    MessageUpserted,
    SendMessageIn,
    chat_to_domain,
    parse_event,
)

NOW = "2026-11-24T12:00:00Z"


def chat_json(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": 7,
        "status": "in_attendance",
        "archived": False,
        "canceled": False,
        "origin": "whatsapp_cloud",
        "started_by": "Client",
        "requestor": {"id": 3, "name": "João da Silva"},
        "department": {"id": 1, "name": "Suporte"},
        "responsible": {"id": 2, "name": "Ana Souza"},
        "waiting_answer": True,
        "created_at": NOW,
        "updated_at": NOW,
        "waiting_since": NOW,
        "version": 4,
    }
    return base | changes


def test_a_chat_event_decodes_to_domain_values() -> None:
    raw = json.dumps({"seq": 9, "type": "chat.upserted", "at": NOW, "data": chat_json()})
    event = parse_event(raw)
    assert isinstance(event, ChatUpserted)
    chat = chat_to_domain(event.data)
    assert chat.status is ChatStatus.IN_ATTENDANCE
    assert chat.created_at == datetime(2026, 11, 24, 12, tzinfo=UTC)
    assert tabs_for(chat, attendant_id=2) == {Tab.MINE, Tab.IN_ATTENDANCE}


def test_times_without_a_zone_are_taken_as_utc() -> None:
    naive = "2026-11-24T12:00:00"
    raw = json.dumps(
        {
            "seq": 9,
            "type": "chat.upserted",
            "at": naive,
            "data": chat_json(created_at=naive, waiting_since=naive, finished_at=naive),
        }
    )
    event = parse_event(raw)
    assert isinstance(event, ChatUpserted)
    chat = chat_to_domain(event.data)
    noon = datetime(2026, 11, 24, 12, tzinfo=UTC)
    assert event.at == noon
    assert (chat.created_at, chat.waiting_since, chat.finished_at) == (noon, noon, noon)
    # What the attention clock does with it: an aware subtraction, no TypeError.
    assert datetime(2026, 11, 24, 12, 5, tzinfo=UTC) - chat.waiting_since == timedelta(minutes=5)
    # A time with its own offset keeps it.
    offset = ChatOut.model_validate(chat_json(created_at="2026-11-24T09:00:00-03:00"))
    assert offset.created_at == noon


def test_resources_ignore_fields_a_newer_service_adds() -> None:
    chat = ChatOut.model_validate(chat_json(something_new={"x": 1}))
    assert chat.id == 7


def test_message_event_with_media_decodes() -> None:
    data = {
        "id": 1,
        "chat_id": 7,
        "author": {"type": "client", "id": 3, "name": "João"},
        "media": {
            "id": 5,
            "content_type": "image/jpeg",
            "filename": "foto.jpg",
            "size": 10,
            "caption": "olha",
            "url": "/attachments/5",
        },
        "created_at": NOW,
        "version": 1,
    }
    event = parse_event(json.dumps({"seq": 1, "type": "message.upserted", "at": NOW, "data": data}))
    assert isinstance(event, MessageUpserted)
    assert event.data.media is not None
    assert event.data.media.caption == "olha"


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        json.dumps({"seq": 1, "type": "chat.exploded", "at": NOW, "data": {}}),
        json.dumps({"seq": "x", "type": "chat.hidden", "at": NOW, "data": {"id": 1, "version": 1}}),
        json.dumps({"seq": 1, "type": "chat.upserted", "at": NOW, "data": {"id": 1}}),
    ],
)
def test_malformed_events_raise_validation_errors(raw: str) -> None:
    with pytest.raises(ValidationError):
        parse_event(raw)


def test_requests_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        MessageIn.model_validate({"text": "oi", "intern": True})


def test_a_message_needs_text_or_a_template_but_not_with_files() -> None:
    with pytest.raises(ValidationError):
        MessageIn.model_validate({"text": "   "})
    assert MessageFieldsIn.model_validate({}).text is None
    with pytest.raises(ValidationError):
        MessageIn.model_validate({"template_id": 1, "internal": True})


def test_send_message_takes_exactly_one_of_message_and_template() -> None:
    base = {"number": "5511999990000", "integration_id": 2}
    assert SendMessageIn.model_validate(base | {"message": "Olá"}).country_code == "BR"
    for bad in ({}, {"message": "Olá", "template_id": 1}, {"message": " "}):
        with pytest.raises(ValidationError):
            SendMessageIn.model_validate(base | bad)
    with pytest.raises(ValidationError):
        SendMessageIn.model_validate(
            {"number": "+55 11 99999-0000", "integration_id": 2, "message": "x"}
        )


def test_a_chat_update_must_change_something() -> None:
    with pytest.raises(ValidationError):
        ChatUpdateIn.model_validate({})
    assert ChatUpdateIn.model_validate({"department_id": 2}).department_id == 2


def test_error_codes_carry_their_http_status() -> None:
    assert ErrorCode.NO_PERMISSION.http_status == 403
    assert ErrorCode.ALREADY_TAKEN.http_status == 409
    assert ErrorCode.TOO_LARGE.http_status == 413
    assert all(100 <= code.http_status < 600 for code in ErrorCode)
