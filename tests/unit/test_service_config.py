"""The service's TOML settings: defaults, overrides, and clear errors for typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiflux_desktop.domain import MB
from tiflux_desktop.server.config import ConfigError, ServiceConfig, load_config


def test_no_file_gives_the_defaults() -> None:
    config = load_config(None)
    assert config == ServiceConfig()
    assert config.limits.file_max_bytes == 20 * MB
    assert config.limits.media_max_bytes == 15 * MB
    assert config.db_url.startswith("sqlite+aiosqlite:///")


def test_a_file_overrides_limits_triage_and_options(tmp_path: Path) -> None:
    path = tmp_path / "service.toml"
    path.write_text(
        """
organization_name = "ACME"
requires_catalog_item_on_finish = true
[limits]
file_max_bytes = 1000
[triage]
question = "Escolha:"
max_repetitions = 1
fallback_department = "Vendas"
[[triage.options]]
key = "1"
label = "Comercial"
department = "Vendas"
""",
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.organization_name == "ACME"
    assert config.requires_catalog_item_on_finish
    assert config.limits.file_max_bytes == 1000
    assert config.limits.media_max_bytes == 15 * MB
    assert config.triage.question == "Escolha:"
    assert [o.label for o in config.triage.options] == ["Comercial"]


@pytest.mark.parametrize(
    "text",
    [
        "organisation_name = 'typo'",
        "[limits]\nfile_max = 1",
        "[triage]\nquestions = 'x'",
        "[[triage.options]]\nkey='1'\nlabel='x'\ndept='y'",
        "this is not toml",
    ],
)
def test_unknown_keys_and_broken_files_are_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "service.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(path)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_config(tmp_path / "nope.toml")
