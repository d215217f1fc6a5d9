"""Small builders for domain values used by the tests/unit/test_domain_*.py files.

Everything is timezone-aware (UTC). Ids are plain ints so a test reads like the rule it checks:
``chat(status=ChatStatus.IN_ATTENDANCE, responsible=ME, department=SUPORTE)``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tiflux_desktop.domain import (
    Attendant,
    Author,
    AuthorType,
    Chat,
    ChatStatus,
    Origin,
    Ref,
    StartedBy,
)

T0 = datetime(2024, 5, 10, 12, 0, 0, tzinfo=UTC)

# Attendants
ME = 1
OTHER = 2

# Departments
SUPORTE = 10
VENDAS = 20
FINANCEIRO = 30

_DEPARTMENT_NAMES = {SUPORTE: "Suporte", VENDAS: "Vendas", FINANCEIRO: "Financeiro"}
_ATTENDANT_NAMES = {ME: "Ana", OTHER: "Bruno"}


def at(minutes: float = 0, *, hours: float = 0, seconds: float = 0) -> datetime:
    """A moment relative to T0."""
    return T0 + timedelta(minutes=minutes, hours=hours, seconds=seconds)


def department_ref(department_id: int) -> Ref:
    return Ref(department_id, _DEPARTMENT_NAMES.get(department_id, f"Departamento {department_id}"))


def attendant_ref(attendant_id: int) -> Ref:
    return Ref(attendant_id, _ATTENDANT_NAMES.get(attendant_id, f"Atendente {attendant_id}"))


def chat(
    id: int = 1,
    status: ChatStatus = ChatStatus.WAITING_ATTENDANCE,
    *,
    responsible: int | None = None,
    department: int | None = SUPORTE,
    origin: Origin = Origin.SITE_WIDGET,
    created_at: datetime = T0,
    **overrides: Any,
) -> Chat:
    """A chat with sensible defaults; ``responsible``/``department`` are ids (None = nobody/triage)."""
    values: dict[str, Any] = {
        "id": id,
        "status": status,
        "origin": origin,
        "started_by": StartedBy.CLIENT,
        "created_at": created_at,
        "updated_at": created_at,
        "waiting_since": created_at,
        "requestor": Ref(500 + id, f"Solicitante {id}"),
        "department": department_ref(department) if department is not None else None,
        "responsible": attendant_ref(responsible) if responsible is not None else None,
    }
    if status.taken and responsible is not None:
        values["assumed_at"] = created_at
    if status.archived:
        values["finished_at"] = created_at
    values.update(overrides)
    return Chat(**values)


def attendant(
    id: int = ME,
    *,
    departments: frozenset[int] | set[int] = frozenset({SUPORTE}),
    online: bool = True,
    admin: bool = False,
) -> Attendant:
    """An attendant (Online by default) with access to ``departments``."""
    return Attendant(
        id=id,
        name=_ATTENDANT_NAMES.get(id, f"Atendente {id}"),
        email=f"atendente{id}@example.com",
        admin=admin,
        online=online,
        attendant_group_ids=frozenset({100 + d for d in departments}),
        department_ids=frozenset(departments),
    )


def author(kind: AuthorType, id: int | None = None) -> Author:
    return Author(type=kind, id=id, name=kind.value)
