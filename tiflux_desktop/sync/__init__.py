"""Keeping the cache in step with the service: catch-up, idempotent apply, the outbox and
ChangeSet publishing."""

from .apply import ME_KEY, Applied, me_from_cache, remember_me
from .changes import ChangeHub, ChangeSet
from .engine import SyncEngine
from .outbox import Outbox, publish

__all__ = [
    "ME_KEY",
    "Applied",
    "ChangeHub",
    "ChangeSet",
    "Outbox",
    "SyncEngine",
    "me_from_cache",
    "publish",
    "remember_me",
]
