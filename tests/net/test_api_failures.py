"""Retries, backoff, Retry-After, broken answers, unreachable and untrusted servers: against
small real servers on 127.0.0.1 that answer what our own service never would."""

from __future__ import annotations

import itertools
import json
import ssl
import time
from pathlib import Path

import pytest

from net_servers import Reply, ScriptedServer, closed_port, json_reply, listing, self_signed
from tiflux_desktop.net import (
    ApiClient,
    ApiError,
    BadResponse,
    CertificateError,
    LoginRequired,
    OutgoingFile,
    RateLimited,
    RetryPolicy,
    ServerError,
    Timeouts,
    Unreachable,
)
from tiflux_desktop.protocol import DepartmentOut, ErrorCode

COUNTS = '{"inbox": 1, "mine": 2, "in_attendance": 3, "archived": 4}'
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, max_retry_after=5)
UUID = "7d3f8a9e-8c1b-4d57-9a52-0c7f2a1b3c4d"


def unavailable() -> Reply:
    return json_reply(503, '{"code": 50301, "message": "down for a moment"}')


async def test_a_get_is_retried_after_503_and_succeeds() -> None:
    async with ScriptedServer([unavailable(), json_reply(200, COUNTS)]) as server:
        async with ApiClient(server.base_url, token="t", retry=FAST) as api:
            counts = await api.counts()
    assert counts.archived == 4
    assert [(r.method, r.target) for r in server.requests] == [("GET", "/api/v2/chats/counts")] * 2
    assert server.requests[0].headers["authorization"] == "Bearer t"
    assert server.requests[0].headers["user-agent"].startswith("tiflux-desktop/")


async def test_a_get_gives_up_after_the_attempts_with_server_error() -> None:
    async with ScriptedServer([unavailable()]) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            with pytest.raises(ServerError) as failed:
                await api.counts()
    assert len(server.requests) == FAST.attempts
    assert (failed.value.status, failed.value.code, failed.value.message) == (
        503,
        50301,
        "down for a moment",
    )
    assert failed.value.error_code is None  # not a code this app knows


async def test_backoff_grows_between_attempts() -> None:
    policy = RetryPolicy(attempts=4, base_delay=0.05, max_delay=0.5)
    async with ScriptedServer([Reply(502)]) as server:
        async with ApiClient(server.base_url, retry=policy) as api:
            with pytest.raises(ServerError):
                await api.counts()
    at = [r.at for r in server.requests]
    gaps = [b - a for a, b in itertools.pairwise(at)]
    # Equal jitter: each wait lies in [d/2, d] for d = 0.05, 0.1, 0.2.
    for gap, ceiling in zip(gaps, (0.05, 0.1, 0.2), strict=True):
        assert ceiling / 2 - 0.005 <= gap <= ceiling + 0.1, gaps


async def test_a_post_is_not_retried_on_503() -> None:
    async with ScriptedServer([unavailable(), json_reply(201, '{"messages": []}')]) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            with pytest.raises(ServerError):
                await api.post_message(1, client_message_id=UUID, text="oi")
    assert [r.method for r in server.requests] == ["POST"]


async def test_429_is_retried_for_a_post_after_retry_after() -> None:
    replies = [
        json_reply(429, '{"code": 42901, "message": "slow down"}', **{"Retry-After": "1"}),
        json_reply(201, '{"messages": []}'),
    ]
    async with ScriptedServer(replies) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            assert await api.post_message(1, client_message_id=UUID, text="oi") == []
    first, second = server.requests
    assert second.at - first.at >= 0.95
    assert first.body == second.body  # the same request again, same client_message_id


async def test_retry_after_is_capped_and_429_ends_as_rate_limited() -> None:
    policy = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_retry_after=0.1)
    reply = json_reply(429, '{"code": 42901, "message": "slow down"}', **{"Retry-After": "60"})
    async with ScriptedServer([reply]) as server:
        async with ApiClient(server.base_url, retry=policy) as api:
            started = time.monotonic()
            with pytest.raises(RateLimited) as limited:
                await api.set_online(True)
    assert time.monotonic() - started < 2
    assert len(server.requests) == 2
    assert limited.value.retry_after == pytest.approx(0.1)
    assert limited.value.error_code is ErrorCode.RATE_LIMITED


