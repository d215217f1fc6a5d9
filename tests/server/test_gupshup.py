"""The Gupshup channel: callbacks parsed (the shared fixtures and payloads built from Gupshup's
documentation), the sender against a fake Gupshup on 127.0.0.1, the callback route and the
signed public links, and the whole path through a running service."""

from __future__ import annotations

import copy
import io
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from fake_gupshup import API_KEY, APP_NAME, SOURCE_NUMBER, FakeGupshup
from support import ADMIN, ANA, GUPSHUP, Live, ServerThread, make_config
from tiflux_desktop.domain import AttachmentLimits, DeliveryStatus
from tiflux_desktop.server import db
from tiflux_desktop.server.api import webhooks_gupshup
from tiflux_desktop.server.app import build_service
from tiflux_desktop.server.channels.core import ChannelCore
from tiflux_desktop.server.channels.gupshup import (
    GupshupSender,
    PayloadError,
    failure_reason,
    fetch_media,
    list_templates,
    parse,
)
from tiflux_desktop.server.channels.model import (
    Customer,
    Delivery,
    InboundKind,
    MediaRef,
    Outgoing,
    ProviderError,
)
from tiflux_desktop.server.config import IntegrationConfig, ServiceConfig
from tiflux_desktop.server.errors import install_error_handlers
from tiflux_desktop.server.service import Service

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "channels" / "gupshup"
CALLBACK_TOKEN = "callback-token-NOT-REAL-0001"
CUSTOMER_PHONE = "5511900000002"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def integration(base_url: str, **provider: str) -> IntegrationConfig:
    settings = {
        "app_name": APP_NAME,
        "api_key": API_KEY,
        "source_number": SOURCE_NUMBER,
        "base_url": base_url,
        **provider,
    }
    return IntegrationConfig(
        id=GUPSHUP, type="gupshup", name="Gupshup", provider=MappingProxyType(settings)
    )


