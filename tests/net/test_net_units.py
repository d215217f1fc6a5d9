"""The pure parts of the network layer: files and limits, query parameters, backoff, frames,
addresses, error mapping."""

from __future__ import annotations

import os
import random
import stat
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from tiflux_desktop.domain import (
    AttachmentLimits,
    ChatFilters,
    ChatStatus,
    Origin,
    SearchBy,
    StartedBy,
    Tab,
)
from tiflux_desktop.net import (
    ApiClient,
    ApiError,
    AttachmentRejected,
    Backoff,
    LoginRequired,
    OutgoingFile,
    RetryPolicy,
    chat_params,
    check_attachments,
    parse_frame,
)
from tiflux_desktop.net.policy import parse_retry_after
from tiflux_desktop.protocol import ChatHidden, ErrorCode, ResyncRequired

# --- files and limits -------------------------------------------------------------------------


def test_outgoing_file_from_path_reads_size_and_type(tmp_path: Path) -> None:
    photo = tmp_path / "foto.JPG"
    photo.write_bytes(b"\xff\xd8" + b"0" * 98)
    item = OutgoingFile.from_path(photo)
    assert (item.filename, item.content_type, item.size) == ("foto.JPG", "image/jpeg", 100)
    named = OutgoingFile.from_path(photo, "outro.bin", "application/x-custom")
    assert (named.filename, named.content_type) == ("outro.bin", "application/x-custom")
    odd = tmp_path / "sem-extensao"
    odd.write_bytes(b"?")
    assert OutgoingFile.from_path(odd).content_type == "application/octet-stream"


