"""The WhatsApp customer-service window: free text only within 24 h of the customer's last message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_factories import at
from tiflux_desktop.domain import (
    OUTBOUND_START_ORIGINS,
    WHATSAPP_ORIGINS,
    Origin,
    free_text_allowed,
    window_closes_at,
)

LAST = at(0)
WHATSAPP_LIKE = sorted(WHATSAPP_ORIGINS)
NOT_WHATSAPP = sorted(set(Origin) - WHATSAPP_ORIGINS)


def test_whatsapp_origins_are_the_whatsapp_channels_and_campaigns() -> None:
    # Campaign chats begin with a bulk WhatsApp template, so the 24-hour window holds there too.
    assert {
        Origin.WHATSAPP,
        Origin.WHATSAPP_WEB,
        Origin.GUPSHUP,
        Origin.WHATSAPP_CLOUD,
        Origin.CAMPAIGN,
    } == WHATSAPP_ORIGINS


def test_site_widget_and_chat_are_not_whatsapp() -> None:
    assert Origin.SITE_WIDGET not in WHATSAPP_ORIGINS
    assert Origin.CHAT not in WHATSAPP_ORIGINS


def test_outbound_start_only_on_official_whatsapp_apis() -> None:
    assert {Origin.GUPSHUP, Origin.WHATSAPP_CLOUD} == OUTBOUND_START_ORIGINS
    assert OUTBOUND_START_ORIGINS <= WHATSAPP_ORIGINS


def test_window_closes_24h_after_the_customers_last_message() -> None:
    assert window_closes_at(LAST) == LAST + timedelta(hours=24)


def test_window_closes_at_keeps_the_time_zone() -> None:
    sao_paulo = timezone(timedelta(hours=-3))
    last = datetime(2024, 5, 10, 23, 30, tzinfo=sao_paulo)
    closes = window_closes_at(last)
    assert closes == datetime(2024, 5, 11, 23, 30, tzinfo=sao_paulo)
    assert closes is not None
    assert closes.utcoffset() == timedelta(hours=-3)


def test_no_customer_message_means_no_window() -> None:
    assert window_closes_at(None) is None


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_allowed_right_after_the_customer_wrote(origin: Origin) -> None:
    assert free_text_allowed(origin, LAST, LAST)
    assert free_text_allowed(origin, LAST, LAST + timedelta(hours=12))


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_allowed_at_23_59_59(origin: Origin) -> None:
    assert free_text_allowed(origin, LAST, LAST + timedelta(hours=23, minutes=59, seconds=59))


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_allowed_one_microsecond_before_24h(origin: Origin) -> None:
    assert free_text_allowed(origin, LAST, LAST + timedelta(hours=24) - timedelta(microseconds=1))


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_refused_at_exactly_24h(origin: Origin) -> None:
    assert not free_text_allowed(origin, LAST, LAST + timedelta(hours=24))


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_refused_long_after(origin: Origin) -> None:
    assert not free_text_allowed(origin, LAST, LAST + timedelta(days=3))


@pytest.mark.parametrize("origin", WHATSAPP_LIKE)
def test_free_text_refused_without_a_customer_message(origin: Origin) -> None:
    assert not free_text_allowed(origin, None, LAST)


@pytest.mark.parametrize("origin", NOT_WHATSAPP)
@pytest.mark.parametrize("last", [None, LAST - timedelta(days=30)])
def test_other_channels_never_limited(origin: Origin, last: datetime | None) -> None:
    assert free_text_allowed(origin, last, LAST)


def test_window_is_measured_in_instants_across_time_zones() -> None:
    sao_paulo = timezone(timedelta(hours=-3))
    last_local = datetime(2024, 5, 10, 9, 0, tzinfo=sao_paulo)  # 12:00 UTC
    assert free_text_allowed(Origin.GUPSHUP, last_local, datetime(2024, 5, 11, 11, 59, tzinfo=UTC))
    assert not free_text_allowed(
        Origin.GUPSHUP, last_local, datetime(2024, 5, 11, 12, 0, tzinfo=UTC)
    )


@given(
    st.sampled_from(WHATSAPP_LIKE),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
)
def test_free_text_allowed_exactly_while_elapsed_is_under_24h(
    origin: Origin, elapsed: timedelta
) -> None:
    assert free_text_allowed(origin, LAST, LAST + elapsed) == (elapsed < timedelta(hours=24))
