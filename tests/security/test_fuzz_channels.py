"""Fuzzing the channels' payload parsers (WhatsApp Cloud and Gupshup webhook bodies, starting
from the real fixtures in tests/fixtures/channels and mutating them) and their HTTP endpoints:
a parser returns a Delivery or its own error; a signed webhook with a fuzzed body is answered
without a 5xx, and what was accepted is stored whole (nothing left behind in the channel's inbox,
no message without its chat, no error in the service's log)."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from fuzz_json import DEEP_TEXTS, JUNK, mutated
from support import Live, make_config
from tiflux_desktop.server.channels import gupshup, whatsapp_cloud
from tiflux_desktop.server.channels.model import Delivery
from tiflux_desktop.server.config import IntegrationConfig, ServiceConfig

# The deep profile (make chaos) runs thousands of examples: more than the suite's default
# per-test timeout allows.
pytestmark = pytest.mark.timeout(1800)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "channels"
APP_SECRET = "test-app-secret-NOT-REAL-0001"  # the fixtures' test secret (their README)
CALLBACK_TOKEN = "callback-token-NOT-REAL"
CLOUD, GUPSHUP = 2, 3  # the demo's integrations, made real providers by the config below
DEAD_PROVIDER = "http://127.0.0.1:9"  # media fetches and sends fail at once, on this machine
DELIVERY = TypeAdapter(Delivery)  # how the channel core keeps an accepted delivery


def fixture(*parts: str) -> Any:
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))


def cloud_body(*messages: dict[str, Any], statuses: tuple[dict[str, Any], ...] = ()) -> Any:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550100001", "phone_number_id": "200000000000002"},
        "contacts": [{"profile": {"name": "Cliente Fuzz"}, "wa_id": "5511900000009"}],
        "messages": list(messages),
        "statuses": list(statuses),
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "100000000000001", "changes": [{"value": value, "field": "messages"}]}],
    }


def cloud_message(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "from": "5511900000009",
        "id": "wamid.FUZZ",
        "timestamp": "1750000100",
        "type": kind,
        **fields,
    }


CLOUD_SEEDS: list[Any] = [
    fixture("whatsapp_cloud", "inbound", "wa_inbound_text.json"),
    fixture("whatsapp_cloud", "inbound", "wa_inbound_image.json"),
    fixture("whatsapp_cloud", "status", "wa_status_delivered.json"),
    cloud_body(
        cloud_message("location", location={"latitude": -23.5, "longitude": -46.6, "name": "Loja"}),
        cloud_message(
            "contacts",
            contacts=[{"name": {"formatted_name": "Ana"}, "phones": [{"phone": "+55 11 9"}]}],
        ),
        cloud_message(
            "interactive",
            interactive={
                "type": "button_reply",
                "button_reply": {"id": "rating-5", "title": "Ótimo"},
            },
        ),
        cloud_message("button", button={"payload": "rating-2", "text": "Ruim"}),
        cloud_message(
            "document",
            document={"id": "77", "mime_type": "application/pdf", "filename": "../../x.pdf"},
        ),
        cloud_message("reaction", reaction={"emoji": "👍"}),
        statuses=(
            {
                "id": "wamid.OUT",
                "status": "failed",
                "timestamp": "1750000700",
                "errors": [
                    {"code": 131047, "title": "Re-engagement", "error_data": {"details": "24h"}}
                ],
            },
        ),
    ),
]
GUPSHUP_SEEDS: list[Any] = [
    fixture("gupshup", "inbound", "gs_inbound_text.json"),
    fixture("gupshup", "events", "gs_event_delivered.json"),
    {
        "app": "FakeDemoApp",
        "timestamp": 1750000000000,
        "version": 2,
        "type": "message",
        "payload": {
            "id": "ABEG-FUZZ",
            "source": "5511900000008",
            "type": "location",
            "payload": {"latitude": "-23.5", "longitude": "-46.6", "name": "Loja"},
            "sender": {"phone": "5511900000008", "name": "Cliente"},
            "context": {"gsId": "x"},
        },
    },
    {
        "app": "FakeDemoApp",
        "timestamp": 1750000000000,
        "version": 2,
        "type": "message-event",
        "payload": {
            "id": "x",
            "gsId": "gs-1",
            "type": "failed",
            "payload": {"code": 1002, "reason": "no whatsapp", "ts": 1750000000},
        },
    },
]


def cloud_payloads() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(CLOUD_SEEDS).flatmap(mutated), JUNK)


def gupshup_payloads() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(GUPSHUP_SEEDS).flatmap(mutated), JUNK)


def kept(delivery: Delivery) -> None:
    """What accept() does with a delivery: JSON for channel_inbox, and back for the worker.
    Text that JSON cannot carry is the only refusal (the route answers 400 for it)."""
    try:
        raw = DELIVERY.dump_json(delivery)
    except ValueError:
        return
    assert DELIVERY.validate_json(raw) == delivery


# --- the parsers --------------------------------------------------------------------------------


def test_the_seeds_parse() -> None:
    for seed in CLOUD_SEEDS:
        delivery = whatsapp_cloud.parse(seed)
        assert delivery.messages or delivery.statuses
    for seed in GUPSHUP_SEEDS:
        delivery = gupshup.parse(seed)
        assert delivery.messages or delivery.statuses


@given(cloud_payloads())
def test_whatsapp_cloud_parse_returns_a_delivery(payload: Any) -> None:
    # Meta's payloads are read leniently: anything decodes, unknown parts are "ignored".
    kept(whatsapp_cloud.parse(payload))


@given(gupshup_payloads())
@example({**GUPSHUP_SEEDS[0], "payload": {**GUPSHUP_SEEDS[0]["payload"], "type": ["image"]}})
def test_gupshup_parse_returns_a_delivery_or_a_payload_error(payload: Any) -> None:
    try:
        delivery = gupshup.parse(payload)
    except gupshup.PayloadError:
        return
    kept(delivery)


# --- the endpoints ------------------------------------------------------------------------------


@pytest.fixture
def service_config(tmp_path: Path) -> ServiceConfig:
    cloud = IntegrationConfig(
        id=CLOUD,
        type="whatsapp_cloud",
        name="WhatsApp Suporte",
        phone_number="5511400040001",
        provider=MappingProxyType(
            {
                "phone_number_id": "200000000000002",
                "access_token": "access-token-NOT-REAL",
                "app_secret": APP_SECRET,
                "verify_token": "verify-NOT-REAL",
                "base_url": DEAD_PROVIDER,
            }
        ),
    )
    gs = IntegrationConfig(
        id=GUPSHUP,
        type="gupshup",
        name="Gupshup",
        provider=MappingProxyType(
            {
                "app_name": "FakeDemoApp",
                "api_key": "api-key-NOT-REAL",
                "source_number": "15550100002",
                "base_url": DEAD_PROVIDER,
                "callback_token": CALLBACK_TOKEN,
            }
        ),
    )
    return make_config(tmp_path, integrations=(cloud, gs), send_retry_delays=(0.05,))


def _raw(payload: Any) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


BODIES = st.one_of(
    st.binary(max_size=100),
    DEEP_TEXTS.map(str.encode),
    st.sampled_from(["Infinity", "-1e999", '{"object": NaN}', '"\\ud800"']).map(str.encode),
)


def _inbox_rows(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
        return int(conn.execute("SELECT count(*) FROM channel_inbox").fetchone()[0])


def test_fuzzed_webhooks_never_get_a_5xx_and_leave_nothing_half_stored(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    answers: dict[int, int] = {}
    http = httpx.Client(base_url=live.api, timeout=30)

    def post_cloud(payload: Any) -> None:
        raw = _raw(payload)
        answer = http.post(
            f"/webhooks/whatsapp-cloud/{CLOUD}",
            content=raw,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": whatsapp_cloud.sign(APP_SECRET, raw),
            },
        )
        answers[answer.status_code] = answers.get(answer.status_code, 0) + 1
        assert answer.status_code < 500, answer.text

    def post_gupshup(payload: Any) -> None:
        answer = http.post(
            f"/webhooks/gupshup/{GUPSHUP}",
            params={"token": CALLBACK_TOKEN},
            content=_raw(payload),
            headers={"Content-Type": "application/json"},
        )
        answers[answer.status_code] = answers.get(answer.status_code, 0) + 1
        assert answer.status_code < 500, answer.text

    given(st.one_of(cloud_payloads(), BODIES))(post_cloud)()
    given(st.one_of(gupshup_payloads(), BODIES))(post_gupshup)()
    http.close()

    # Everything acknowledged is stored by the channel worker, whole: its kept copy goes.
    database = live.config.data_dir / "service.db"
    deadline = time.monotonic() + 60
    while _inbox_rows(database):
        assert time.monotonic() < deadline, "accepted deliveries were never stored"
        time.sleep(0.1)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT count(*) FROM messages WHERE chat_id NOT IN (SELECT id FROM chats)"
        ).fetchone()[0]
        assert orphans == 0
    assert answers.get(200, 0) > 0, answers  # the mutations reach the parsers
    assert answers.get(400, 0) > 0, answers
    failures = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(("tiflux_desktop", "uvicorn"))
    ]
    assert failures == []