async def test_a_read_timeout_is_retried_for_a_get() -> None:
    replies = [Reply(200, COUNTS.encode(), delay=1.0), json_reply(200, COUNTS)]
    async with ScriptedServer(replies) as server:
        async with ApiClient(server.base_url, retry=FAST, timeouts=Timeouts(read=0.2)) as api:
            assert (await api.counts()).inbox == 1
    assert len(server.requests) == 2


async def test_a_read_timeout_on_a_post_is_unreachable_at_once() -> None:
    replies = [Reply(201, b'{"messages": []}', delay=1.0)]
    async with ScriptedServer(replies) as server:
        async with ApiClient(server.base_url, retry=FAST, timeouts=Timeouts(read=0.2)) as api:
            with pytest.raises(Unreachable) as lost:
                await api.post_message(1, client_message_id=UUID, text="oi")
    assert len(server.requests) == 1
    assert "timed out" in lost.value.reason


async def test_a_401_is_login_required_at_once() -> None:
    async with ScriptedServer([json_reply(401, '{"code": 40102, "message": "expired"}')]) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            with pytest.raises(LoginRequired) as refused:
                await api.me()
    assert len(server.requests) == 1
    assert refused.value.error_code is ErrorCode.TOKEN_EXPIRED


async def test_an_error_without_our_json_gets_a_code_from_the_status() -> None:
    html = Reply(502, b"<html>Bad Gateway</html>", {"Content-Type": "text/html"})
    teapot = Reply(418, b"")
    async with ScriptedServer([html, teapot]) as server:
        async with ApiClient(server.base_url, retry=RetryPolicy(attempts=1)) as api:
            with pytest.raises(ServerError) as gateway:
                await api.counts()
            with pytest.raises(ApiError) as odd:
                await api.counts()
    assert (gateway.value.code, gateway.value.details) == (50201, None)
    assert "502" in gateway.value.message
    assert type(odd.value) is ApiError
    assert odd.value.code == 41801


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"inbox": "many"}', b"[]", b'{"inbox": 1}'],
    ids=["not-json", "wrong-type", "wrong-shape", "missing-fields"],
)
async def test_a_2xx_that_does_not_fit_the_schema_is_bad_response(body: bytes) -> None:
    async with ScriptedServer([Reply(200, body)]) as server:
        async with ApiClient(server.base_url) as api:
            with pytest.raises(BadResponse):
                await api.counts()


async def test_a_list_without_the_total_header_is_bad_response() -> None:
    async with ScriptedServer([Reply(200, b"[]")]) as server:
        async with ApiClient(server.base_url) as api:
            with pytest.raises(BadResponse):
                await api.departments()


async def test_a_list_entry_that_does_not_fit_is_skipped_and_still_counted() -> None:
    good = {"id": 1, "name": "Suporte"}
    total = {"X-Total-Items": "3"}
    departments = json.dumps([good, {"id": 3, "active": "sometimes"}, {**good, "id": 4}])
    pages = [
        json_reply(200, departments, **total),
        json_reply(200, json.dumps([1, "two", None]), **total),
    ]
    async with ScriptedServer(pages) as server:
        async with ApiClient(server.base_url) as api:
            page = await api._page(  # pyright: ignore[reportPrivateUsage]
                DepartmentOut, "/departments", {}, 1, 3
            )
            with pytest.raises(BadResponse):  # entries that are not even objects
                await api.departments()
    assert [d.id for d in page.items] == [1, 4]
    assert page.skipped == (3,)
    assert page.size == 3  # a full page: the next one is still asked for


async def test_a_closed_port_is_unreachable() -> None:
    port = closed_port()
    async with ApiClient(f"http://127.0.0.1:{port}", retry=FAST) as api:
        with pytest.raises(Unreachable) as failed:
            await api.counts()
        with pytest.raises(Unreachable):
            await api.login("a@b.c", "x")
    assert type(failed.value) is Unreachable
    assert failed.value.reason == "could not connect to the service"


