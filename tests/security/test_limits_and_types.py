"""Size limits hold on both sides, and what a file is shown as comes from its bytes.

The service refuses a body past what its route can take before reading it (Content-Length)
or as soon as it passes (a chunked body), leaves nothing stored, and never holds a provider's
media whole past WhatsApp's own largest file. The app refuses an attachment over the limits
before a byte is sent. A download's Content-Type is the sender's only when it cannot make a
browser run anything; an "image" is previewed only when its bytes are PNG, JPEG, GIF, WebP
or BMP.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support import ADMIN, Live, make_config
from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.domain.attachments import image_type_of
from tiflux_desktop.net import AttachmentRejected
from tiflux_desktop.net.files import OutgoingFile, check_attachments
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.channels import gupshup, whatsapp_cloud
from tiflux_desktop.server.channels.model import MediaRef, ProviderError
from tiflux_desktop.server.config import IntegrationConfig, ServiceConfig
from tiflux_desktop.server.files import served_type
from tiflux_desktop.ui.panes.messages import _image_format  # pyright: ignore[reportPrivateUsage]
from untrusted_media import PNG, fake_images, png_bytes

KB = 1024
LIMITS = AttachmentLimits(file_max_bytes=200 * KB, media_max_bytes=100 * KB)


@pytest.fixture
def service_config(tmp_path: Path) -> ServiceConfig:
    return make_config(tmp_path, limits=LIMITS)


def stored_files(live: Live) -> list[Path]:
    return [p for p in live.config.attachments_dir.rglob("*") if p.is_file()]


def chunks(total: int, size: int = 64 * KB) -> Iterator[bytes]:
    """A body sent without Content-Length (Transfer-Encoding: chunked)."""
    sent = 0
    while sent < total:
        part = min(size, total - sent)
        sent += part
        yield b"x" * part


def assumed_chat(live: Live, admin: httpx.Client) -> int:
    chat_id = live.customer(name="Limites").open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    return chat_id


# --- the service -----------------------------------------------------------------------------


def test_an_announced_huge_body_is_refused_before_it_is_sent(live: Live) -> None:
    """Only the headers go: the answer comes at once, with nothing of the body read."""
    port = int(live.base_url.rsplit(":", 1)[1])
    for path, ctype in (
        ("/api/v2/auth/login", "application/json"),
        ("/api/v2/webhooks/whatsapp-cloud/2", "application/json"),
        ("/api/v2/customer/messages", "multipart/form-data; boundary=x"),
    ):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {50 * 1024 * 1024 * 1024}\r\n\r\n".encode()
            )
            head = sock.recv(4096).decode("latin-1")
        assert head.startswith("HTTP/1.1 413"), (path, head)


@pytest.mark.parametrize(
    "path",
    ["/auth/login", "/customer/sessions"],
)
def test_a_chunked_body_past_the_ceiling_is_cut_off(live: Live, path: str) -> None:
    """Without Content-Length, the body is counted as it arrives: 413, not a body held whole
    in memory (these routes read JSON whole; 8 MB is twice the ceiling)."""
    answer = live.anonymous().post(
        path, content=chunks(8 * 1024 * KB), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == ErrorCode.TOO_LARGE.value


def test_a_chunked_upload_past_the_routes_ceiling_stores_nothing(live: Live) -> None:
    customer = live.customer(name="Chunked")
    customer.say("Olá")
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from chunks(2 * 1024 * KB)  # far past 200 KB + the form's overhead
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = customer.http.post(
        "/customer/messages",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 413, answer.text
    assert stored_files(live) == []


def test_over_the_limit_uploads_are_refused_on_every_path_and_leave_nothing(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = assumed_chat(live, admin)
    big_file = b"%PDF" + b"0" * (200 * KB)  # 1 byte over files' limit... and 4 more
    big_photo = PNG + b"0" * (100 * KB)  # over media's limit
    for name, content, ctype in (
        ("contrato.pdf", big_file, "application/pdf"),
        ("foto.png", big_photo, "image/png"),
        ("foto.png", big_photo, "application/octet-stream"),  # the name says media
        ("disfarce.pdf", big_photo, "image/png"),  # the type says media
    ):
        answer = admin.post(
            f"/chats/{chat_id}/messages", files=[("files[]", (name, content, ctype))]
        )
        assert answer.status_code == 413, (name, ctype, answer.text)
        assert answer.json()["details"]["limit_bytes"] in (LIMITS.file_max_bytes, 100 * KB)
    # Two files, the second over: the first is not kept either.
    answer = admin.post(
        f"/chats/{chat_id}/messages",
        files=[
            ("files[]", ("ok.pdf", b"%PDF small", "application/pdf")),
            ("files[]", ("grande.pdf", big_file, "application/pdf")),
        ],
    )
    assert answer.status_code == 413
    customer = live.customer(name="Visitante")
    customer.say("Olá")
    answer = customer.http.post(
        "/customer/messages", files={"files": ("foto.jpg", big_photo, "image/jpeg")}
    )
    assert answer.status_code == 413
    assert stored_files(live) == []
    listed = admin.get(f"/chats/{chat_id}/messages").json()
    assert [m for m in listed if m.get("media")] == []  # no message half made either


class _Endless(httpx.AsyncByteStream):
    """A provider's media URL answering far more than any WhatsApp file, counted."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent = 0

    async def __aiter__(self):  # type: ignore[override]
        while self.sent < self.total:
            self.sent += 64 * KB
            yield b"\0" * (64 * KB)