def test_outgoing_file_refuses_what_cannot_be_read(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(AttachmentRejected) as refused:
            OutgoingFile.from_path(path)
        assert refused.value.reason == "unreadable"
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.txt"
        locked.write_text("x")
        locked.chmod(0)
        try:
            with pytest.raises(AttachmentRejected):
                OutgoingFile.from_path(locked)
        finally:
            locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_check_attachments_uses_the_media_and_file_limits() -> None:
    limits = AttachmentLimits(file_max_bytes=1000, media_max_bytes=500, max_files_per_message=3)
    pdf = OutgoingFile(Path("a.pdf"), "a.pdf", "application/pdf", 900)
    photo = OutgoingFile(Path("b.png"), "b.png", "image/png", 600)
    # Labelled as a file but named like an image: the stricter media limit applies.
    disguised = OutgoingFile(Path("c.png"), "c.png", "application/octet-stream", 600)
    check_attachments([pdf, pdf, pdf], limits)
    check_attachments([], limits)
    for item in (photo, disguised):
        with pytest.raises(AttachmentRejected) as refused:
            check_attachments([pdf, item], limits)
        assert (refused.value.reason, refused.value.limit, refused.value.size) == (
            "too_large",
            500,
            600,
        )
        assert refused.value.filename == item.filename
    with pytest.raises(AttachmentRejected) as many:
        check_attachments([pdf] * 4, limits)
    assert (many.value.reason, many.value.size, many.value.limit) == ("too_many", 4, 3)


# --- query parameters ---------------------------------------------------------------------------


def test_chat_params_map_every_filter_to_the_services_names() -> None:
    when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    filters = ChatFilters(
        department_id=1,
        client_id=2,
        requestor_id=3,
        number="1198",
        origins=(Origin.WHATSAPP_CLOUD, Origin.SITE_WIDGET),
        started_by=StartedBy.ATTENDANT,
        created_at_start=when,
        created_at_end=when + timedelta(days=1),
        finished_at_start=when,
        finished_at_end=when,
        statuses=(ChatStatus.TRIAGE, ChatStatus.IN_ATTENDANCE),
        user_id=9,
        canceled=False,
        q="joão",
        search_by=SearchBy.CLIENT,
    )
    common = {
        "department_id": "1",
        "client_id": "2",
        "requestor_id": "3",
        "number": "1198",
        "origins": "whatsapp_cloud,site_widget",
        "started_by": StartedBy.ATTENDANT.value,
        "created_at_start": "2024-05-01T12:00:00+00:00",
        "created_at_end": "2024-05-02T12:00:00+00:00",
        "q": "joão",
        "search_by": "client",
    }
    assert chat_params(Tab.INBOX, filters) == common
    assert chat_params(Tab.MINE, filters) == common
    assert chat_params(Tab.IN_ATTENDANCE, filters) == {
        **common,
        "status": "triage,in_attendance",
        "user_id": "9",
    }
    assert chat_params(Tab.ARCHIVED, filters) == {
        **common,
        "finished_at_start": "2024-05-01T12:00:00+00:00",
        "finished_at_end": "2024-05-01T12:00:00+00:00",
        "canceled": "false",
    }
    assert chat_params(Tab.INBOX, None) == {}
    # Blank search text is no search at all.
    assert chat_params(Tab.INBOX, ChatFilters(q="  ", search_by=SearchBy.CLIENT)) == {}


# --- backoff and Retry-After --------------------------------------------------------------------


def test_backoff_is_full_jitter_under_the_cap_and_deterministic_with_a_seed() -> None:
    backoff = Backoff(base=0.25, cap=2.0)
    first = [backoff.delay(a, random.Random(5)) for a in range(12)]
    assert first == [backoff.delay(a, random.Random(5)) for a in range(12)]
    rng = random.Random(9)
    for attempt in range(200):
        delay = backoff.delay(attempt, rng)
        assert 0 <= delay <= min(2.0, 0.25 * 2**attempt)
    assert backoff.delay(10_000, rng) <= 2.0  # no overflow for absurd attempt counts


def test_retry_policy_delay_is_truncated_exponential_with_equal_jitter() -> None:
    policy = RetryPolicy(base_delay=0.25, max_delay=4.0)
    rng = random.Random(1)
    for attempt, ceiling in ((1, 0.25), (2, 0.5), (3, 1.0), (6, 4.0), (50, 4.0)):
        for _ in range(20):
            assert ceiling / 2 <= policy.delay(attempt, rng) <= ceiling


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-2") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    seconds = parse_retry_after(later)
    assert seconds is not None
    assert 25 <= seconds <= 31


# --- frames -------------------------------------------------------------------------------------


def test_parse_frame_reads_events_and_resync_and_refuses_the_rest() -> None:
    hidden = parse_frame(
        b'{"seq": 4, "type": "chat.hidden", "at": "2024-05-01T12:00:00Z", "data": {"id": 1, "version": 3}}'
    )
    assert isinstance(hidden, ChatHidden)
    assert (hidden.seq, hidden.data.id) == (4, 1)
    assert parse_frame('{"type": "resync_required", "last_seq": 8}') == ResyncRequired(last_seq=8)
    for bad in ("", "[]", "null", '{"type": "chat.hidden"}', '{"type": "x"}', b"\xff"):
        with pytest.raises(ValidationError):  # a ValueError, as parse_frame promises
            parse_frame(bad)


# --- addresses and errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "root", "ws"),
    [
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765", "ws://127.0.0.1:8765"),
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765", "ws://127.0.0.1:8765"),
        ("http://h:1/api/v2", "http://h:1", "ws://h:1"),
        ("https://chat.example.com/api/v2/", "https://chat.example.com", "wss://chat.example.com"),
        ("https://example.com/tiflux/", "https://example.com/tiflux", "wss://example.com/tiflux"),
    ],
)
async def test_base_url_is_normalised_and_the_socket_url_follows(
    given: str, root: str, ws: str
) -> None:
    async with ApiClient(given) as api:
        assert api.base_url == root
        assert api.ws_url(42) == f"{ws}/api/v2/events/ws?after=42"
        assert api.ws_url(-3).endswith("?after=0")
        assert api.token is None
        api.token = "abc"
        assert api.token == "abc"


@pytest.mark.parametrize("bad", ["ftp://host", "127.0.0.1:8765", "http://"])
def test_a_base_url_that_is_not_http_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        ApiClient(bad)


def test_api_error_knows_its_code() -> None:
    known = LoginRequired(401, 40102, "expired")
    assert known.error_code is ErrorCode.TOKEN_EXPIRED
    assert isinstance(known, ApiError)
    assert ApiError(500, 50099, "?").error_code is None
