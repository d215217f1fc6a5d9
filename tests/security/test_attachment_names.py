"""Attachment names from outside (an attendant's upload, a widget visitor's, a file fetched
from WhatsApp) become file names and headers safely: the file lands inside its folder under a
name every system accepts, keeping the readable part and the extension, never over another
file; the download's Content-Disposition says the name as RFC 6266 does."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given

from support import ADMIN, Live
from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.domain.attachments import NAME_MAX_BYTES, numbered_filename, safe_filename
from tiflux_desktop.server.files import FileStore, content_disposition
from tiflux_desktop.ui.panes.messages import _save_copy  # pyright: ignore[reportPrivateUsage]
from untrusted_names import NASTY_NAMES, assert_safe_name, names

# --- the one function both sides use -------------------------------------------------------


@pytest.mark.parametrize(("given_name", "expected"), NASTY_NAMES)
def test_a_nasty_name_keeps_its_readable_part_and_extension(given_name: str, expected: str) -> None:
    assert safe_filename(given_name) == expected
    assert_safe_name(safe_filename(given_name))


@given(names())
def test_any_name_becomes_a_safe_one_and_stays_so(name: str) -> None:
    safe = safe_filename(name)
    assert_safe_name(safe)
    assert safe_filename(safe) == safe  # already safe: left alone
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    if re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9 _-]{0,40}\.[A-Za-z0-9]{1,8}", last):
        # A plain name is kept as it is (a device name only gets its "_").
        assert safe in (last, "_" + last)


@given(names())
def test_a_name_with_a_prefix_or_a_number_still_fits(name: str) -> None:
    # The app keeps downloads as "<id>-<name>" and saves copies as "name (2).pdf".
    prefix = "123456789-"
    cached = prefix + safe_filename(name, "file", NAME_MAX_BYTES - len(prefix))
    assert len(cached.encode()) <= NAME_MAX_BYTES
    safe = safe_filename(name)
    extension = os.path.splitext(safe)[1]
    for n in (1, 9, 12345):
        numbered = numbered_filename(safe, n)
        assert_safe_name(numbered)
        if len(extension) <= 17:
            assert numbered.endswith(f" ({n}){extension}"), (safe, numbered)


# --- the service: stored under random names, the name only as metadata ---------------------


@given(names())
def test_the_service_stores_any_name_inside_its_folder(tmp_path_factory, name: str) -> None:
    root = tmp_path_factory.mktemp("files")
    store = FileStore(root)
    stored = store.save(io.BytesIO(b"conteudo"), name, "application/pdf", AttachmentLimits())
    assert_safe_name(stored.filename)
    assert stored.filename == safe_filename(name)
    path = store.path(stored.storage_key)
    assert path.resolve().is_relative_to(root.resolve())
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files == [path]  # one file, named by its random key only
    assert path.read_bytes() == b"conteudo"


@given(names())
def test_content_disposition_is_one_safe_header_line(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii()
    assert header.isprintable()
    m = re.fullmatch(
        r'attachment; filename="([^"\\%]*)"; filename\*=UTF-8\'\'([A-Za-z0-9%._~-]*)', header
    )
    assert m, header
    assert unquote(m.group(2)) == safe_filename(name)


def _raw_upload(client: httpx.Client, chat_id: int, filename: bytes) -> httpx.Response:
    """A multipart body written byte by byte, so the name reaches the service exactly as a
    hostile client would send it (httpx would escape it first)."""
    boundary = b"b0undary-x"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="files[]"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
        b"%PDF-1.4 conteudo\r\n"
        b"--" + boundary + b"--\r\n"
    )
    return client.post(
        f"/chats/{chat_id}/messages",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=" + boundary.decode()},
    )


WIRE_NAMES = [
    name
    for name, _ in NASTY_NAMES
    # A header line cannot carry CR, LF or a quote as such, nor a lone surrogate.
    if not set(name) & {"\r", "\n", '"', "\ud800"}
]


def test_uploaded_names_are_stored_safely_and_downloaded_with_a_safe_header(
    live: Live, tmp_path: Path
) -> None:
    admin = live.attendant(ADMIN)
    chat_id = live.customer(name="Nomes").open_chat("1")
    assert admin.put(f"/chats/{chat_id}/assume").status_code == 200
    attachments = live.config.attachments_dir
    for name in WIRE_NAMES:
        answer = _raw_upload(admin, chat_id, name.encode("utf-8"))
        assert answer.status_code == 201, (name, answer.text)
        media = answer.json()["messages"][0]["media"]
        assert media["filename"] == safe_filename(name), name
        download = admin.get(f"/attachments/{media['id']}")
        assert download.status_code == 200
        disposition = download.headers["content-disposition"]
        assert disposition == content_disposition(name)
        assert download.headers["x-content-type-options"] == "nosniff"
    # Nothing under the data folder is named after an upload: only random keys.
    stored = [p for p in attachments.rglob("*") if p.is_file()]
    assert len(stored) == len(WIRE_NAMES)
    assert all(re.fullmatch(r"[0-9a-f]{32}", p.name) for p in stored)
    assert not list(tmp_path.rglob("passwd"))
    assert not list(tmp_path.rglob("hosts"))


# --- the app: a downloaded attachment saved in Downloads ------------------------------------


@pytest.mark.parametrize(("given_name", "expected"), NASTY_NAMES)
def test_the_app_saves_inside_the_folder_and_never_over_a_file(
    tmp_path: Path, given_name: str, expected: str
) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    source = tmp_path / "cached"
    source.write_bytes(b"novo")
    name = safe_filename(given_name, "attachment-7")
    (downloads / name).write_bytes(b"antigo")  # the attendant already has one of that name
    first = _save_copy(source, downloads, name)
    second = _save_copy(source, downloads, name)
    for saved in (first, second):
        assert saved.parent == downloads
        assert_safe_name(saved.name)
        assert saved.read_bytes() == b"novo"
    assert first != second
    assert (downloads / name).read_bytes() == b"antigo"
    assert sorted(p.name for p in downloads.iterdir()) == sorted(
        [name, numbered_filename(name, 1), numbered_filename(name, 2)]
    )
    if expected != "arquivo":
        assert name == expected
