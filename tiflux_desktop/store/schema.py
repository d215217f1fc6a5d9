"""Schema of the two files, as step migrations numbered by ``PRAGMA user_version``.

Add a step at the end of a list; never edit a released one. Times are UTC seconds since
the epoch (REAL), so they sort and compare without parsing.
"""

from __future__ import annotations

from .database import Step

# The cache: everything here can be fetched from the service again.
CACHE_MIGRATIONS: list[Step] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

    CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        origin TEXT NOT NULL,
        started_by TEXT NOT NULL,
        integration_id INTEGER,
        requestor_id INTEGER,
        requestor_name TEXT,
        requestor_fold TEXT,
        requestor_telephone TEXT,
        client_id INTEGER,
        client_name TEXT,
        client_fold TEXT,
        department_id INTEGER,
        department_name TEXT,
        department_fold TEXT,
        responsible_id INTEGER,
        responsible_name TEXT,
        responsible_fold TEXT,
        last_department_id INTEGER,
        last_department_name TEXT,
        ticket_number INTEGER,
        ticket_title TEXT,
        last_message_preview TEXT,
        last_client_message_at REAL,
        last_message_at REAL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        waiting_since REAL NOT NULL,
        assumed_at REAL,
        finished_at REAL,
        assessment INTEGER,
        rating_time REAL,
        sort_active REAL NOT NULL,    -- latest activity: Meus, Em atendimento
        sort_archived REAL NOT NULL,  -- when it closed: Encerrados
        closed INTEGER NOT NULL,      -- finished or canceled: lets one index serve a tab
        -- This machine's reading state, never sent by the service:
        unread INTEGER NOT NULL DEFAULT 0,
        seen INTEGER NOT NULL DEFAULT 0,
        read_upto INTEGER NOT NULL DEFAULT 0,
        -- The cache holds every message of the chat from this id on (NULL: unknown).
        history_from INTEGER
    );
    CREATE INDEX chats_inbox ON chats (status, waiting_since, id);
    CREATE INDEX chats_open ON chats (closed, sort_active, id);
    CREATE INDEX chats_closed ON chats (closed, sort_archived, id);
    CREATE INDEX chats_responsible ON chats (responsible_id, status);
    CREATE INDEX chats_requestor ON chats (requestor_id, created_at);
    CREATE INDEX chats_client ON chats (client_id);

    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        created_at REAL NOT NULL,
        author_type TEXT NOT NULL,
        author_id INTEGER,
        author_name TEXT NOT NULL,
        text TEXT,
        internal INTEGER NOT NULL DEFAULT 0,
        media TEXT,            -- JSON: id, content_type, filename, size, caption
        media_caption TEXT,
        media_filename TEXT,
        quoted TEXT,           -- JSON: id, author {type, id, name}, text
        status TEXT,
        status_reason TEXT,
        client_message_id TEXT,
        template_id INTEGER
    );
    CREATE INDEX messages_chat ON messages (chat_id, id);
    CREATE INDEX messages_cmid ON messages (client_message_id) WHERE client_message_id IS NOT NULL;

    -- Full-text search. The indexes keep no copy of the text: they read it back from the
    -- rows (through a view for messages, which adds captions and file names), and triggers
    -- keep them in step with every insert, update and delete.
    CREATE VIEW message_search AS
        SELECT id, trim(coalesce(text, '') || ' ' || coalesce(media_caption, '') || ' '
                        || coalesce(media_filename, '')) AS body
        FROM messages;
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content='message_search', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, body) VALUES (
            new.id, trim(coalesce(new.text, '') || ' ' || coalesce(new.media_caption, '') || ' '
                         || coalesce(new.media_filename, '')));
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete',
            old.id, trim(coalesce(old.text, '') || ' ' || coalesce(old.media_caption, '') || ' '
                         || coalesce(old.media_filename, '')));
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, media_caption, media_filename
    ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete',
            old.id, trim(coalesce(old.text, '') || ' ' || coalesce(old.media_caption, '') || ' '
                         || coalesce(old.media_filename, '')));
        INSERT INTO messages_fts (rowid, body) VALUES (
            new.id, trim(coalesce(new.text, '') || ' ' || coalesce(new.media_caption, '') || ' '
                         || coalesce(new.media_filename, '')));
    END;

    CREATE VIRTUAL TABLE chats_fts USING fts5(
        requestor_name, client_name, department_name, content='chats', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER chats_fts_insert AFTER INSERT ON chats BEGIN
        INSERT INTO chats_fts (rowid, requestor_name, client_name, department_name)
        VALUES (new.id, new.requestor_name, new.client_name, new.department_name);
    END;
    CREATE TRIGGER chats_fts_delete AFTER DELETE ON chats BEGIN
        INSERT INTO chats_fts (chats_fts, rowid, requestor_name, client_name, department_name)
        VALUES ('delete', old.id, old.requestor_name, old.client_name, old.department_name);
    END;
    CREATE TRIGGER chats_fts_update AFTER UPDATE OF requestor_name, client_name, department_name
    ON chats BEGIN
        INSERT INTO chats_fts (chats_fts, rowid, requestor_name, client_name, department_name)
        VALUES ('delete', old.id, old.requestor_name, old.client_name, old.department_name);
        INSERT INTO chats_fts (rowid, requestor_name, client_name, department_name)
        VALUES (new.id, new.requestor_name, new.client_name, new.department_name);
    END;

    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        telephone TEXT,
        client_id INTEGER
    );
    CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);
    CREATE TABLE attendants (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        admin INTEGER NOT NULL,
        online INTEGER NOT NULL,
        attendant_group_ids TEXT NOT NULL,  -- JSON list
        department_ids TEXT NOT NULL        -- JSON list
    );
    CREATE TABLE attendant_groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_fold TEXT NOT NULL,
        department_ids TEXT NOT NULL,       -- JSON list
        attendant_ids TEXT NOT NULL         -- JSON list
    );
    -- Channels and templates are shown, never queried by field: kept as the service sent them.
    CREATE TABLE integrations (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
    CREATE TABLE templates (
        kind TEXT NOT NULL,   -- reply (Modelos de respostas), gupshup, whatsapp_cloud
        id INTEGER NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    """,
]

# What exists only on this machine: the outbox and the drafts. Attached as ``local``.
LOCAL_MIGRATIONS: list[Step] = [
    """
    CREATE TABLE {schema}.outbox (
        position INTEGER PRIMARY KEY AUTOINCREMENT,  -- sending order
        client_message_id TEXT NOT NULL UNIQUE,
        chat_id INTEGER NOT NULL,
        created_at REAL NOT NULL,
        text TEXT,
        internal INTEGER NOT NULL DEFAULT 0,
        quoted_message_id INTEGER,
        template_id INTEGER,
        parameters TEXT NOT NULL DEFAULT '[]',  -- JSON list
        files TEXT NOT NULL DEFAULT '[]',       -- JSON list of {path, filename, content_type, size}
        state TEXT NOT NULL,                    -- queued, sending, failed
        error_code INTEGER,
        error_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX {schema}.outbox_chat ON outbox (chat_id, position);

    CREATE TABLE {schema}.drafts (
        chat_id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        internal INTEGER NOT NULL DEFAULT 0,
        quoted_message_id INTEGER,
        updated_at REAL NOT NULL
    );
    """,
]
