"""The people and groups around a chat."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Ref:
    """A named reference to another resource, as carried inside a chat or message."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AttendantGroup:
    """Grupo de atendentes: gives its members access to its departments."""

    id: int
    name: str
    department_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Attendant:
    id: int
    name: str
    email: str
    admin: bool = False
    online: bool = False
    attendant_group_ids: frozenset[int] = frozenset()
    # Derived from the attendant groups; kept here so visibility needs no lookups.
    department_ids: frozenset[int] = frozenset()
    version: int = 1


@dataclass(frozen=True, slots=True)
class Client:
    """The customer organisation ("Cliente")."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Contact:
    """The person who writes in ("Solicitante" / requestor)."""

    id: int
    name: str
    email: str | None = None
    telephone: str | None = None
    client_id: int | None = None
    extra: dict[str, str] = field(default_factory=dict[str, str])