def _media_host(stream: _Endless) -> httpx.MockTransport:
    """A provider: the Graph API's media lookup (``/media-1``), then the file's URL, endless."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/media-1"):
            return httpx.Response(
                200, json={"url": "https://lookaside.example/file", "mime_type": "video/mp4"}
            )
        return httpx.Response(200, stream=stream, headers={"Content-Type": "video/mp4"})

    return httpx.MockTransport(answer)


async def test_media_from_whatsapp_cloud_is_never_held_past_the_ceiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(whatsapp_cloud, "MAX_MEDIA_BYTES", 1024 * KB)
    stream = _Endless(50 * 1024 * KB)

    config = IntegrationConfig(id=2, type="whatsapp_cloud", name="Cloud")
    async with httpx.AsyncClient(transport=_media_host(stream)) as client:
        with pytest.raises(ProviderError):
            await whatsapp_cloud.fetch_media(
                config, client, MediaRef(provider_media_id="media-1", content_type="video/mp4")
            )
    assert stream.sent <= 1024 * KB + 64 * KB


@pytest.mark.parametrize("channel", ["whatsapp_cloud", "gupshup"])
async def test_media_is_read_no_further_than_the_service_keeps(channel: str) -> None:
    """The service's own limit (20 MB here by default, far under WhatsApp's 100 MB) is where
    reading stops: a file the service would refuse is never held in memory first."""
    stream = _Endless(50 * 1024 * KB)

    limit = AttachmentLimits(file_max_bytes=2 * 1024 * KB, media_max_bytes=KB).largest()
    if channel == "whatsapp_cloud":
        config = IntegrationConfig(id=2, type="whatsapp_cloud", name="Cloud")
        ref = MediaRef(provider_media_id="media-1", content_type="video/mp4")
        fetch = whatsapp_cloud.fetch_media
    else:
        config = IntegrationConfig(id=3, type="gupshup", name="Gupshup")
        ref = MediaRef(
            provider_media_id=None,
            url="https://filemanager.example/v.mp4",
            content_type="video/mp4",
        )
        fetch = gupshup.fetch_media
    async with httpx.AsyncClient(transport=_media_host(stream)) as client:
        with pytest.raises(ProviderError):
            await fetch(config, client, ref, limit)
    assert stream.sent <= 2 * 1024 * KB + 64 * KB


# --- the app ---------------------------------------------------------------------------------


def test_the_app_refuses_an_attachment_over_the_limits_before_sending(tmp_path: Path) -> None:
    limits = AttachmentLimits(file_max_bytes=20 * 1024 * KB, media_max_bytes=15 * 1024 * KB)
    huge = tmp_path / "backup.zip"
    with huge.open("wb") as out:  # sparse: 3 GB on paper, nothing on disk or in memory
        out.truncate(3 * 1024 * 1024 * KB)
    photo = tmp_path / "foto.jpg"
    with photo.open("wb") as out:
        out.truncate(15 * 1024 * KB + 1)
    for path, limit in ((huge, limits.file_max_bytes), (photo, limits.media_max_bytes)):
        with pytest.raises(AttachmentRejected) as refused:
            check_attachments([OutgoingFile.from_path(path)], limits)
        assert refused.value.reason == "too_large"
        assert refused.value.limit == limit
        assert refused.value.filename == path.name
    # Declared as a document, the photo still gets the media limit (its name says image).
    with pytest.raises(AttachmentRejected):
        check_attachments(
            [OutgoingFile.from_path(photo, content_type="application/octet-stream")], limits
        )
    many = [OutgoingFile(tmp_path / f"{i}.txt", f"{i}.txt", "text/plain", 1) for i in range(11)]
    with pytest.raises(AttachmentRejected) as refused:
        check_attachments(many, limits)
    assert refused.value.reason == "too_many"


# --- what a file is shown as -----------------------------------------------------------------


def test_a_fake_image_is_served_as_a_download_that_runs_nothing(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = assumed_chat(live, admin)
    for name, content, declared in fake_images():
        sent = admin.post(
            f"/chats/{chat_id}/messages", files=[("files[]", (name, content, declared))]
        )
        assert sent.status_code == 201, sent.text
        media = sent.json()["messages"][0]["media"]
        download = admin.get(f"/attachments/{media['id']}")
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/octet-stream", name
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.headers["x-content-type-options"] == "nosniff"
        assert download.content == content


def test_a_real_image_is_served_as_what_its_bytes_are(live: Live) -> None:
    admin = live.attendant(ADMIN)
    chat_id = assumed_chat(live, admin)
    # Declared as a document, named .bin: the bytes are a PNG, so it is served as one.
    sent = admin.post(
        f"/chats/{chat_id}/messages",
        files=[("files[]", ("foto.bin", png_bytes(), "application/octet-stream"))],
    )
    media = sent.json()["messages"][0]["media"]
    download = admin.get(f"/attachments/{media['id']}")
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("declared", "served"),
    [
        ("application/pdf", "application/pdf"),
        ("audio/ogg; codecs=opus", "audio/ogg"),
        ("video/mp4", "video/mp4"),
        ("text/plain", "text/plain"),
        ("text/html", "application/octet-stream"),
        ("TEXT/HTML; charset=utf-8", "application/octet-stream"),
        ("application/xhtml+xml", "application/octet-stream"),
        ("image/svg+xml", "application/octet-stream"),
        ("application/javascript", "application/octet-stream"),
        ("text/xml", "application/octet-stream"),
        ("image/png", "application/octet-stream"),  # bytes are not a PNG
        ("multipart/x-mixed-replace; boundary=a", "application/octet-stream"),
        ("text/html\r\nX-Injected: 1", "application/octet-stream"),
        ("", "application/octet-stream"),
        (None, "application/octet-stream"),
    ],
)
def test_the_served_type_is_never_an_active_one(declared: str | None, served: str) -> None:
    assert served_type(declared, b"<html><script>alert(1)</script>") == served


def test_the_app_previews_only_what_the_bytes_say_is_an_image(tmp_path: Path) -> None:
    real = tmp_path / "foto.png"
    real.write_bytes(png_bytes())
    assert _image_format(real) == b"png"
    assert image_type_of(png_bytes()[:32]) == "image/png"
    for name, content, _declared in fake_images():
        fake = tmp_path / name
        fake.write_bytes(content)
        assert _image_format(fake) is None, name
    assert _image_format(tmp_path / "missing.png") is None
