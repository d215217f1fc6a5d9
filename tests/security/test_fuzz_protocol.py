"""Fuzzing the decoders the app and the service share (protocol/), and the app's decoding of
what the service answers (net/): whatever arrives, the result is a clean typed value or the
module's own error (pydantic's ValidationError, a ValueError; BadResponse and ApiError in net),
never another exception. Inputs are any bytes, any JSON, and real payloads mutated."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from fuzz_events_support import attendant_data, chat_data, event, message_data
from fuzz_json import DEEP_TEXTS, JUNK, mutated
from tiflux_desktop.domain import Attendant, Chat, Message
from tiflux_desktop.net import ApiClient, ApiError, BadResponse, parse_frame
from tiflux_desktop.net.policy import api_error
from tiflux_desktop.protocol import (
    ArchiveIn,
    AssumeIn,
    AttendantUpserted,
    ChatHidden,
    ChatOut,
    ChatUpdateIn,
    ChatUpserted,
    CountsOut,
    EventsPage,
    LoginIn,
    LoginOut,
    MeOut,
    MessageIn,
    MessagesOut,
    MessageUpserted,
    ResyncRequired,
    SendMessageIn,
    StatusIn,
    attendant_to_domain,
    chat_to_domain,
    message_to_domain,
)

# The deep profile (make chaos) runs thousands of examples: more than the suite's default
# per-test timeout allows.
pytestmark = pytest.mark.timeout(1800)

# Real shapes to start from.
MEDIA = {
    "id": 4,
    "content_type": "image/jpeg",
    "filename": "foto.jpg",
    "size": 1234,
    "caption": "a foto",
    "url": "/attachments/4",
}
QUOTED = {"id": 2, "author": {"type": "attendant", "id": 2, "name": "Ana"}, "text": "Oi"}
EVENTS = [
    event(5, "chat.upserted", chat_data(3, 2, responsible={"id": 2, "name": "Ana"})),
    event(6, "chat.hidden", {"id": 3, "version": 4}),
    event(7, "message.upserted", message_data(9, 3, 1, "Olá", media=MEDIA, quoted_message=QUOTED)),
    event(8, "attendant.upserted", attendant_data(2, 3)),
    {"type": "resync_required", "last_seq": 40, "log_id": "abc"},
]
USER = {
    "id": 1,
    "name": "ADMINISTRADOR",
    "email": "admin@demo.local",
    "admin": True,
    "online": True,
    "department_ids": [1, 2],
    "attendant_group_ids": [1],
}
ORGANIZATION = {
    "name": "Demo",
    "bot_name": "Robô",
    "requires_catalog_item_on_finish": False,
    "file_max_bytes": 20_000_000,
    "media_max_bytes": 15_000_000,
    "max_files_per_message": 10,
}
RESOURCES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (MeOut, {"user": USER, "organization": ORGANIZATION}),
    (LoginOut, {"token": "t", "expires_at": "2026-12-01T00:00:00Z", "user": USER}),
    (MessagesOut, {"messages": [message_data(9, 3, 1, "Olá", media=MEDIA)]}),
    (CountsOut, {"inbox": 1, "mine": 2, "in_attendance": 3, "archived": 4}),
    (EventsPage, {"events": EVENTS[:4], "last_seq": 8, "head_seq": 9, "log_id": "abc"}),
]
REQUESTS: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (LoginIn, {"email": "ana@demo.local", "password": "segredo"}),
    (StatusIn, {"online": True}),
    (ChatUpdateIn, {"user_id": 2, "department_id": 1, "ticket_number": 40}),
    (AssumeIn, {"take_over": True}),
    (ArchiveIn, {"services_catalogs_item_id": 3}),
    (
        MessageIn,
        {
            "text": "Olá",
            "internal": False,
            "client_message_id": "5b0e3c9a-6c1e-4d7e-9a35-0d7f8a1f2b3c",
            "quoted_message_id": 2,
        },
    ),
    (
        SendMessageIn,
        {
            "number": "11988887777",
            "integration_id": 2,
            "template_id": 1,
            "parameters": ["João"],
            "country_code": "BR",
            "department_id": 1,
        },
    ),
]


def to_domain(frame: object) -> Chat | Message | Attendant | None:
    """What the sync engine does next with a decoded frame: must not raise either."""
    if isinstance(frame, ChatUpserted):
        return chat_to_domain(frame.data)
    if isinstance(frame, MessageUpserted):
        return message_to_domain(frame.data)
    if isinstance(frame, AttendantUpserted):
        return attendant_to_domain(frame.data)
    assert isinstance(frame, ChatHidden | ResyncRequired)
    return None


def decode_frame(raw: str | bytes) -> None:
    try:
        frame = parse_frame(raw)
    except ValueError:
        return
    to_domain(frame)


@given(st.binary(max_size=300))
def test_any_bytes_as_a_frame(raw: bytes) -> None:
    decode_frame(raw)


@given(st.one_of(st.text(max_size=300), DEEP_TEXTS))
def test_any_text_as_a_frame(raw: str) -> None:
    decode_frame(raw)


@given(JUNK)
def test_any_json_as_a_frame(value: Any) -> None:
    decode_frame(json.dumps(value))


@given(st.sampled_from(EVENTS).flatmap(mutated))
def test_mutated_events(value: Any) -> None:
    decode_frame(json.dumps(value))


def test_the_unmutated_events_decode() -> None:
    """The starting points are good, so the mutations above test what they mean to."""
    frames = [parse_frame(json.dumps(e)) for e in EVENTS]
    assert [type(f).__name__ for f in frames] == [
        "ChatUpserted",
        "ChatHidden",
        "MessageUpserted",
        "AttendantUpserted",
        "ResyncRequired",
    ]
    for model, body in (*RESOURCES, *REQUESTS):
        model.model_validate_json(json.dumps(body))


def _validate(model: type[BaseModel], raw: str | bytes) -> BaseModel | None:
    try:
        return model.model_validate_json(raw)
    except ValidationError:
        return None


@given(st.sampled_from(RESOURCES).flatmap(lambda r: st.tuples(st.just(r[0]), mutated(r[1]))))
def test_mutated_resources(case: tuple[type[BaseModel], Any]) -> None:
    model, value = case
    decoded = _validate(model, json.dumps(value))
    if isinstance(decoded, EventsPage):
        for frame in decoded.events:
            to_domain(frame)
    if isinstance(decoded, MeOut | LoginOut):
        attendant_to_domain(decoded.user)


@given(st.sampled_from(REQUESTS).flatmap(lambda r: st.tuples(st.just(r[0]), mutated(r[1]))))
def test_mutated_requests(case: tuple[type[BaseModel], Any]) -> None:
    model, value = case
    decoded = _validate(model, json.dumps(value))
    # What the service relies on once a request decoded.
    if isinstance(decoded, MessageIn):
        assert decoded.template_id is not None or (decoded.text or "").strip()
        assert not (decoded.internal and decoded.template_id is not None)
    if isinstance(decoded, SendMessageIn):
        assert decoded.number.isdigit()
        assert 8 <= len(decoded.number) <= 15
    if isinstance(decoded, ChatUpdateIn):
        assert (decoded.user_id, decoded.department_id, decoded.ticket_number) != (None,) * 3


@given(
    st.sampled_from(REQUESTS).map(lambda r: r[0]), st.one_of(st.binary(max_size=200), DEEP_TEXTS)
)
def test_requests_from_any_bytes(model: type[BaseModel], raw: bytes | str) -> None:
    _validate(model, raw)


# --- net: the app's reading of the service's answers ----------------------------------------


def response(status: int, body: bytes, path: str = "/api/v2/chats") -> httpx.Response:
    return httpx.Response(status, content=body, request=httpx.Request("GET", f"http://x{path}"))


ANSWERS = st.one_of(
    st.binary(max_size=200),
    DEEP_TEXTS.map(str.encode),
    JUNK.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(RESOURCES)
    .flatmap(lambda r: mutated(r[1]))
    .map(lambda v: json.dumps(v).encode()),
)


@given(ANSWERS)
def test_any_answer_decodes_or_is_a_bad_response(body: bytes) -> None:
    for model in (MeOut, LoginOut, MessagesOut, CountsOut, EventsPage):
        with contextlib.suppress(BadResponse):
            ApiClient._decode(model, response(200, body))  # pyright: ignore[reportPrivateUsage]
    with contextlib.suppress(BadResponse):
        ApiClient._decode_list(ChatOut, response(200, body))  # pyright: ignore[reportPrivateUsage]


@given(st.integers(400, 599), ANSWERS)
def test_any_error_answer_becomes_an_api_error(status: int, body: bytes) -> None:
    error = api_error(response(status, body))
    assert isinstance(error, ApiError)
    assert error.status == status


@pytest.mark.parametrize(
    "body",
    [
        b'{"code": 40301, "message": "' + b"x" * 100 + b'", "details": [1]}',
        b'{"code": 99999999999999999999999, "message": "m"}',
        b'{"code": true, "message": "m"}',
        b"[" * 100_000,
    ],
)
def test_odd_error_bodies(body: bytes) -> None:
    error = api_error(response(403, body))
    assert error.status == 403
    error.error_code  # noqa: B018 - reading it must not raise either