async def test_a_download_cut_short_leaves_no_partial_file(tmp_path: Path) -> None:
    body = b"x" * 300_000
    cut = Reply(200, body, {"Content-Type": "application/pdf"}, send_bytes=100_000)
    async with ScriptedServer([cut]) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            seen: list[tuple[int, int]] = []
            with pytest.raises(Unreachable):
                await api.download(
                    7, tmp_path / "file.pdf", progress=lambda d, t: seen.append((d, t))
                )
    assert listing(tmp_path) == []
    assert seen
    assert seen[0] == (0, 300_000)
    assert server.requests[0].target == "/api/v2/attachments/7"


async def test_a_self_signed_certificate_is_a_certificate_error(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    async with ScriptedServer([json_reply(200, COUNTS)], tls=tls) as server:
        async with ApiClient(server.base_url, retry=FAST) as api:
            with pytest.raises(CertificateError) as untrusted:
                await api.counts()
        assert "certificate" in untrusted.value.reason
        assert server.requests == []  # refused at the handshake; never retried
        # Trusting that certificate (a CA file path) makes it work, for REST and wss alike.
        async with ApiClient(server.base_url, verify=str(cert)) as trusting:
            assert (await trusting.counts()).mine == 2
            assert trusting.ws_url(3).startswith("wss://127.0.0.1:")
            assert trusting.ws_ssl is not None


async def test_the_multipart_body_on_the_wire(tmp_path: Path) -> None:
    """Exact Content-Length (no chunking), the service's field names, escaped file names."""
    odd = tmp_path / 'nota "fiscal".txt'
    odd.write_bytes(b"conteudo\r\n--nao e fronteira\r\n")
    reply = json_reply(201, '{"messages": []}')
    async with ScriptedServer([reply]) as server:
        async with ApiClient(server.base_url, token="t") as api:
            await api.post_message(
                5,
                client_message_id=UUID,
                text="Segue",
                internal=True,
                template_id=None,
                parameters=["Maria", "João"],
                files=[OutgoingFile.from_path(odd)],
            )
    [seen] = server.requests
    assert seen.target == "/api/v2/chats/5/messages"
    assert "transfer-encoding" not in seen.headers
    assert int(seen.headers["content-length"]) == len(seen.body)
    boundary = seen.headers["content-type"].split("boundary=", 1)[1]
    assert seen.headers["content-type"].startswith("multipart/form-data; ")
    parts = seen.body.split(f"--{boundary}".encode())
    assert parts[0] == b""
    assert parts[-1] == b"--\r\n"
    fields = parts[1:-1]
    assert b'name="text"\r\n\r\nSegue\r\n' in fields[0]
    assert any(b'name="internal"\r\n\r\ntrue\r\n' in f for f in fields)
    assert any(b'name="client_message_id"\r\n\r\n' + UUID.encode() in f for f in fields)
    assert not any(b'name="template_id"' in f for f in fields)
    assert [f.split(b"\r\n\r\n", 1)[1] for f in fields if b'name="parameters[]"' in f] == [
        b"Maria\r\n",
        "João\r\n".encode(),
    ]
    [file_part] = [f for f in fields if b'name="files[]"' in f]
    assert b'filename="nota %22fiscal%22.txt"' in file_part
    assert b"Content-Type: text/plain\r\n\r\n" in file_part
    assert file_part.endswith(b"\r\n\r\nconteudo\r\n--nao e fronteira\r\n\r\n")


async def test_a_ticket_without_files_is_still_multipart() -> None:
    body = (
        '{"ticket": {"ticket_number": 1000, "title": "T", "description": "D",'
        ' "client": {"id": 1, "name": "C"}, "desk": {"id": 1, "name": "d", "display_name": "D"},'
        ' "status": {"id": 1, "name": "Aberto"}, "created_at": "2024-05-01T12:00:00Z",'
        ' "url_internal_path": "/v/1000"}}'
    )
    async with ScriptedServer([json_reply(201, body)]) as server:
        async with ApiClient(server.base_url, token="t") as api:
            ticket = await api.create_ticket({"title": "T", "description": "D", "client_id": 1})
    assert ticket.ticket_number == 1000
    [seen] = server.requests
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="client_id"\r\n\r\n1\r\n' in seen.body
