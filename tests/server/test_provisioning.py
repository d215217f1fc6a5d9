"""An operator's own organisation, declared in the settings file and created at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import Live, ServerThread
from tiflux_desktop.server.config import ConfigError, ServiceConfig, load_config

SETTINGS = """
initial_admin_email = "chefe@acme.com.br"
initial_admin_password = "segredo-do-chefe"

[organization]
departments = ["Atendimento", "Cobrança"]
clients = ["ACME Ltda"]

[[organization.attendant_groups]]
name = "Time Atendimento"
departments = ["Atendimento"]

[[organization.attendants]]
name = "Paula Reis"
email = "paula@acme.com.br"
password = "senha-da-paula"
groups = ["Time Atendimento"]

[[organization.integrations]]
name = "Widget ACME"
type = "site_widget"

[[organization.message_templates]]
title = "Olá"
content = "Olá {{nome}}!"

[triage]
fallback_department = "Atendimento"
[[triage.options]]
key = "1"
label = "Atendimento"
department = "Atendimento"
"""


def _config(tmp_path: Path) -> ServiceConfig:
    path = tmp_path / "service.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    return load_config(path).with_overrides(data_dir=tmp_path / "data")


def _run(config: ServiceConfig) -> tuple[list[str], list[str], int]:
    server = ServerThread(config)
    server.start()
    live = Live(f"http://127.0.0.1:{server.port}", config)
    try:
        admin = live.attendant("chefe@acme.com.br", password="segredo-do-chefe")
        paula = live.attendant("paula@acme.com.br", password="senha-da-paula")
        attendants = [a["name"] for a in admin.get("/attendants").json()]
        departments = [d["name"] for d in paula.get("/departments").json()]
        # A widget customer is triaged into the declared department.
        customer = live.customer(integration_id=1, name="Visitante")
        customer.open_chat("1")
        inbox = paula.get("/chats/inbox").json()
        return attendants, departments, len(inbox)
    finally:
        live.close()
        server.stop()


def test_the_declared_organisation_works_and_is_created_once(tmp_path: Path) -> None:
    config = _config(tmp_path)
    attendants, departments, waiting = _run(config)
    assert sorted(attendants) == ["ADMINISTRADOR", "Paula Reis"]
    assert departments == ["Atendimento"]  # Paula's group reaches only Atendimento
    assert waiting == 1
    attendants, _, waiting = _run(config)  # same data directory: nothing doubled
    assert sorted(attendants) == ["ADMINISTRADOR", "Paula Reis"]
    assert waiting == 2


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("[organization]\nteams = []", "unknown section"),
        (
            "[organization]\ndepartments = []\n[[organization.attendant_groups]]\n"
            "name = 'G'\ndepartments = ['Nope']",
            "unknown departments",
        ),
        (
            "[[organization.attendants]]\nname = 'A'\nemail = 'a@b'\npassword = 'x'\ngroups = ['G']",
            "unknown groups",
        ),
        ("[[organization.attendants]]\nname = 'A'\nemail = 'a@b'", "needs password"),
        ("[[organization.integrations]]\nname = 'X'\ntype = 'fax'", "unknown type"),
    ],
)
def test_mistakes_in_the_organisation_are_reported_at_start(
    tmp_path: Path, snippet: str, message: str
) -> None:
    path = tmp_path / "service.toml"
    path.write_text(snippet, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
