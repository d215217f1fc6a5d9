"""The service's settings, read from a TOML file (`serve --config`) with sane defaults."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tiflux_desktop.domain import AttachmentLimits, Origin

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
class RateLimits:
    """Over any minute; 0 turns a limit off. Over it: 429 + Retry-After."""

    # Per client address. A visitor's page opens one session and keeps it; a flood of them
    # is a script.
    customer_sessions_per_minute: int = 30
    # Per client address. Only wrong passwords count: a guessing script is slowed, a team
    # behind one address signing in all morning is not.
    failed_logins_per_minute: int = 10
    # Per widget visitor (their session, whatever their address): a person writes a few
    # lines a minute; a page or script flooding a chat is held back, its messages kept by
    # the widget and sent once the wait is over.
    customer_messages_per_minute: int = 60


@dataclass(frozen=True, slots=True)
class IntegrationConfig:
    """One channel declared in `[[integrations]]`: a WhatsApp Cloud number, a Gupshup app or a
    website widget. ``provider`` holds its secrets and provider settings (tokens, app secret,
    base URL): kept in memory only, never written to the database, listed or logged (it is
    left out of ``repr``)."""

    id: int
    type: str
    name: str
    phone_number: str | None = None
    active: bool = True
    provider: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.provider.get(key)
        return value if value not in (None, "") else default


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    organization_name: str = "TIFLUX Testes"
    bot_name: str = "TIFLUX Testes"
    assume_greeting: str = "Olá, meu nome é {nome} e serei o responsável pelo seu atendimento!"
    requires_catalog_item_on_finish: bool = False
    limits: AttachmentLimits = field(default_factory=AttachmentLimits)
    rate_limits: RateLimits = field(default_factory=RateLimits)
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
    # The address the Internet reaches this service at, without /api/v2 (https://chats.example.com):
    # providers fetch outbound media from signed links under it (Gupshup needs public URLs).
    public_base_url: str | None = None
    initial_admin_email: str | None = None  # created on first start when no attendant exists
    initial_admin_password: str | None = None
    # [organization]: departments, groups, attendants ... created at start when missing
    # (see provisioning.py and docs/service.md).
    organization: dict[str, Any] = field(default_factory=dict[str, Any])
    # [[integrations]]: channels with their provider secrets (see docs/service.md).
    integrations: tuple[IntegrationConfig, ...] = ()
    # After Finalizar on WhatsApp channels, ask the customer to rate the chat with buttons.
    rating_after_finish: bool = False
    rating_question: str = "Como você avalia o nosso atendimento?"
    rating_options: tuple[str, ...] = (
        "1 - Péssimo",
        "2 - Ruim",
        "3 - Regular",
        "4 - Bom",
        "5 - Ótimo",
    )
    rating_thanks: str = "Obrigado pela sua avaliação!"
    # Pauses (seconds) before trying a send again after a provider's passing failure; one
    # attempt more than pauses, then the message fails.
    send_retry_delays: tuple[float, ...] = (2.0, 10.0, 60.0)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'service.db'}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    def integration(self, integration_id: int) -> IntegrationConfig | None:
        for integration in self.integrations:
            if integration.id == integration_id:
                return integration
        return None

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
    rate_limits_raw = _known(RateLimits, raw.pop("rate_limits", {}), "[rate_limits]")
    triage_raw = dict(raw.pop("triage", {}))
    options_raw = triage_raw.pop("options", None)
    _known(TriageConfig, triage_raw, "[triage]")
    triage = TriageConfig(**triage_raw)
    if options_raw is not None:
        options = tuple(
            TriageOption(**_known(TriageOption, o, "[[triage.options]]")) for o in options_raw
        )
        triage = replace(triage, options=options)
    integrations = _integrations(raw.pop("integrations", []))
    for key in ("rating_options", "send_retry_delays"):
        if key in raw:
            raw[key] = tuple(raw[key])
    _known(ServiceConfig, raw, "the top level")
    try:
        provisioning.validate(raw.get("organization", {}))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if "data_dir" in raw:
        raw["data_dir"] = Path(raw["data_dir"]).expanduser()
    try:
        return ServiceConfig(
            limits=AttachmentLimits(**limits_raw),
            rate_limits=RateLimits(**rate_limits_raw),
            triage=triage,
            integrations=integrations,
            **raw,
        )
    except TypeError as exc:
        raise ConfigError(str(exc)) from exc


_INTEGRATION_TYPES = {Origin.WHATSAPP_CLOUD.value, Origin.GUPSHUP.value, Origin.SITE_WIDGET.value}


_REQUIRED = {
    Origin.WHATSAPP_CLOUD.value: ("phone_number_id", "access_token", "app_secret", "verify_token"),
    # Gupshup does not sign its callbacks: the token in the callback URL is what keeps them ours.
    Origin.GUPSHUP.value: ("app_name", "api_key", "source_number", "callback_token"),
}


def _integrations(items: Any) -> tuple[IntegrationConfig, ...]:
    """`[[integrations]]` tables; errors name the integration but never a secret's value."""
    if not isinstance(items, list):
        raise ConfigError("[[integrations]] must be a list of tables")
    found: list[IntegrationConfig] = []
    for item in items:  # pyright: ignore[reportUnknownVariableType]
        if not isinstance(item, dict):
            raise ConfigError("[[integrations]] must be a list of tables")
        table = dict(item)  # pyright: ignore[reportUnknownArgumentType]
        provider_raw = table.pop("provider", {})
        _known(IntegrationConfig, table, "[[integrations]]")
        for key in ("id", "type", "name"):
            if key not in table:
                raise ConfigError(f"[[integrations]] needs {key}")
        if not isinstance(table["id"], int) or table["id"] < 1:
            raise ConfigError(f"integration {table['name']!r}: id must be a positive integer")
        if table["type"] not in _INTEGRATION_TYPES:
            raise ConfigError(
                f"integration {table['name']!r}: unknown type {table['type']!r} "
                f"(one of {', '.join(sorted(_INTEGRATION_TYPES))})"
            )
        if not isinstance(provider_raw, dict):
            raise ConfigError(f"integration {table['name']!r}: provider must be a table")
        provider = {str(k): str(v) for k, v in provider_raw.items()}  # pyright: ignore[reportUnknownVariableType]
        missing = [k for k in _REQUIRED.get(table["type"], ()) if not provider.get(k)]
        if missing:
            raise ConfigError(
                f"integration {table['name']!r} needs provider setting(s): {', '.join(missing)}"
            )
        if any(i.id == table["id"] for i in found):
            raise ConfigError(f"two integrations have id {table['id']}")
        found.append(IntegrationConfig(**table, provider=MappingProxyType(provider)))
    return tuple(found)
