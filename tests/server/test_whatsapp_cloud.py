"""WhatsApp Cloud API end to end: Meta's webhooks (the shared fixtures and payloads built from
Meta's documentation) reach the attendants, and attendants' messages reach a fake Graph API on
127.0.0.1 as Graph expects them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from fake_graph import (
    ACCESS_TOKEN,
    APP_SECRET,
    CLOUD,
    VERIFY_TOKEN,
    FakeGraph,
    chats_of,
    cloud_integration,
    envelope,
    fixture,
    message,
    messages_of,
    post_webhook,
)
from support import ADMIN, Live, ServerThread, make_config, wait_for
from tiflux_desktop.server.channels import whatsapp_cloud
from tiflux_desktop.server.channels.model import InboundKind
from tiflux_desktop.server.config import ConfigError, ServiceConfig, load_config

PHONE = "5511900000001"


@pytest.fixture
def service_config(tmp_path: Path, graph: FakeGraph) -> ServiceConfig:
    return make_config(
        tmp_path, integrations=(cloud_integration(graph),), send_retry_delays=(0.05, 0.1)
    )


def _client_messages(admin: httpx.Client, phone: str = PHONE) -> list[dict[str, Any]]:
    chats = chats_of(admin, phone)
    return [
        m
        for chat in chats
        for m in messages_of(admin, chat["id"])
        if m["author"]["type"] == "client"
    ]


# --- the handshake and signatures ------------------------------------------------------------


def test_the_verification_handshake_answers_the_challenge_only_to_the_right_token(
    live: Live,
) -> None:
    url = f"{live.api}/webhooks/whatsapp-cloud/{CLOUD}"
    ok = httpx.get(
        url,
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert ok.status_code == 200
    assert ok.text == "1158201444"
    wrong = httpx.get(
        url,
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "echo-me"},
    )
    assert wrong.status_code == 403
    assert "echo-me" not in wrong.text
    # The widget (integration 1) has no WhatsApp webhook.
    other = httpx.get(
        f"{live.api}/webhooks/whatsapp-cloud/1",
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
    )
    assert other.status_code == 404


def test_a_bad_or_missing_signature_is_refused_and_stores_nothing(live: Live) -> None:
    raw = fixture("inbound/wa_inbound_text.json")
    assert post_webhook(live.api, raw, signature=None).status_code == 403
    assert post_webhook(live.api, raw, signature="sha256=" + "0" * 64).status_code == 403
    # Signed with the right secret, but over other bytes (a re-serialised body).
    resigned = whatsapp_cloud.sign(APP_SECRET, json.dumps(json.loads(raw)).encode())
    assert post_webhook(live.api, raw, signature=resigned).status_code == 403
    # A good one afterwards is stored: the refused ones were not merely slow.
    assert post_webhook(live.api, raw).status_code == 200
    admin = live.attendant(ADMIN)
    wait_for(lambda: _client_messages(admin), what="the signed message")
    assert [m["text"] for m in _client_messages(admin)] == ["Olá"]


# --- inbound ---------------------------------------------------------------------------------


def test_the_text_fixture_reaches_the_attendants_once_and_the_bot_answers_on_whatsapp(
    live: Live, graph: FakeGraph
) -> None:
    raw = fixture("inbound/wa_inbound_text.json")
    for _ in range(3):  # Meta retries deliveries
        assert post_webhook(live.api, raw).status_code == 200
    admin = live.attendant(ADMIN)
    chat = wait_for(lambda: chats_of(admin, PHONE), what="the chat")[0]
    assert chat["origin"] == "whatsapp_cloud"
    assert chat["integration_id"] == CLOUD
    assert chat["requestor"]["name"] == "Cliente Teste"
    assert chat["status"] == "triage"
    wait_for(lambda: len(graph.sends()) >= 2, what="the bot's greeting and menu")
    assert [m["text"] for m in _client_messages(admin)] == ["Olá"]
    assert len(chats_of(admin, PHONE)) == 1
    first = graph.sends()[0]
    assert first.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert first.path == "/v21.0/200000000000002/messages"
    assert first.json["to"] == PHONE
    assert first.json["type"] == "text"
    assert first.json["messaging_product"] == "whatsapp"
    bot = [m for m in messages_of(admin, chat["id"]) if m["author"]["type"] == "system"]
    wait_for(
        lambda: all(
            m["status"] == "sent"
            for m in messages_of(admin, chat["id"])
            if m["author"]["type"] == "system"
        ),
        what="the bot's messages marked sent",
    )
    assert bot


def test_the_image_fixture_is_fetched_by_id_and_stored_with_its_caption(
    live: Live, graph: FakeGraph
) -> None:
    graph.media["900000000000001"] = (b"\xff\xd8\xff fake jpeg", "image/jpeg")
    assert post_webhook(live.api, fixture("inbound/wa_inbound_image.json")).status_code == 200
    admin = live.attendant(ADMIN)
    received = wait_for(lambda: _client_messages(admin), what="the image")[0]
    assert received["media"]["caption"] == "Foto do produto com defeito"
    assert received["media"]["content_type"] == "image/jpeg"
    assert admin.get(received["media"]["url"]).content == b"\xff\xd8\xff fake jpeg"
    fetches = [r for r in graph.requests if r.method == "GET"]
    assert [r.path for r in fetches] == ["/v21.0/900000000000001", "/download/900000000000001"]
    assert all(r.headers["authorization"] == f"Bearer {ACCESS_TOKEN}" for r in fetches)


def test_media_that_cannot_be_fetched_keeps_the_message_and_its_caption(live: Live) -> None:
    raw = envelope(
        message(
            "document",
            "wamid.IN_DOC_LOST",
            document={
                "id": "404404",
                "mime_type": "application/pdf",
                "filename": "nota.pdf",
                "caption": "Segue a nota",
            },
        )
    )
    assert post_webhook(live.api, raw).status_code == 200
    admin = live.attendant(ADMIN)
    received = wait_for(lambda: _client_messages(admin), what="the message")[0]
    assert received["media"] is None
    assert received["text"].startswith("Segue a nota\n")
    assert "documento" in received["text"]


def test_every_kind_of_inbound_message_reads_well_for_the_attendant(
    live: Live, graph: FakeGraph
) -> None:
    graph.media.update(
        {
            "m-audio": (b"OggS voice", "audio/ogg; codecs=opus"),
            "m-video": (b"mp4", "video/mp4"),
            "m-doc": (b"%PDF-1.4", "application/pdf"),
        }
    )
    admin = live.attendant(ADMIN)
    sends = [
        message("text", "wamid.K1", text={"body": "Primeira"}),
        message(
            "audio",
            "wamid.K2",
            audio={"id": "m-audio", "mime_type": "audio/ogg; codecs=opus", "voice": True},
        ),
        message(
            "video",
            "wamid.K3",
            video={"id": "m-video", "mime_type": "video/mp4", "caption": "Vídeo do erro"},
        ),
        message(
            "document",
            "wamid.K4",
            document={"id": "m-doc", "mime_type": "application/pdf", "filename": "boleto.pdf"},
        ),
        message(
            "location",
            "wamid.K5",
            location={
                "latitude": -23.5505,
                "longitude": -46.6333,
                "name": "Escritório",
                "address": "Av. Paulista, 1000",
            },
        ),
        message(
            "interactive",
            "wamid.K6",
            interactive={"type": "button_reply", "button_reply": {"id": "opt-yes", "title": "Sim"}},
        ),
        message(
            "interactive",
            "wamid.K7",
            interactive={
                "type": "list_reply",
                "list_reply": {"id": "row-2", "title": "Financeiro", "description": "Boletos"},
            },
        ),
        message("button", "wamid.K8", button={"payload": "PARAR", "text": "Parar promoções"}),
        message("reaction", "wamid.K9", reaction={"message_id": "wamid.K1", "emoji": "👍"}),
        message(
            "text",
            "wamid.K10",
            text={"body": "Sobre aquela"},
            context={"from": PHONE, "id": "wamid.K1"},
        ),
        message(
            "unsupported", "wamid.K11", errors=[{"code": 131051, "title": "Message type unknown"}]
        ),
        message(
            "contacts",
            "wamid.K12",
            contacts=[
                {
                    "name": {"formatted_name": "Maria Lima"},
                    "phones": [{"phone": "+55 11 91234-5678"}],
                }
            ],
        ),
    ]
    for body in sends:
        assert post_webhook(live.api, envelope(body)).status_code == 200

    def all_stored() -> list[dict[str, Any]] | None:
        found = _client_messages(admin)
        return found if len(found) == len(sends) else None

    got = wait_for(all_stored, what="every message")
    by_text = [m["text"] for m in got]
    assert by_text[0] == "Primeira"
    assert got[1]["media"]["content_type"] == "audio/ogg"
    assert got[1]["media"]["filename"].endswith(".ogg")
    assert got[2]["media"]["caption"] == "Vídeo do erro"
    assert got[3]["media"]["filename"] == "boleto.pdf"
    assert by_text[4] == "📍 Localização: -23.5505, -46.6333 (Escritório, Av. Paulista, 1000)"
    assert by_text[5] == "Sim"
    assert by_text[6] == "Financeiro"
    assert by_text[7] == "Parar promoções"
    assert by_text[8] == "[Mensagem não suportada pelo app: tipo reaction]"
    assert by_text[9] == "Sobre aquela"
    assert got[9]["quoted_message"]["id"] == got[0]["id"]
    assert got[9]["quoted_message"]["text"] == "Primeira"
    assert by_text[10] == "[Mensagem não suportada pelo app: tipo unsupported]"
    assert by_text[11] == "👤 Contato compartilhado: Maria Lima: +55 11 91234-5678"
    assert len(chats_of(admin, PHONE)) == 1


def test_a_customer_known_only_by_their_business_scoped_id_is_one_contact(
    live: Live, graph: FakeGraph
) -> None:
    bsuid = "BR.13491208655302741918"
    contacts = [
        {"profile": {"name": "Usuária Sem Número", "username": "usuaria"}, "user_id": bsuid}
    ]
    for number, text in ((1, "Oi"), (2, "Tem alguém aí?")):
        body = {
            "from_user_id": bsuid,
            "id": f"wamid.BSUID_{number}",
            "timestamp": "1750000200",
            "type": "text",
            "text": {"body": text},
        }
        assert post_webhook(live.api, envelope(body, contacts=contacts)).status_code == 200
    admin = live.attendant(ADMIN)
    chats = wait_for(lambda: chats_of(admin, name="Usuária Sem Número"), what="the chat")
    assert len(chats) == 1
    assert chats[0]["requestor"]["telephone"] is None
    wait_for(
        lambda: (
            len([m for m in messages_of(admin, chats[0]["id"]) if m["author"]["type"] == "client"])
            == 2
        ),
        what="both messages in one chat",
    )
    # The bot answers her by her id, since there is no number to send to.
    sent = wait_for(lambda: graph.sends(), what="the bot's answer")
    assert sent[0].json["recipient"] == bsuid
    assert "to" not in sent[0].json


# --- parsing and configuration ---------------------------------------------------------------


def test_parse_reads_the_status_fixture_and_maps_rating_buttons() -> None:
    delivery = whatsapp_cloud.parse(json.loads(fixture("status/wa_status_delivered.json")))
    assert not delivery.messages
    (update,) = delivery.statuses
    assert update.provider_message_id == "wamid.TEST_OUT_TEXT_0001"
    assert update.status.value == "delivered"
    rating = whatsapp_cloud.parse(
        json.loads(
            envelope(
                message(
                    "interactive",
                    "wamid.R",
                    interactive={
                        "type": "list_reply",
                        "list_reply": {"id": "rating-4", "title": "4 - Bom"},
                    },
                )
            )
        )
    ).messages[0]
    assert rating.kind is InboundKind.RATING
    assert rating.rating == 4
    failed = whatsapp_cloud.parse(
        json.loads(
            envelope(
                statuses=[
                    {
                        "id": "wamid.X",
                        "status": "failed",
                        "timestamp": "1750000800",
                        "recipient_id": PHONE,
                        "errors": [
                            {
                                "code": 131047,
                                "title": "Re-engagement message",
                                "error_data": {"details": "24h"},
                            }
                        ],
                    }
                ]
            )
        )
    ).statuses[0]
    assert failed.error_code == "131047"
    assert whatsapp_cloud.describe_error(failed.error_code) == (
        "Fora da janela de 24 horas: envie um modelo aprovado."
    )
    assert whatsapp_cloud.parse({"object": "page"}).ignored


def test_integrations_come_from_the_config_file_and_are_listed_without_secrets(
    tmp_path: Path,
) -> None:
    path = tmp_path / "service.toml"
    path.write_text(
        """
