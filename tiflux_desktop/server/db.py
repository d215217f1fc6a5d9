"""The service's storage: SQLAlchemy Core tables, step migrations and the async engine.

SQLite (aiosqlite, WAL) is the embedded default; nothing here is SQLite-specific beyond
the connection pragmas, so PostgreSQL is a database URL away.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

log = logging.getLogger(__name__)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend keeps."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def utcnow() -> datetime:
    return datetime.now(UTC)


metadata = sa.MetaData()
Id = sa.Integer

departments = sa.Table(
    "departments",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fold", sa.String(200), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
)

attendants = sa.Table(
    "attendants",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fold", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("admin", sa.Boolean, nullable=False, default=False),
    sa.Column("online", sa.Boolean, nullable=False, default=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
)

attendant_groups = sa.Table(
    "attendant_groups",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fold", sa.String(200), nullable=False),
)

group_departments = sa.Table(
    "attendant_group_departments",
    metadata,
    sa.Column("group_id", Id, sa.ForeignKey("attendant_groups.id"), primary_key=True),
    sa.Column("department_id", Id, sa.ForeignKey("departments.id"), primary_key=True),
)

group_members = sa.Table(
    "attendant_group_members",
    metadata,
    sa.Column("group_id", Id, sa.ForeignKey("attendant_groups.id"), primary_key=True),
    sa.Column("attendant_id", Id, sa.ForeignKey("attendants.id"), primary_key=True),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("attendant_id", Id, sa.ForeignKey("attendants.id"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)

clients = sa.Table(
    "clients",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fold", sa.String(200), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_fold", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320)),
    sa.Column("telephone", sa.String(32), index=True),
    sa.Column("client_id", Id, sa.ForeignKey("clients.id")),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # The provider's id for a customer who may hide their number (WhatsApp's business-scoped
    # user id).
    sa.Column("provider_user_id", sa.String(128), index=True),
)

integrations = sa.Table(
    "integrations",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("phone_number", sa.String(32)),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    # Customers of a simulated integration talk through the customer API instead of a
    # provider (demo mode and tests).
    sa.Column("simulated", sa.Boolean, nullable=False, default=False),
)

chats = sa.Table(
    "chats",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("status", sa.String(32), nullable=False, index=True),
    sa.Column("origin", sa.String(32), nullable=False),
    sa.Column("started_by", sa.String(16), nullable=False),
    sa.Column("integration_id", Id, sa.ForeignKey("integrations.id")),
    sa.Column("requestor_id", Id, sa.ForeignKey("contacts.id"), index=True),
    sa.Column("client_id", Id, sa.ForeignKey("clients.id")),
    sa.Column("department_id", Id, sa.ForeignKey("departments.id"), index=True),
    sa.Column("responsible_id", Id, sa.ForeignKey("attendants.id"), index=True),
    sa.Column("last_department_id", Id, sa.ForeignKey("departments.id")),
    sa.Column("ticket_number", sa.Integer),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("waiting_since", UTCDateTime, nullable=False),
    sa.Column("assumed_at", UTCDateTime),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("last_client_message", sa.Text),
    sa.Column("last_client_message_at", UTCDateTime),
    sa.Column("last_message_at", UTCDateTime),
    sa.Column("last_message_preview", sa.Text),
    sa.Column("assessment", sa.Integer),
    sa.Column("rating_time", UTCDateTime),
    sa.Column("customer_online", sa.Boolean, nullable=False, default=False),
    sa.Column("bot_state", sa.JSON),
    sa.Column("version", sa.Integer, nullable=False, default=1),
)

attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("chat_id", Id, sa.ForeignKey("chats.id"), index=True),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(255), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("storage_key", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("chat_id", Id, sa.ForeignKey("chats.id"), nullable=False),
    sa.Column("author_type", sa.String(16), nullable=False),
    sa.Column("author_id", Id),
    sa.Column("author_name", sa.String(200), nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("internal", sa.Boolean, nullable=False, default=False),
    sa.Column("attachment_id", Id, sa.ForeignKey("attachments.id")),
    sa.Column("quoted_message_id", Id, sa.ForeignKey("messages.id")),
    sa.Column("status", sa.String(16)),
    sa.Column("status_reason", sa.Text),
    sa.Column("client_message_id", sa.String(64), unique=True),
    # Every message made by one request shares the request's client_message_id here, so a
    # retried request answers with the same messages instead of making new ones.
    sa.Column("batch_id", sa.String(64), index=True),
    sa.Column("template_id", Id),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    # Provider channels: the provider's id of the message (theirs in, ours out once sent),
    # unique per integration so a retried webhook never makes a second message.
    sa.Column("integration_id", Id),
    sa.Column("provider_message_id", sa.String(160)),
    sa.Column("template_parameters", sa.JSON),  # what filled an approved template
    sa.Column("buttons", sa.JSON),  # quick-reply buttons sent with it (the rating question)
    sa.Index("ix_messages_chat_id_id", "chat_id", "id"),
    sa.Index("ux_messages_provider_id", "integration_id", "provider_message_id", unique=True),
    sa.Index("ix_messages_status", "status"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("chat_id", Id),
    # Who may receive it: see server/events.py.
    sa.Column("department_id", Id),
    sa.Column("prev_department_id", Id),
    sa.Column("internal", sa.Boolean, nullable=False, default=False),
    sa.Column("data", sa.JSON, nullable=False),
)

message_templates = sa.Table(
    "message_templates",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
)

hsm_templates = sa.Table(
    "hsm_templates",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),  # gupshup | whatsapp_cloud
    sa.Column("integration_id", Id, sa.ForeignKey("integrations.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("language", sa.String(16), nullable=False, default="pt_BR"),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("header", sa.Text),
    sa.Column("footer", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("external_id", sa.String(100), nullable=False),
)

desks = sa.Table(
    "desks",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("display_name", sa.String(200), nullable=False),
)

client_desks = sa.Table(
    "client_desks",
    metadata,
    sa.Column("client_id", Id, sa.ForeignKey("clients.id"), primary_key=True),
    sa.Column("desk_id", Id, sa.ForeignKey("desks.id"), primary_key=True),
)

priorities = sa.Table(
    "priorities",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("desk_id", Id, sa.ForeignKey("desks.id"), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
)

catalog_items = sa.Table(
    "services_catalogs_items",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("desk_id", Id, sa.ForeignKey("desks.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("area", sa.String(200)),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("ticket_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("client_id", Id, sa.ForeignKey("clients.id"), nullable=False),
    sa.Column("desk_id", Id, sa.ForeignKey("desks.id"), nullable=False),
    sa.Column("priority_id", Id, sa.ForeignKey("priorities.id")),
    sa.Column("status_name", sa.String(100), nullable=False),
    sa.Column("requestor_id", Id, sa.ForeignKey("contacts.id")),
    sa.Column("responsible_id", Id, sa.ForeignKey("attendants.id")),
    sa.Column("catalog_item_id", Id, sa.ForeignKey("services_catalogs_items.id")),
    sa.Column("followers", sa.Text),
    sa.Column("parent_ticket_number", sa.Integer),
    sa.Column("created_by", Id, sa.ForeignKey("attendants.id"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

ticket_files = sa.Table(
    "ticket_files",
    metadata,
    sa.Column(
        "ticket_number", sa.Integer, sa.ForeignKey("tickets.ticket_number"), primary_key=True
    ),
    sa.Column("attachment_id", Id, sa.ForeignKey("attachments.id"), primary_key=True),
)

visitor_sessions = sa.Table(
    "visitor_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("integration_id", Id, sa.ForeignKey("integrations.id"), nullable=False),
    sa.Column("contact_id", Id, sa.ForeignKey("contacts.id"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# What providers delivered and the service acknowledged, until it is stored: a webhook is
# answered only once its delivery is here, so a crash before the worker stores it loses nothing.
channel_inbox = sa.Table(
    "channel_inbox",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("integration_id", Id, nullable=False),
    sa.Column("delivery", sa.Text, nullable=False),  # channels.model.Delivery as JSON
    sa.Column("received_at", UTCDateTime, nullable=False),
)

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    # Names this database's event log: a client whose cursor came from another log (the
    # service reinstalled at the same address) must start over, not trust the number.
    sa.Column("log_id", sa.String(32), nullable=False),
)


# --- migrations -------------------------------------------------------------------------
# Each step takes the database from version N-1 to N inside one transaction; the version is
# kept in schema_version. Step 1 creates the tables from the metadata above. Once a release has
# shipped, step 1 must be frozen (its DDL copied in) before the metadata changes, and every
# change after that is a new step appended here. Never edit a released step.

Migration = Callable[[AsyncConnection], Awaitable[None]]


async def _v1_initial(conn: AsyncConnection) -> None:
    await conn.run_sync(lambda sync_conn: metadata.create_all(sync_conn))


async def _v2_log_id(conn: AsyncConnection) -> None:
    """Name the event log of databases made before it had a name (a fresh database gets the
    column from the metadata and its name with the first schema_version row)."""
    columns = await conn.run_sync(
        lambda sync_conn: {c["name"] for c in sa.inspect(sync_conn).get_columns("schema_version")}
    )
    if "log_id" not in columns:
        await conn.execute(
            sa.text("ALTER TABLE schema_version ADD COLUMN log_id VARCHAR(32) NOT NULL DEFAULT ''")
        )
    await conn.execute(
        sa.update(schema_version)
        .where(schema_version.c.id == 1, schema_version.c.log_id == "")
        .values(log_id=uuid.uuid4().hex)
    )


async def _add_columns(conn: AsyncConnection, table: str, columns: dict[str, str]) -> None:
    existing = await conn.run_sync(
        lambda sync_conn: {c["name"] for c in sa.inspect(sync_conn).get_columns(table)}
    )
    for name, ddl in columns.items():
        if name not in existing:
            await conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN {name} {ddl}"))


async def _v3_channels(conn: AsyncConnection) -> None:
    """Provider channels: the provider's ids on contacts and messages (a fresh database gets
    them from the metadata in step 1)."""
    await _add_columns(conn, "contacts", {"provider_user_id": "VARCHAR(128)"})
    await _add_columns(
        conn,
        "messages",
        {
            "integration_id": "INTEGER",
            "provider_message_id": "VARCHAR(160)",
            "template_parameters": "JSON",
            "buttons": "JSON",
        },
    )
    for ddl in (
        "CREATE INDEX IF NOT EXISTS ix_contacts_provider_user_id ON contacts (provider_user_id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS ux_messages_provider_id "
        "ON messages (integration_id, provider_message_id)",
        "CREATE INDEX IF NOT EXISTS ix_messages_status ON messages (status)",
    ):
        await conn.execute(sa.text(ddl))


async def _v4_channel_inbox(conn: AsyncConnection) -> None:
    """Acknowledged deliveries kept until stored (a fresh database has it from step 1)."""
    await conn.run_sync(lambda sync_conn: channel_inbox.create(sync_conn, checkfirst=True))


MIGRATIONS: list[Migration] = [_v1_initial, _v2_log_id, _v3_channels, _v4_channel_inbox]
SCHEMA_VERSION = len(MIGRATIONS)


async def current_version(conn: AsyncConnection) -> int:
    has_table = await conn.run_sync(
        lambda sync_conn: sa.inspect(sync_conn).has_table("schema_version")
    )
    if not has_table:
        return 0
    value = await conn.scalar(sa.select(schema_version.c.version).where(schema_version.c.id == 1))
    return int(value or 0)


async def log_id(conn: AsyncConnection) -> str:
    value = await conn.scalar(sa.select(schema_version.c.log_id).where(schema_version.c.id == 1))
    return str(value or "")


async def migrate(engine: AsyncEngine) -> int:
    """Bring the schema to SCHEMA_VERSION, one committed step at a time. Returns the version."""
    async with engine.begin() as conn:
        version = await current_version(conn)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"the database is at schema version {version}, newer than this service "
            f"({SCHEMA_VERSION}); upgrade the service"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        async with engine.begin() as conn:
            await MIGRATIONS[number - 1](conn)
            if number == 1:
                await conn.execute(
                    sa.insert(schema_version).values(id=1, version=1, log_id=uuid.uuid4().hex)
                )
            else:
                await conn.execute(
                    sa.update(schema_version).where(schema_version.c.id == 1).values(version=number)
                )
        log.info("database migrated to schema version %d", number)
    return SCHEMA_VERSION


def make_engine(url: str) -> AsyncEngine:
    engine = create_async_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            # Password hashes, token hashes and every customer's words: created owner-only
            # before SQLite opens it (its -wal and -shm files take the same mode), and made
            # so if an older version left it readable.
            path = Path(database)
            path.touch(mode=0o600, exist_ok=True)
            os.chmod(path, 0o600)

        @sqlalchemy.event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:  # pyright: ignore[reportUnusedFunction]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine
