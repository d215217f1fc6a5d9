"""The organisation declared in the settings file: departments, attendant groups, attendants,
clients, integrations and reply templates, created at start-up when missing.

Matching is by name (e-mail for attendants), so applying the same file again changes nothing;
an attendant's password is set only when the attendant is created, never overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tiflux_desktop.domain import Origin, fold

from . import db
from .security import hash_password
from .storage import Tx

if TYPE_CHECKING:
    from .config import IntegrationConfig

log = logging.getLogger(__name__)

_SECTIONS = {
    "departments",
    "attendant_groups",
    "attendants",
    "clients",
    "integrations",
    "message_templates",
}


def validate(organization: Mapping[str, Any]) -> None:
    """Catch mistakes when the file is read, before anything is written (ValueError)."""
    unknown = set(organization) - _SECTIONS
    if unknown:
        raise ValueError(f"unknown section(s) in [organization]: {', '.join(sorted(unknown))}")
    departments = set(organization.get("departments", []))
    groups = {g.get("name") for g in organization.get("attendant_groups", [])}
    for group in organization.get("attendant_groups", []):
        _keys(group, {"name", "departments"}, {"name"}, "attendant_groups")
        missing = set(group.get("departments", [])) - departments
        if missing:
            raise ValueError(
                f"group {group['name']!r} names unknown departments: {sorted(missing)}"
            )
    for attendant in organization.get("attendants", []):
        _keys(
            attendant,
            {"name", "email", "password", "admin", "groups"},
            {"name", "email", "password"},
            "attendants",
        )
        missing = set(attendant.get("groups", [])) - groups
        if missing:
            raise ValueError(
                f"attendant {attendant['email']!r} names unknown groups: {sorted(missing)}"
            )
    for integration in organization.get("integrations", []):
        _keys(integration, {"name", "type", "phone_number"}, {"name", "type"}, "integrations")
        try:
            Origin(integration["type"])
        except ValueError as exc:
            raise ValueError(
                f"integration {integration['name']!r}: unknown type {integration['type']!r}"
            ) from exc
    for template in organization.get("message_templates", []):
        _keys(template, {"title", "content"}, {"title", "content"}, "message_templates")


def _keys(item: Mapping[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    if unknown := set(item) - allowed:
        raise ValueError(
            f"unknown key(s) in [[organization.{where}]]: {', '.join(sorted(unknown))}"
        )
    if missing := required - set(item):
        raise ValueError(f"[[organization.{where}]] needs {', '.join(sorted(missing))}")


async def _id_by(tx: Tx, table: sa.Table, column: str, value: str) -> int | None:
    return await tx.conn.scalar(sa.select(table.c.id).where(table.c[column] == value))


async def _ensure(tx: Tx, table: sa.Table, column: str, value: str, **values: Any) -> int:
    found = await _id_by(tx, table, column, value)
    if found is not None:
        return found
    result = await tx.conn.execute(sa.insert(table).values(**{column: value}, **values))
    log.info("provisioned %s %r", table.name, value)
    return int(result.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]


async def apply(tx: Tx, organization: Mapping[str, Any]) -> None:
    departments: dict[str, int] = {}
    for name in organization.get("departments", []):
        departments[name] = await _ensure(
            tx, db.departments, "name", name, name_fold=fold(name), active=True
        )
    groups: dict[str, int] = {}
    for group in organization.get("attendant_groups", []):
        gid = await _ensure(
            tx, db.attendant_groups, "name", group["name"], name_fold=fold(group["name"])
        )
        groups[group["name"]] = gid
        for dept in group.get("departments", []):
            await _link(tx, db.group_departments, group_id=gid, department_id=departments[dept])
    for person in organization.get("attendants", []):
        email = str(person["email"]).strip().lower()
        aid = await _id_by(tx, db.attendants, "email", email)
        if aid is None:
            aid = await _ensure(
                tx,
                db.attendants,
                "email",
                email,
                name=person["name"],
                name_fold=fold(person["name"]),
                password_hash=hash_password(str(person["password"])),
                admin=bool(person.get("admin", False)),
                online=False,
                version=1,
            )
        for group in person.get("groups", []):
            await _link(tx, db.group_members, group_id=groups[group], attendant_id=aid)
    for name in organization.get("clients", []):
        await _ensure(tx, db.clients, "name", name, name_fold=fold(name), active=True)
    for integration in organization.get("integrations", []):
        await _ensure(
            tx,
            db.integrations,
            "name",
            integration["name"],
            type=integration["type"],
            phone_number=integration.get("phone_number"),
            active=True,
            simulated=False,
        )
    for template in organization.get("message_templates", []):
        await _ensure(
            tx, db.message_templates, "title", template["title"], content=template["content"]
        )


async def _link(tx: Tx, table: sa.Table, **keys: int) -> None:
    exists = await tx.conn.scalar(
        sa.select(sa.func.count())
        .select_from(table)
        .where(*(table.c[k] == v for k, v in keys.items()))
    )
    if not exists:
        await tx.conn.execute(sa.insert(table).values(**keys))


async def apply_integrations(tx: Tx, integrations: Iterable[IntegrationConfig]) -> None:
    """`[[integrations]]`: each row created or brought in line with the file under its id, so
    links and webhook URLs that name the id keep working. Secrets stay in memory: the row
    holds only what may be listed. A declared integration is real, never simulated."""
    table = db.integrations
    for integration in integrations:
        values = {
            "name": integration.name,
            "type": integration.type,
            "phone_number": integration.phone_number,
            "active": integration.active,
            "simulated": False,
        }
        exists = await tx.conn.scalar(sa.select(table.c.id).where(table.c.id == integration.id))
        if exists is None:
            await tx.conn.execute(sa.insert(table).values(id=integration.id, **values))
            log.info("provisioned integration %d (%s)", integration.id, integration.type)
        else:
            await tx.conn.execute(
                sa.update(table).where(table.c.id == integration.id).values(**values)
            )
