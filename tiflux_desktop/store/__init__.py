"""The app's local cache: SQLite through sqlite-utils on one dedicated thread, with FTS5
search, so history can be browsed and searched offline."""

from .cache import Cache, fts_query
from .database import CacheCorrupt
from .paths import AccountFiles, account_files, server_key
from .records import (
    MATCH_END,
    MATCH_START,
    ChatEntry,
    ChatHit,
    Counts,
    Draft,
    MessageHit,
    MessagePage,
    OutboxFile,
    OutboxItem,
    OutboxState,
    SearchResults,
)
from .store import Store

__all__ = [
    "MATCH_END",
    "MATCH_START",
    "AccountFiles",
    "Cache",
    "CacheCorrupt",
    "ChatEntry",
    "ChatHit",
    "Counts",
    "Draft",
    "MessageHit",
    "MessagePage",
    "OutboxFile",
    "OutboxItem",
    "OutboxState",
    "SearchResults",
    "Store",
    "account_files",
    "fts_query",
    "server_key",
]
