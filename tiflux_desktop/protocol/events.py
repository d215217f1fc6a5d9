"""Events of the organisation-wide log, as GET /events and the WebSocket send them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, cast

from pydantic import BeforeValidator, Field, TypeAdapter

from .base import Instant, Resource
from .resources import AttendantOut, ChatOut, MessageOut


class EventType(StrEnum):
    CHAT_UPSERTED = "chat.upserted"
    CHAT_HIDDEN = "chat.hidden"  # the chat left the receiver's visibility
    MESSAGE_UPSERTED = "message.upserted"
    ATTENDANT_UPSERTED = "attendant.upserted"


class HiddenChatOut(Resource):
    id: int
    version: int


class ChatUpserted(Resource):
    seq: int
    type: Literal["chat.upserted"]
    at: Instant
    data: ChatOut


class ChatHidden(Resource):
    seq: int
    type: Literal["chat.hidden"]
    at: Instant
    data: HiddenChatOut


class MessageUpserted(Resource):
    seq: int
    type: Literal["message.upserted"]
    at: Instant
    data: MessageOut


class AttendantUpserted(Resource):
    seq: int
    type: Literal["attendant.upserted"]
    at: Instant
    data: AttendantOut


Event = Annotated[
    ChatUpserted | ChatHidden | MessageUpserted | AttendantUpserted,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def _decodable_events(raw: object) -> object:
    """The events of a page that this version can decode. One of a type it does not know (a
    newer service) or that does not fit is left out, as the WebSocket skips such a frame:
    refusing the whole page would stop the catch-up at that event for good."""
    if not isinstance(raw, list):
        return raw
    kept: list[Event] = []
    for item in cast(list[object], raw):
        try:
            kept.append(EVENT_ADAPTER.validate_python(item))
        except ValueError:
            continue
    return kept


class EventsPage(Resource):
    events: Annotated[list[Event], BeforeValidator(_decodable_events)]
    last_seq: int = Field(description="The seq this page reaches: pass it as `after` next time")
    head_seq: int = Field(default=0, description="The newest seq of the log when this was read")
    resync_required: bool = Field(
        default=False, description="`after` is older than the retained log: refresh the lists"
    )
    log_id: str = Field(
        default="",
        description="Names the event log. A cursor is meaningful only in the log it came "
        "from: when this changes (the service was reinstalled), start over",
    )


class ResyncRequired(Resource):
    """Sent on the WebSocket instead of a replay when `after` is past the retained log."""

    type: Literal["resync_required"] = "resync_required"
    last_seq: int
    log_id: str = ""


def parse_event(raw: str | bytes) -> Event:
    """Decode one event frame; raises pydantic.ValidationError on anything malformed."""
    return EVENT_ADAPTER.validate_json(raw)