initial_admin_email = "chefe@acme.com.br"
initial_admin_password = "segredo-do-chefe"

[[integrations]]
id = 7
type = "whatsapp_cloud"
name = "WhatsApp Suporte"
phone_number = "+55 11 4000-0000"
[integrations.provider]
phone_number_id = "200000000000002"
access_token = "EAAG-very-secret-token"
app_secret = "app-secret-value"
verify_token = "verify-value"
""",
        encoding="utf-8",
    )
    config = load_config(path).with_overrides(data_dir=tmp_path / "data")
    integration = config.integration(7)
    assert integration is not None
    assert integration.setting("access_token") == "EAAG-very-secret-token"
    assert "EAAG" not in repr(config)
    assert "app-secret-value" not in repr(integration)
    server = ServerThread(config)
    server.start()
    live = Live(f"http://127.0.0.1:{server.port}", config)
    try:
        admin = live.attendant("chefe@acme.com.br", password="segredo-do-chefe")
        response = admin.get("/integrations")
        assert [(i["id"], i["type"], i["name"]) for i in response.json()] == [
            (7, "whatsapp_cloud", "WhatsApp Suporte")
        ]
        assert "secret" not in response.text
    finally:
        live.close()
        server.stop()
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[[integrations]]\nid = 3\ntype = "whatsapp_cloud"\nname = "X"\n'
        '[integrations.provider]\naccess_token = "secret-in-file"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="phone_number_id") as caught:
        load_config(broken)
    assert "secret-in-file" not in str(caught.value)


def test_get_integrations_never_shows_secrets(live: Live) -> None:
    admin = live.attendant(ADMIN)
    response = admin.get("/integrations")
    assert response.status_code == 200
    cloud = next(i for i in response.json() if i["id"] == CLOUD)
    assert cloud["name"] == "WhatsApp Suporte"
    assert cloud["type"] == "whatsapp_cloud"
    for secret in (ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN):
        assert secret not in response.text
