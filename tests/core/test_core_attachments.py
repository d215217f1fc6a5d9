"""Attachments: a file within the limits is kept with the outbox (so the original may go) and
delivered; one over the limits is refused before anything is kept or sent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core_support import (
    RestartableService,
    Running,
    Sessions,
    delivered,
    eventually,
    service_messages,
)
from support import ANA
from tiflux_desktop.domain import MB
from tiflux_desktop.net import AttachmentRejected, ConnectionState
from tiflux_desktop.store import OutboxState


async def _ana_with_her_chat(
    service: RestartableService, sessions: Sessions
) -> tuple[Running, int]:
    chat_id = service.live.customer(name="Cliente Anexo").open_chat("1")
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await ana.session.chats.set_online(True)
    await ana.session.chats.assume(chat_id)
    return ana, chat_id


def _kept_copies(ana: Running) -> list[Path]:
    files = ana.session.store.files
    assert files is not None
    return sorted(p for p in files.outbox_files.rglob("*") if p.is_file())


async def test_a_file_is_kept_with_the_outbox_and_delivered(
    service: RestartableService, sessions: Sessions, tmp_path: Path
) -> None:
    ana, chat_id = await _ana_with_her_chat(service, sessions)
    original = tmp_path / "relatório técnico.pdf"
    content = os.urandom(300 * 1024)
    original.write_bytes(content)

    await service.astop()
    item = await ana.session.composer.send(chat_id, "Segue o relatório", files=[original])
    assert item.state is OutboxState.QUEUED
    assert [(f.filename, f.size, f.content_type) for f in item.files] == [
        ("relatório técnico.pdf", len(content), "application/pdf")
    ]
    copies = _kept_copies(ana)
    assert [c.read_bytes() for c in copies] == [content]
    assert all(c.stat().st_mode & 0o077 == 0 for c in copies)  # the owner's only
    original.unlink()  # the attendant tidies up: the copy goes out

    await service.astart()
    await eventually(lambda: delivered(ana.session, chat_id), timeout=15)
    # The copy goes once the service has the file (right after the confirming transaction).
    await eventually(lambda: _kept_copies(ana) == [], what="the kept copy removed")

    on_service = service_messages(service.live.attendant(ANA), chat_id)
    mine = [m for m in on_service if m["client_message_id"] == item.client_message_id]
    media = [m["media"] for m in mine]  # one file: the text is its caption
    assert [(m["filename"], m["size"], m["caption"]) for m in media] == [
        ("relatório técnico.pdf", len(content), "Segue o relatório")
    ]

    page = await ana.session.chats.cached_messages(chat_id)
    cached = [m.media for m in page.messages if m.media is not None]
    assert [(m.id, m.filename) for m in cached] == [(media[0]["id"], "relatório técnico.pdf")]
    progress: list[tuple[int, int]] = []
    saved = await ana.session.composer.download(
        cached[0],
        tmp_path / "baixado.pdf",
        progress=lambda done, total: progress.append((done, total)),
    )
    assert saved.read_bytes() == content
    assert progress[-1] == (len(content), len(content))
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)


@pytest.mark.parametrize(
    ("name", "size"),
    [("backup.zip", 21 * MB), ("foto.jpg", 16 * MB)],
    ids=["file over 20 MB", "image over 15 MB"],
)
async def test_a_file_over_the_limit_is_refused_and_nothing_is_queued(
    service: RestartableService, sessions: Sessions, tmp_path: Path, name: str, size: int
) -> None:
    ana, chat_id = await _ana_with_her_chat(service, sessions)
    big = tmp_path / name
    with big.open("wb") as f:
        f.truncate(size)  # sparse: no 21 MB written to disk
    with pytest.raises(AttachmentRejected) as rejected:
        await ana.session.composer.send(chat_id, "Segue", files=[big])
    assert rejected.value.reason == "too_large"
    assert rejected.value.filename == name
    assert rejected.value.size == size
    assert await ana.session.composer.pending(chat_id) == []
    assert _kept_copies(ana) == []
    assert not any(c.outbox_upserted for c in ana.changes)
