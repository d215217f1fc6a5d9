"""Client cache: SQLite via sqlite-utils, migrations and FTS5 search."""