def message(kind: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A v2 inbound callback as Gupshup's documentation shows it."""
    return {
        "app": APP_NAME,
        "timestamp": 1750000000000,
        "version": 2,
        "type": "message",
        "payload": {
            "id": f"ABEGTEST-{kind}",
            "source": CUSTOMER_PHONE,
            "type": kind,
            "payload": payload,
            "sender": {
                "phone": CUSTOMER_PHONE,
                "name": "Cliente Gupshup",
                "country_code": "55",
                "dial_code": "11900000002",
            },
            **extra,
        },
    }


def event(kind: str, payload: dict[str, Any], **ids: str) -> dict[str, Any]:
    return {
        "app": APP_NAME,
        "timestamp": 1750000600000,
        "version": 2,
        "type": "message-event",
        "payload": {"type": kind, "destination": CUSTOMER_PHONE, "payload": payload, **ids},
    }


# --- parsing ----------------------------------------------------------------------------------


def test_the_shared_inbound_text_fixture_is_a_customer_message() -> None:
    delivery = parse(fixture("inbound/gs_inbound_text.json"))
    (inbound,) = delivery.messages
    assert inbound.provider_message_id == "ABEGTESTFAKE00000000000001"
    assert inbound.kind is InboundKind.TEXT
    assert inbound.text == "Olá"
    assert inbound.customer == Customer(phone=CUSTOMER_PHONE, name="Cliente Gupshup")
    assert inbound.sent_at == datetime.fromtimestamp(1750000000, UTC)
    assert not delivery.statuses
    assert not delivery.ignored


def test_the_shared_delivered_fixture_moves_the_message_gupshup_answered_for() -> None:
    (status,) = parse(fixture("events/gs_event_delivered.json")).statuses
    # Our messages are stored under the send API's messageId, which DLR events call gsId
    # (their "id" is WhatsApp's).
    assert status.provider_message_id == "00000000-0000-4000-8000-00000000a001"
    assert status.status is DeliveryStatus.DELIVERED
    assert status.at == datetime.fromtimestamp(1750000607, UTC)


@pytest.mark.parametrize(
    ("kind", "payload", "expected_kind", "filename"),
    [
        (
            "image",
            {
                "caption": "Comprovante",
                "url": "https://filemanager.gupshup.io/wa/x/media/1?download=false",
                "contentType": "image/jpeg",
                "urlExpiry": 1750604800000,
            },
            InboundKind.IMAGE,
            None,
        ),
        (
            "file",
            {
                "caption": "Nota fiscal",
                "name": "nota.pdf",
                "url": "https://filemanager.gupshup.io/wa/x/media/2",
                "contentType": "application/pdf",
            },
            InboundKind.DOCUMENT,
            "nota.pdf",
        ),
        (
            "audio",
            {
                "url": "https://filemanager.gupshup.io/wa/x/media/3",
                "contentType": "audio/ogg; codecs=opus",
            },
            InboundKind.AUDIO,
            None,
        ),
        (
            "video",
            {"url": "https://filemanager.gupshup.io/wa/x/media/4", "contentType": "video/mp4"},
            InboundKind.VIDEO,
            None,
        ),
        (
            "sticker",
            {"url": "https://filemanager.gupshup.io/wa/x/media/5", "contentType": "image/webp"},
            InboundKind.STICKER,
            None,
        ),
    ],
)
def test_media_messages_carry_the_url_to_fetch_and_the_caption(
    kind: str, payload: dict[str, Any], expected_kind: InboundKind, filename: str | None
) -> None:
    (inbound,) = parse(message(kind, payload)).messages
    assert inbound.kind is expected_kind
    assert inbound.text == payload.get("caption")
    assert inbound.media == MediaRef(
        provider_media_id=None,
        url=payload["url"],
        content_type=payload["contentType"],
        filename=filename,
    )


def test_location_contact_and_unknown_types() -> None:
    (place,) = parse(
        message(
            "location",
            {"longitude": "-46.6333", "latitude": "-23.5505", "name": "Loja", "address": "Av. X"},
        )
    ).messages
    assert place.kind is InboundKind.LOCATION
    assert (place.latitude, place.longitude) == (-23.5505, -46.6333)
    assert place.text == "Loja – Av. X"

    (card,) = parse(
        message(
            "contact",
            {
                "contacts": [
                    {
                        "name": {"formatted_name": "Maria Souza", "first_name": "Maria"},
                        "phones": [{"phone": "+55 11 90000-0003", "type": "CELL"}],
                    }
                ]
            },
        )
    ).messages
    assert card.kind is InboundKind.CONTACTS
    assert card.text == "Maria Souza: +55 11 90000-0003"

    (odd,) = parse(message("reaction", {"emoji": "👍"})).messages
    assert odd.kind is InboundKind.UNSUPPORTED
    assert odd.provider_message_id == "ABEGTEST-reaction"


def test_replies_to_buttons_lists_and_template_quick_replies() -> None:
    context = {"context": {"id": "gBEGwhatsapp", "gsId": "11111111-2222-4333-8444-555555555555"}}
    (button,) = parse(
        message("button_reply", {"title": "Sim", "id": "qr1", "reply": "Sim 1"}, **context)
    ).messages
    assert button.kind is InboundKind.REPLY
    assert (button.text, button.reply_id) == ("Sim", "qr1")
    assert button.quoted_provider_id == "11111111-2222-4333-8444-555555555555"

    (row,) = parse(
        message(
            "list_reply",
            {
                "title": "Financeiro",
                "id": "list1",
                "reply": "Financeiro 3",
                "postbackText": "dept-3",
                "description": "Boletos",
            },
        )
    ).messages
    assert (row.kind, row.text, row.reply_id) == (InboundKind.REPLY, "Financeiro", "dept-3")

    (quick,) = parse(
        message(
            "quick_reply",
            {"text": "Ver saldo", "type": "button"},
            context={"id": "gBEGonlywhatsapp", "forwarded": False},
        )
    ).messages
    assert (quick.kind, quick.text, quick.reply_id) == (InboundKind.REPLY, "Ver saldo", None)
    assert quick.quoted_provider_id == "gBEGonlywhatsapp"


@pytest.mark.parametrize(
    ("kind", "payload", "rating"),
    [
        # Our rating question's choices come back with the postbackText we gave them ...
        ("list_reply", {"title": "5 - Ótimo", "id": "tiflux-9", "postbackText": "rating-5"}, 5),
        ("button_reply", {"title": "1 - Péssimo", "id": "tiflux-9", "postbackText": "rating-1"}, 1),
        # ... or, where the app answers with the choice's id, as the id.
        ("quick_reply", {"title": "3 - Regular", "id": "rating-3", "reply": "3 - Regular 3"}, 3),
    ],
)
def test_an_answer_to_the_rating_question_is_a_rating(
    kind: str, payload: dict[str, Any], rating: int
) -> None:
    (answer,) = parse(message(kind, payload)).messages
    assert answer.kind is InboundKind.RATING
    assert answer.rating == rating
    assert answer.reply_id == f"rating-{rating}"
    assert answer.text == payload["title"]


def test_events_sent_read_and_failed_name_gupshups_message_id() -> None:
    gs_id = "ee4a68a0-1203-4c85-8dc3-49d0b3226a35"
    (sent,) = parse(event("sent", {"ts": 1750000601}, id="gBEGwa", gsId=gs_id)).statuses
    assert (sent.provider_message_id, sent.status) == (gs_id, DeliveryStatus.SENT)
    (read,) = parse(event("read", {"ts": 1750000700}, id="gBEGwa", gsId=gs_id)).statuses
    assert read.status is DeliveryStatus.READ
    assert read.at == datetime.fromtimestamp(1750000700, UTC)

    # Refused at once by Gupshup: "id" is Gupshup's id.
    (refused,) = parse(
        event("failed", {"code": 1002, "reason": "Number Does Not Exist On WhatsApp"}, id=gs_id)
    ).statuses
    assert refused.provider_message_id == gs_id
    assert refused.status is DeliveryStatus.FAILED
    assert (refused.error_code, refused.error_title) == (
        "1002",
        "Number Does Not Exist On WhatsApp",
    )
    # Failed later by WhatsApp: the DLR carries gsId.
    (late,) = parse(
        event(
            "failed", {"code": 131047, "reason": "Re-engagement message"}, id="gBEGwa", gsId=gs_id
        )
    ).statuses
    assert (late.provider_message_id, late.error_code) == (gs_id, "131047")


def test_failure_reasons_are_portuguese_for_the_attendant() -> None:
    assert failure_reason("1002", "Number Does Not Exist On WhatsApp") == (
        "O número não tem WhatsApp. (Number Does Not Exist On WhatsApp)"
    )
    assert failure_reason("131047", None).startswith("Fora da janela de 24 horas")
    assert failure_reason("99999", "Something new") == (
        "O WhatsApp não entregou a mensagem (código 99999). (Something new)"
    )


def test_enqueued_user_and_unknown_events_change_nothing_and_are_named() -> None:
    enqueued = parse(
        event("enqueued", {"whatsappMessageId": "gBEGwa", "type": "session"}, id="gs-1")
    )
    assert enqueued == Delivery(ignored=("message-event enqueued",))
    opted_in = parse(
        {
            "app": APP_NAME,
            "timestamp": 1750000000000,
            "version": 2,
            "type": "user-event",
            "payload": {"phone": CUSTOMER_PHONE, "type": "opted-in"},
        }
    )
    assert opted_in == Delivery(ignored=("user-event opted-in",))
    assert parse({"type": "billing-event"}) == Delivery(ignored=("billing-event",))


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {"payload": {}},
        {"type": "message"},
        {"type": "message", "payload": {"type": "text", "payload": {"text": "sem id"}}},
        {"type": "message", "payload": {"id": "x", "type": "text", "payload": {"text": "?"}}},
    ],
)
def test_a_body_that_is_not_a_callback_is_refused(body: Any) -> None:
    with pytest.raises(PayloadError):
        parse(body)


