"""Attachment limits: files up to 20 MB, media (image, audio, video) up to 15 MB, configurable."""

from __future__ import annotations

import pytest

from tiflux_desktop.domain import MB, AttachmentKind, AttachmentLimits, kind_of, runs_as_program

MEDIA, FILE = AttachmentKind.MEDIA, AttachmentKind.FILE
DEFAULT = AttachmentLimits()


# ---------------------------------------------------------------------------
# kind_of
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "filename"),
    [
        ("image/png", "foto"),
        ("image/jpeg", "foto.jpg"),
        ("audio/ogg; codecs=opus", "voz"),  # WhatsApp voice note
        ("audio/mpeg", "musica.mp3"),
        ("video/mp4", "video.mp4"),
        ("IMAGE/PNG", "upper"),  # content types are case-insensitive
        ("Video/MP4", "x"),
    ],
)
def test_declared_image_audio_video_is_media(content_type: str, filename: str) -> None:
    assert kind_of(content_type, filename) is MEDIA


@pytest.mark.parametrize(
    "filename",
    [
        "video.mp4",
        "VIDEO.MP4",
        "foto.jpg",
        "foto.jpeg",
        "foto.png",
        "voz.ogg",
        "audio.mp3",
        "clip.mov",
    ],
)
def test_generic_content_type_with_media_extension_is_media(filename: str) -> None:
    """A mislabelled upload gets the stricter (media) limit."""
    assert kind_of("application/octet-stream", filename) is MEDIA
    assert kind_of(None, filename) is MEDIA
    assert kind_of("", filename) is MEDIA


@pytest.mark.parametrize(
    ("content_type", "filename"),
    [
        ("application/pdf", "boleto.pdf"),
        ("application/octet-stream", "boleto.pdf"),
        (None, "contrato.pdf"),
        ("application/zip", "logs.zip"),
        ("text/plain", "notas.txt"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "planilha.xlsx"),
        ("application/octet-stream", "sem_extensao"),
        (None, "sem_extensao"),
    ],
)
def test_documents_and_unknown_files_are_files(content_type: str | None, filename: str) -> None:
    assert kind_of(content_type, filename) is FILE


def test_declared_media_wins_over_a_document_extension() -> None:
    assert kind_of("image/png", "captura.pdf") is MEDIA


def test_media_extension_wins_over_a_document_content_type() -> None:
    assert kind_of("application/pdf", "video.mp4") is MEDIA


# ---------------------------------------------------------------------------
# AttachmentLimits
# ---------------------------------------------------------------------------


def test_default_limits_are_20_mb_files_and_15_mb_media() -> None:
    assert MB == 1024 * 1024
    assert DEFAULT.file_max_bytes == 20 * MB
    assert DEFAULT.media_max_bytes == 15 * MB
    assert DEFAULT.limit_for(FILE) == 20 * MB
    assert DEFAULT.limit_for(MEDIA) == 15 * MB
    assert DEFAULT.largest() == 20 * MB


def test_media_at_exactly_15_mb_allowed() -> None:
    assert DEFAULT.too_large("image/jpeg", "foto.jpg", 15 * MB) is None


def test_media_one_byte_over_15_mb_refused_with_the_limit() -> None:
    assert DEFAULT.too_large("image/jpeg", "foto.jpg", 15 * MB + 1) == 15 * MB


def test_file_at_exactly_20_mb_allowed() -> None:
    assert DEFAULT.too_large("application/pdf", "boleto.pdf", 20 * MB) is None


def test_file_one_byte_over_20_mb_refused_with_the_limit() -> None:
    assert DEFAULT.too_large("application/pdf", "boleto.pdf", 20 * MB + 1) == 20 * MB


def test_mislabelled_video_gets_the_media_limit() -> None:
    assert DEFAULT.too_large("application/octet-stream", "video.mp4", 16 * MB) == 15 * MB


def test_pdf_between_the_two_limits_fits() -> None:
    assert DEFAULT.too_large("application/pdf", "manual.pdf", 18 * MB) is None


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_attachments_fit(size: int) -> None:
    assert DEFAULT.too_large("image/png", "a.png", size) is None
    assert DEFAULT.too_large("application/pdf", "a.pdf", size) is None


def test_custom_limits() -> None:
    limits = AttachmentLimits(file_max_bytes=5 * MB, media_max_bytes=50 * MB)
    assert limits.too_large("application/pdf", "a.pdf", 5 * MB) is None
    assert limits.too_large("application/pdf", "a.pdf", 5 * MB + 1) == 5 * MB
    assert limits.too_large("video/mp4", "a.mp4", 50 * MB) is None
    assert limits.too_large("video/mp4", "a.mp4", 50 * MB + 1) == 50 * MB
    assert limits.largest() == 50 * MB


def test_limits_are_immutable_values() -> None:
    assert AttachmentLimits() == AttachmentLimits()
    with pytest.raises(AttributeError):
        DEFAULT.file_max_bytes = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "head", "runs"),
    [
        ("fatura.pdf.exe", b"", True),
        ("INSTALAR.MSI", b"", True),
        ("script.ps1", b"", True),
        ("atalho.lnk", b"", True),
        ("app.AppImage", b"", True),
        ("rodar.sh", b"", True),
        ("pacote.deb", b"", True),
        ("Instalar.command", b"", True),
        ("notas.txt", b"\x7fELF\x02\x01", True),  # by its bytes, whatever its name
        ("foto.jpg", b"MZ\x90\x00", True),
        ("leia.txt", b"#!/bin/sh\n", True),
        ("relatorio.pdf", b"%PDF-1.7", False),
        ("foto.jpg", b"\xff\xd8\xff\xe0", False),
        ("planilha.xlsx", b"PK\x03\x04", False),
        ("sem extensão", b"", False),
        ("exe", b"", False),  # a name, not an extension
        ("ponto.", b"", False),
    ],
)
def test_programs_and_scripts_are_told_by_name_or_by_bytes(
    name: str, head: bytes, runs: bool
) -> None:
    assert runs_as_program(name, head) is runs
