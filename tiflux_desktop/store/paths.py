"""Where an account's local files live: one folder per service address and attendant."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ACCOUNTS = "accounts"  # under the data folder: one folder per service, then per attendant


@dataclass(frozen=True, slots=True)
class AccountFiles:
    """The files of one attendant on one service.

    ``cache`` holds what the service can give again (chats, messages, lookups, the event
    cursor): when it is corrupt it is set aside and rebuilt. ``local`` holds what exists
    only on this machine (the outbox and drafts), so a rebuilt cache never loses a message
    the attendant typed.
    """

    folder: Path

    @property
    def cache(self) -> Path:
        return self.folder / "cache.sqlite3"

    @property
    def local(self) -> Path:
        return self.folder / "local.sqlite3"

    @property
    def open_marker(self) -> Path:
        """Exists while the cache is open; left behind by a run that did not close it."""
        return self.folder / "cache.open"

    @property
    def outbox_files(self) -> Path:
        """Copies of the files attached to unsent messages, so they survive the originals."""
        return self.folder / "outbox-files"

    def ensure(self) -> AccountFiles:
        """Create the folders readable by their owner only."""
        # The folders above it that do not exist yet are ours too (the app's data folder,
        # accounts/, the service's): owner-only, so not even which services are used shows.
        for parent in reversed(self.folder.parents):
            if not parent.exists():
                parent.mkdir(mode=0o700, exist_ok=True)
        # accounts/ and the service's folder are ours whoever made them (an earlier version
        # made them 0755): owner-only from now on as well.
        service = self.folder.parent
        ours = (service.parent, service) if service.parent.name == ACCOUNTS else ()
        for folder in (*ours, self.folder, self.outbox_files):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        return self


def server_key(server_url: str) -> str:
    """A folder name for a service address: readable host and port, plus a short hash of
    the whole address so two services on one host never share a cache."""
    parts = urlsplit(server_url.strip().rstrip("/"))
    host = parts.hostname or "local"
    port = f"-{parts.port}" if parts.port else ""
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", f"{host}{port}")[:60]
    digest = hashlib.sha256(server_url.strip().rstrip("/").lower().encode()).hexdigest()[:10]
    return f"{readable}-{digest}"


def account_files(data_dir: Path, server_url: str, attendant_id: int) -> AccountFiles:
    return AccountFiles(data_dir / ACCOUNTS / server_key(server_url) / str(attendant_id))