# --- the sender, against the fake Gupshup -----------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeGupshup]:
    server = FakeGupshup().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.0)) as client:
        yield client


def outgoing(**changes: Any) -> Outgoing:
    base = Outgoing(message_id=41, to=Customer(phone="+55 11 90000-0002", name="Cliente Gupshup"))
    return replace(base, **changes)


async def test_a_text_goes_out_exactly_as_the_shared_request_fixture(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    sender = GupshupSender(integration(fake.base_url), http)
    provider_id = await sender.send(
        outgoing(text="Olá, Cliente Gupshup! Um atendente já vai responder.")
    )
    (request,) = fake.sends()
    assert provider_id == fake.provider_ids()[0]
    assert request.path == "/wa/api/v1/msg"
    assert request.headers["apikey"] == API_KEY
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    expected = dict(
        parse_qsl((FIXTURES / "send/gs_send_text_request.txt").read_text(encoding="utf-8").strip())
    )
    assert request.form == expected


async def test_a_reply_quotes_the_customers_message(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    sender = GupshupSender(integration(fake.base_url), http)
    await sender.send(outgoing(text="Sobre isso:", quoted_provider_id="gs-quoted-1"))
    (request,) = fake.sends()
    assert request.json_field("message") == {
        "type": "text",
        "text": "Sobre isso:",
        "context": {"msgId": "gs-quoted-1"},
    }


async def test_an_hsm_template_goes_to_the_template_api_with_its_id_and_params(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    sender = GupshupSender(integration(fake.base_url), http)
    await sender.send(
        outgoing(
            template_name="7f0b1d3e-0000-4000-8000-000000000001",
            template_parameters=("Maria", "#123"),
        )
    )
    (request,) = fake.sends()
    assert request.path == "/wa/api/v1/template/msg"
    assert request.form["source"] == SOURCE_NUMBER
    assert request.form["destination"] == CUSTOMER_PHONE
    assert request.form["src.name"] == APP_NAME
    assert request.json_field("template") == {
        "id": "7f0b1d3e-0000-4000-8000-000000000001",
        "params": ["Maria", "#123"],
    }


async def test_the_rating_question_offers_its_choices_as_buttons_or_a_list(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    sender = GupshupSender(integration(fake.base_url), http)
    await sender.send(outgoing(text="Gostou?", buttons=("1 - Não", "2 - Sim")))
    options = ("1 - Péssimo", "2 - Ruim", "3 - Regular", "4 - Bom", "5 - Ótimo")
    await sender.send(outgoing(text="Como você avalia o nosso atendimento?", buttons=options))
    buttons, listed = (r.json_field("message") for r in fake.sends())
    assert buttons["type"] == "quick_reply"
    assert buttons["content"] == {"type": "text", "text": "Gostou?"}
    assert buttons["options"] == [
        {"type": "text", "title": "1 - Não", "postbackText": "rating-1"},
        {"type": "text", "title": "2 - Sim", "postbackText": "rating-2"},
    ]
    # WhatsApp allows 3 reply buttons: five choices go as a list.
    assert listed["type"] == "list"
    assert listed["body"] == "Como você avalia o nosso atendimento?"
    (section,) = listed["items"]
    assert [(o["title"], o["postbackText"]) for o in section["options"]] == [
        (title, f"rating-{n}") for n, title in enumerate(options, 1)
    ]


async def test_media_goes_out_by_a_link_gupshup_can_fetch(
    fake: FakeGupshup, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    picture = tmp_path / "0123456789abcdef0123456789abcdef"
    picture.write_bytes(b"\x89PNG fake picture")
    fake.media["foto.png"] = (picture.read_bytes(), "image/png")
    fake.media["contrato.pdf"] = (b"%PDF-1.7 fake", "application/pdf")
    links = {str(picture): f"{fake.base_url}/media/foto.png"}
    sender = GupshupSender(
        integration(fake.base_url),
        http,
        public_url=lambda path: links.get(path, f"{fake.base_url}/media/contrato.pdf"),
    )
    await sender.send(
        outgoing(
            text="Segue a foto",
            media_path=str(picture),
            media_content_type="image/png",
            media_filename="foto.png",
        )
    )
    await sender.send(
        outgoing(
            media_path=str(tmp_path / "fedcba9876543210fedcba9876543210"),
            media_content_type="application/pdf",
            media_filename="contrato.pdf",
        )
    )
    image, document = (r.json_field("message") for r in fake.sends())
    assert image == {
        "type": "image",
        "originalUrl": f"{fake.base_url}/media/foto.png",
        "previewUrl": f"{fake.base_url}/media/foto.png",
        "caption": "Segue a foto",
    }
    assert document == {
        "type": "file",
        "url": f"{fake.base_url}/media/contrato.pdf",
        "filename": "contrato.pdf",
    }
    assert [(f.status, f.content) for f in fake.fetched] == [
        (200, b"\x89PNG fake picture"),
        (200, b"%PDF-1.7 fake"),
    ]


async def test_an_audio_with_text_sends_the_text_after_it(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    fake.fetch_media_urls = False
    sender = GupshupSender(
        integration(fake.base_url), http, public_url=lambda _path: "http://files/a.ogg"
    )
    provider_id = await sender.send(
        outgoing(
            text="Ouça", media_path="/x/a.ogg", media_content_type="audio/ogg", media_filename="a"
        )
    )
    audio, text = (r.json_field("message") for r in fake.sends())
    assert audio == {"type": "audio", "url": "http://files/a.ogg"}
    assert text == {"type": "text", "text": "Ouça"}
    assert provider_id == fake.provider_ids()[0]


async def test_media_without_a_public_address_fails_with_a_reason(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    sender = GupshupSender(integration(fake.base_url), http)
    with pytest.raises(ProviderError) as failure:
        await sender.send(outgoing(media_path="/x/a.pdf", media_content_type="application/pdf"))
    assert not failure.value.retry
    assert "public_base_url" in failure.value.reason
    assert fake.sends() == []


@pytest.mark.parametrize(
    ("status", "words", "retry", "reason_part"),
    [
        (400, "Invalid Destination", False, "O Gupshup recusou a mensagem: Invalid Destination"),
        (401, "Authentication Failed", False, "chave de API"),
        (429, "Too Many Requests", True, "Limite de envios"),
        (500, "Internal server error", True, "falha no momento"),
        (503, "Service Unavailable", True, "falha no momento"),
    ],
)
async def test_provider_errors_say_whether_to_try_again(
    fake: FakeGupshup,
    http: httpx.AsyncClient,
    status: int,
    words: str,
    retry: bool,
    reason_part: str,
) -> None:
    fake.fail_next(status, words)
    sender = GupshupSender(integration(fake.base_url), http)
    with pytest.raises(ProviderError) as failure:
        await sender.send(outgoing(text="Oi"))
    assert failure.value.retry is retry
    assert reason_part in failure.value.reason
    assert failure.value.code == str(status)
    assert words in failure.value.detail


async def test_a_wrong_api_key_an_error_in_a_200_timeouts_and_no_connection(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    wrong_key = GupshupSender(integration(fake.base_url, api_key="wrong"), http)
    with pytest.raises(ProviderError) as failure:
        await wrong_key.send(outgoing(text="Oi"))
    assert not failure.value.retry
    assert "chave de API" in failure.value.reason

    sender = GupshupSender(integration(fake.base_url), http)
    fake.fail_next(None, "Invalid template params", ok_status_error=True)
    with pytest.raises(ProviderError) as failure:
        await sender.send(outgoing(text="Oi"))
    assert not failure.value.retry
    assert "Invalid template params" in failure.value.reason

    fake.fail_next(None, delay=3.0)  # the client gives up after 2 s
    with pytest.raises(ProviderError) as failure:
        await sender.send(outgoing(text="Oi"))
    # Gupshup may have taken it: not tried again by itself (it could reach the customer twice).
    assert not failure.value.retry
    assert "não confirmou" in failure.value.reason

    gone = GupshupSender(integration("http://127.0.0.1:9"), http)
    with pytest.raises(ProviderError) as failure:
        await gone.send(outgoing(text="Oi"))
    assert failure.value.retry


async def test_inbound_media_is_fetched_from_its_url(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    fake.media["voz"] = (b"OggS fake voice", "audio/ogg")
    config = integration(fake.base_url)
    content, ctype, name = await fetch_media(
        config,
        http,
        MediaRef(None, url=f"{fake.base_url}/media/voz", content_type="audio/ogg; codecs=opus"),
    )
    assert (content, ctype, name) == (b"OggS fake voice", "audio/ogg; codecs=opus", "audio.oga")
    content, ctype, name = await fetch_media(
        config, http, MediaRef(None, url=f"{fake.base_url}/media/voz", filename="recado.ogg")
    )
    assert (ctype, name) == ("audio/ogg", "recado.ogg")
    with pytest.raises(ProviderError):
        await fetch_media(config, http, MediaRef(None, url=f"{fake.base_url}/media/expired"))


async def test_templates_are_listed_for_the_novo_chat_dialog(
    fake: FakeGupshup, http: httpx.AsyncClient
) -> None:
    templates = await list_templates(integration(fake.base_url), http)
    (request,) = fake.requests
    assert request.path == f"/sm/api/v1/template/list/{APP_NAME}"
    assert request.headers["apikey"] == API_KEY
    assert [(t.category, t.name, t.external_id) for t in templates] == [
        ("MARKETING", "lembrete_pagamento", "7f0b1d3e-0000-4000-8000-000000000002"),
        ("UTILITY", "boas_vindas", "7f0b1d3e-0000-4000-8000-000000000001"),
    ]
    welcome = templates[1]
    # The body without the " | [button]" parts Gupshup appends in "data".
    assert welcome.content == "Olá {{1}}, seu chamado {{2}} foi aberto."
    assert (welcome.status, welcome.language, welcome.description) == (
        "APPROVED",
        "pt_BR",
        "Atendimento",
    )
    assert (welcome.header, welcome.footer) == ("Tiflux", "Responda pelo WhatsApp")
    with pytest.raises(ProviderError):
        await list_templates(integration(fake.base_url, api_key="wrong"), http)


# --- the callback route and the public links, on a small app with the real service ------------
# The channel core is replaced here by a recorder of what the route hands it (its own tests and
# the end-to-end ones below cover the real one).


class RecordingChannels:
    def __init__(self) -> None:
        self.accepted: list[tuple[int, Delivery]] = []

    async def accept(self, integration_id: int, delivery: Delivery) -> None:
        self.accepted.append((integration_id, delivery))


@pytest.fixture
async def small_app(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, Service]]:
    config = make_config(
        tmp_path,
        integrations=(
            integration("http://127.0.0.1:9", callback_token=CALLBACK_TOKEN),
            IntegrationConfig(
                id=5, type="gupshup", name="Sem token", provider=MappingProxyType({})
            ),
            IntegrationConfig(id=7, type="site_widget", name="Widget"),
        ),
    )
    service = await build_service(config)
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(webhooks_gupshup.router, prefix="/api/v2")
    app.state.service = service
    app.state.channels = RecordingChannels()
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client, service
    finally:
        await service.storage.engine.dispose()


async def test_a_callback_is_acknowledged_with_an_empty_200_and_queued(
    small_app: tuple[httpx.AsyncClient, Service],
) -> None:
    client, _ = small_app
    body = fixture("inbound/gs_inbound_text.json")
    response = await client.post(
        f"/api/v2/webhooks/gupshup/{GUPSHUP}", params={"token": CALLBACK_TOKEN}, json=body
    )
    assert response.status_code == 200
    assert response.content == b""
    channels = service_channels(client)
    assert channels.accepted == [(GUPSHUP, parse(body))]

    # An integration without a token takes no callback at all: Gupshup does not sign them,
    # so the token is all that keeps a stranger from writing as any customer.
    response = await client.post("/api/v2/webhooks/gupshup/5", json=body)
    assert response.status_code == 403
    assert len(channels.accepted) == 1


def service_channels(client: httpx.AsyncClient) -> RecordingChannels:
    transport = client._transport  # pyright: ignore[reportPrivateUsage]
    assert isinstance(transport, httpx.ASGITransport)
    app = transport.app
    assert isinstance(app, FastAPI)
    return app.state.channels


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        (f"/api/v2/webhooks/gupshup/{GUPSHUP}", None, 403),
        (f"/api/v2/webhooks/gupshup/{GUPSHUP}", "wrong", 403),
        ("/api/v2/webhooks/gupshup/99", CALLBACK_TOKEN, 404),
        ("/api/v2/webhooks/gupshup/7", CALLBACK_TOKEN, 404),  # a widget, not a Gupshup app
    ],
)
async def test_callbacks_without_the_token_or_for_no_gupshup_app_store_nothing(
    small_app: tuple[httpx.AsyncClient, Service], path: str, token: str | None, status: int
) -> None:
    client, _ = small_app
    params = {"token": token} if token else {}
    response = await client.post(path, params=params, json=fixture("inbound/gs_inbound_text.json"))
    assert response.status_code == status
    assert response.json()["code"] == status * 100 + 1
    assert service_channels(client).accepted == []


async def test_malformed_bodies_are_refused_and_other_events_acknowledged(
    small_app: tuple[httpx.AsyncClient, Service],
) -> None:
    client, _ = small_app
    url = f"/api/v2/webhooks/gupshup/{GUPSHUP}?token={CALLBACK_TOKEN}"
    for bad in (b"{not json", b'["a"]', b'{"type": "message", "payload": 3}'):
        response = await client.post(url, content=bad)
        assert response.status_code == 400
        assert response.json()["code"] == 40001
    opted_in = {"type": "user-event", "payload": {"phone": CUSTOMER_PHONE, "type": "opted-in"}}
    response = await client.post(url, json=opted_in)
    assert response.status_code == 200
    assert response.content == b""
    # Gupshup checks a new callback URL with an empty POST.
    response = await client.post(url, content=b"")
    assert response.status_code == 200
    assert response.content == b""
    assert service_channels(client).accepted == []


async def stored_attachment(service: Service, content: bytes, ctype: str, name: str) -> str:
    stored = service.files.save(io.BytesIO(content), name, ctype, AttachmentLimits())
    async with service.storage.write() as tx:
        await tx.conn.execute(
            db.attachments.insert().values(
                chat_id=None,
                filename=stored.filename,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_key=stored.storage_key,
                created_at=datetime.now(UTC),
            )
        )
    return stored.storage_key


async def test_a_signed_public_link_serves_the_attachment_until_it_expires(
    small_app: tuple[httpx.AsyncClient, Service],
) -> None:
    client, service = small_app
    key = await stored_attachment(service, b"%PDF-1.7 contrato", "application/pdf", "contrato.pdf")
    secret = webhooks_gupshup.link_secret(service.config.data_dir)
    assert webhooks_gupshup.link_secret(service.config.data_dir) == secret  # kept, not remade
    url = webhooks_gupshup.public_file_url("https://chat.example.com/", secret, key)
    assert url.startswith(f"https://chat.example.com/api/v2/public-files/{key}?exp=")
    local = urlsplit(url)
    response = await client.get(f"{local.path}?{local.query}")
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 contrato"
    assert response.headers["content-type"] == "application/pdf"
    assert "contrato.pdf" in response.headers["content-disposition"]

    query = dict(parse_qsl(local.query))
    tampered = {**query, "exp": str(int(query["exp"]) + 3600)}
    expired = urlsplit(
        webhooks_gupshup.public_file_url("http://x", secret, key, now=time.time() - 90000)
    )
    other_key = "0" * 32
    for path, params in (
        (local.path, tampered),
        (local.path, {**query, "sig": "0" * 64}),
        (local.path, {"exp": query["exp"]}),
        (expired.path, dict(parse_qsl(expired.query))),
        (f"/api/v2/public-files/{other_key}", query),
        ("/api/v2/public-files/..%2Fservice.db", query),
    ):
        response = await client.get(path, params=params)
        assert response.status_code in (403, 404, 422), (path, params)
        assert response.content != b"%PDF-1.7 contrato"


# --- end to end: the real service, the fake Gupshup -------------------------------------------


@pytest.fixture
def gupshup_live(tmp_path: Path, fake: FakeGupshup) -> Iterator[tuple[Live, ServerThread]]:
    config: ServiceConfig = make_config(
        tmp_path,
        integrations=(integration(fake.base_url, callback_token=CALLBACK_TOKEN),),
        rating_after_finish=True,
        send_retry_delays=(0.2,),
    )
    server = ServerThread(config)
    server.start()
    app = server.server.config.app
    assert isinstance(app, FastAPI)
    channels = app.state.channels
    assert isinstance(channels, ChannelCore)
    # The signed links Gupshup fetches outbound media from point at this very service, whose
    # address is known only once it listens: the channel is registered again with it.
    webhooks_gupshup.register(channels, public_base_url=server.base_url)
    live = Live(server.base_url, config)
    try:
        yield live, server
    finally:
        live.close()
        server.stop()


def callback(live: Live, body: dict[str, Any]) -> httpx.Response:
    return live.anonymous().post(
        f"/webhooks/gupshup/{GUPSHUP}", params={"token": CALLBACK_TOKEN}, json=body
    )


def wait_for(check: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def gupshup_chats(admin: httpx.Client) -> list[dict[str, Any]]:
    response = admin.get("/chats/in_attendance", params={"origins": "gupshup", "limit": 50})
    assert response.status_code == 200, response.text
    return list(response.json())


def messages(admin: httpx.Client, chat_id: int) -> list[dict[str, Any]]:
    response = admin.get(f"/chats/{chat_id}/messages", params={"limit": 200})
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body["messages"] if isinstance(body, dict) else body)


def test_a_customer_writes_in_the_attendant_answers_and_statuses_follow(
    gupshup_live: tuple[Live, ServerThread], fake: FakeGupshup
) -> None:
    live, _ = gupshup_live
    admin = live.attendant(ANA)
    first = fixture("inbound/gs_inbound_text.json")
    response = callback(live, first)
    assert response.status_code == 200
    assert response.content == b""
    (chat,) = wait_for(lambda: gupshup_chats(admin))
    chat_id = chat["id"]
    assert wait_for(lambda: [m for m in messages(admin, chat_id) if m["text"] == "Olá"])
    # Gupshup retries the same callback: nothing new.
    assert callback(live, first).status_code == 200
    # The bot's greeting goes out through Gupshup to the customer's number.
    greeting = fake.wait_for_sends(1)[0]
    assert greeting.form["destination"] == CUSTOMER_PHONE
    assert greeting.form["source"] == SOURCE_NUMBER
    assert greeting.form["src.name"] == APP_NAME
    answer = copy.deepcopy(first)
    answer["payload"]["id"] = "ABEGTESTFAKE00000000000002"
    answer["payload"]["payload"] = {"text": "1"}
    assert callback(live, answer).status_code == 200
    wait_for(lambda: gupshup_chats(admin)[0]["status"] == "waiting_attendance")
    assert len(gupshup_chats(admin)) == 1
    assert [m["text"] for m in messages(admin, chat_id)].count("Olá") == 1

    sent_before = len(fake.sends())
    assert admin.put(f"/chats/{chat_id}/assume", json={}).status_code == 200
    reply = admin.post(
        f"/chats/{chat_id}/messages",
        json={
            "text": "Oi, sou a Ana. Como posso ajudar?",
            "client_message_id": "4b8f7a3c-1111-4c4c-9d9d-000000000001",
        },
    )
    assert reply.status_code in (200, 201), reply.text
    reply_id = reply.json()["messages"][0]["id"]
    sends = fake.wait_for_sends(sent_before + 2)  # the assume greeting, then the reply
    texts = [s.json_field("message").get("text") for s in sends[sent_before:]]
    assert "Oi, sou a Ana. Como posso ajudar?" in texts
    index = sent_before + texts.index("Oi, sou a Ana. Como posso ajudar?")
    provider_id = fake.provider_ids()[index]

    def status() -> str:
        (found,) = [m for m in messages(admin, chat_id) if m["id"] == reply_id]
        return str(found["status"])

    wait_for(lambda: status() == "sent")
    read = event("read", {"ts": 1750000900}, id="gBEGwa", gsId=provider_id)
    delivered = event("delivered", {"ts": 1750000800}, id="gBEGwa", gsId=provider_id)
    assert callback(live, read).status_code == 200
    wait_for(lambda: status() == "read")
    # Out of order: delivered after read leaves it read.
    assert callback(live, delivered).status_code == 200
    unknown = event("delivered", {"ts": 1750000800}, id="gBEGwa", gsId="not-ours")
    assert callback(live, unknown).status_code == 200
    time.sleep(0.5)
    assert status() == "read"


def test_a_refused_send_fails_with_a_reason_and_the_rating_is_stored(
    gupshup_live: tuple[Live, ServerThread], fake: FakeGupshup
) -> None:
    live, _ = gupshup_live
    admin = live.attendant(ANA)
    assert callback(live, fixture("inbound/gs_inbound_text.json")).status_code == 200
    (chat,) = wait_for(lambda: gupshup_chats(admin))
    chat_id = chat["id"]
    answer = fixture("inbound/gs_inbound_text.json")
    answer["payload"]["id"] = "ABEGTESTFAKE00000000000003"
    answer["payload"]["payload"] = {"text": "1"}
    callback(live, answer)
    wait_for(lambda: gupshup_chats(admin)[0]["status"] == "waiting_attendance")
    assert admin.put(f"/chats/{chat_id}/assume", json={}).status_code == 200
    # Everything sent so far (the bot's, the assume greeting) has gone out.
    wait_for(lambda: all(m["status"] != "queued" for m in messages(admin, chat_id)))

    fake.fail_next(400, "Invalid Destination")
    reply = admin.post(
        f"/chats/{chat_id}/messages",
        json={"text": "Vai falhar", "client_message_id": "4b8f7a3c-1111-4c4c-9d9d-000000000002"},
    )
    reply_id = reply.json()["messages"][0]["id"]

    def the_reply() -> dict[str, Any]:
        (found,) = [m for m in messages(admin, chat_id) if m["id"] == reply_id]
        return found

    failed = wait_for(lambda: the_reply() if the_reply()["status"] == "failed" else None)
    reason = json.dumps(failed, ensure_ascii=False)
    assert "O Gupshup recusou a mensagem: Invalid Destination" in reason

    # Finalizar asks for a rating with buttons; the customer's choice is the chat's rating.
    sent_before = len(fake.sends())
    assert admin.put(f"/chats/{chat_id}/archive", json={}).status_code in (200, 202)
    question = wait_for(
        lambda: [
            s for s in fake.sends()[sent_before:] if s.json_field("message").get("type") == "list"
        ]
    )[0].json_field("message")
    options = question["items"][0]["options"]
    assert options[4]["postbackText"] == "rating-5"
    rating = message(
        "list_reply",
        {"title": options[4]["title"], "id": question["msgid"], "postbackText": "rating-5"},
    )
    assert callback(live, rating).status_code == 200

    def rated() -> dict[str, Any] | None:
        chat = admin.get(f"/chats/{chat_id}").json()
        return chat if chat.get("assessment") == 5 else None

    finished = wait_for(rated)
    assert finished["status"] == "finished"
    assert gupshup_chats(admin) == []  # not taken as a new request


def test_files_travel_both_ways(gupshup_live: tuple[Live, ServerThread], fake: FakeGupshup) -> None:
    live, _ = gupshup_live
    admin = live.attendant(ANA)
    fake.media["foto-cliente"] = (b"\xff\xd8\xff fake jpeg", "image/jpeg")
    picture = message(
        "image",
        {
            "caption": "Olha o erro",
            "url": f"{fake.base_url}/media/foto-cliente",
            "contentType": "image/jpeg",
            "urlExpiry": 1750604800000,
        },
    )
    assert callback(live, picture).status_code == 200
    (chat,) = wait_for(lambda: gupshup_chats(admin))
    chat_id = chat["id"]
    (received,) = wait_for(lambda: [m for m in messages(admin, chat_id) if m.get("media")])
    assert received["media"]["caption"] == "Olha o erro" or received["text"] == "Olha o erro"
    download = admin.get(f"/attachments/{received['media']['id']}")
    assert download.content == b"\xff\xd8\xff fake jpeg"

    answer = message("text", {"text": "1"})
    assert callback(live, answer).status_code == 200
    wait_for(lambda: gupshup_chats(admin)[0]["status"] == "waiting_attendance")
    assert admin.put(f"/chats/{chat_id}/assume", json={}).status_code == 200
    sent_before = len(fake.sends())
    response = admin.post(
        f"/chats/{chat_id}/messages",
        data={
            "text": "Segue o contrato",
            "client_message_id": "4b8f7a3c-1111-4c4c-9d9d-000000000003",
        },
        files=[("files[]", ("contrato.pdf", b"%PDF-1.7 contrato", "application/pdf"))],
    )
    assert response.status_code == 201, response.text
    document = wait_for(
        lambda: [
            s.json_field("message")
            for s in fake.sends()[sent_before:]
            if s.json_field("message").get("type") == "file"
        ]
    )[0]
    assert document["filename"] == "contrato.pdf"
    assert document["url"].startswith(f"{live.base_url}/api/v2/public-files/")
    # Gupshup fetched the signed link without signing in, and got the file.
    (fetched,) = wait_for(lambda: [f for f in fake.fetched if f.url == document["url"]])
    assert (fetched.status, fetched.content) == (200, b"%PDF-1.7 contrato")
    # The same path without the signature is refused.
    assert live.anonymous().get(document["url"].split("?")[0].split("/api/v2")[1]).status_code in (
        403,
        422,
    )


def test_the_apps_approved_templates_are_what_novo_chat_offers(
    gupshup_live: tuple[Live, ServerThread], fake: FakeGupshup
) -> None:
    """At start the service replaces the integration's HSM templates with Gupshup's list
    (the seeded demo ones for this integration go)."""
    live, _ = gupshup_live
    admin = live.attendant(ADMIN)

    def listed() -> list[dict[str, Any]]:
        response = admin.get("/templates/gupshup", params={"integration_id": GUPSHUP})
        assert response.status_code == 200, response.text
        return list(response.json())

    templates = wait_for(
        lambda: (
            (t := listed())
            and {x["name"] for x in t} == {"boas_vindas", "lembrete_pagamento"}
            and t
        )
    )
    by_name = {t["name"]: t for t in templates}
    assert by_name["boas_vindas"]["content"] == "Olá {{1}}, seu chamado {{2}} foi aberto."
    assert by_name["lembrete_pagamento"]["category"] == "MARKETING"
    assert any(r.path == f"/sm/api/v1/template/list/{APP_NAME}" for r in fake.requests), (
        "listed from the provider"
    )
