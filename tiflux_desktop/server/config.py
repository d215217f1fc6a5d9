"""The service's settings, read from a TOML file (`serve --config`) with sane defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tiflux_desktop.domain import AttachmentLimits

from . import provisioning


@dataclass(frozen=True, slots=True)
class TriageOption:
    """One answer of the chatbot menu: a department to send to, or the end of the flow."""

    key: str  # what the customer types ("1")
    label: str  # the option's name ("Suporte"); typing it works too
    department: str | None = None  # department name; None ends the flow ("0 – Sair")


@dataclass(frozen=True, slots=True)
class TriageConfig:
    enabled: bool = True
    greeting: str = "Olá! Como posso te ajudar?"
    question: str = "Em que podemos ajudar-lhe"
    options: tuple[TriageOption, ...] = (
        TriageOption("1", "Suporte", "Suporte"),
        TriageOption("2", "Vendas", "Vendas"),
        TriageOption("3", "Financeiro", "Financeiro"),
        TriageOption("0", "Sair", None),
    )
    invalid_answer: str = "Não entendi sua resposta. Por favor, escolha uma das opções."
    max_repetitions: int = 2  # "Repetição de pergunta"
    selected: str = "Selecionado {option}"
    queued: str = "Aguarde, em breve um atendente falará com você."
    farewell: str = "Atendimento encerrado. Obrigado pelo contato!"
    # Where a chat goes when the customer never gives a valid answer.
    fallback_department: str = "Suporte"


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    organization_name: str = "TIFLUX Testes"
    bot_name: str = "TIFLUX Testes"
    assume_greeting: str = "Olá, meu nome é {nome} e serei o responsável pelo seu atendimento!"
    requires_catalog_item_on_finish: bool = False
    limits: AttachmentLimits = field(default_factory=AttachmentLimits)
    token_ttl_hours: int = 24 * 30
    event_retention: int = 200_000  # events kept; a cursor older than this resyncs
    ws_ping_interval: float = 20.0
    data_dir: Path = Path("tiflux-data")
    database_url: str | None = None  # default: SQLite in data_dir
    triage: TriageConfig = field(default_factory=TriageConfig)
    demo: bool = False
    demo_pace: float = 1.0  # multiplies the simulated customers' pauses
    demo_history: bool = True  # seed a few finished chats (Encerrados)
    demo_customers: bool = True  # run simulated customers
    initial_admin_email: str | None = None  # created on first start when no attendant exists
    initial_admin_password: str | None = None
    # [organization]: departments, groups, attendants ... created at start when missing
    # (see provisioning.py and docs/service.md).
    organization: dict[str, Any] = field(default_factory=dict[str, Any])

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'service.db'}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def with_overrides(self, **changes: Any) -> ServiceConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


class ConfigError(ValueError):
    pass


def _known(cls: type, table: dict[str, Any], where: str) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    unknown = set(table) - names
    if unknown:
        raise ConfigError(f"unknown setting(s) in {where}: {', '.join(sorted(unknown))}")
    return table


def load_config(path: Path | None) -> ServiceConfig:
    """Read a TOML file; unknown keys are an error so a typo never goes unnoticed."""
    if path is None:
        return ServiceConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    raw = dict(raw)
    limits_raw = _known(AttachmentLimits, raw.pop("limits", {}), "[limits]")
    triage_raw = dict(raw.pop("triage", {}))
    options_raw = triage_raw.pop("options", None)
    _known(TriageConfig, triage_raw, "[triage]")
    triage = TriageConfig(**triage_raw)
    if options_raw is not None:
        options = tuple(
            TriageOption(**_known(TriageOption, o, "[[triage.options]]")) for o in options_raw
        )
        triage = replace(triage, options=options)
    _known(ServiceConfig, raw, "the top level")
    try:
        provisioning.validate(raw.get("organization", {}))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if "data_dir" in raw:
        raw["data_dir"] = Path(raw["data_dir"]).expanduser()
    try:
        return ServiceConfig(limits=AttachmentLimits(**limits_raw), triage=triage, **raw)
    except TypeError as exc:
        raise ConfigError(str(exc)) from exc
