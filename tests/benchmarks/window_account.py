"""A signed-in attendant's machine for the window benchmarks, made from a generated cache.

The app resumes a previous session from three things: the settings (server address, e-mail,
attendant id), the token in the keyring, and the account's cache (which remembers GET /me).
``prepare_account`` copies a generated cache to where ``Session.resume`` looks for it, adds
what the generator leaves out (the attendant as GET /me answered) and writes the settings.
The service address is a port nothing listens on: the lists come from the cache and the
connection keeps failing behind them, as on a train without signal.

``add_long_chats`` puts chats with 10,000 messages each in a copy, for opening them.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cache_factory import BOT_NAME, ME, MESSAGE_INSERT, NOW, Generator, Shape, _ChatPlan  # pyright: ignore[reportPrivateUsage]
from memory_keyring import MemoryKeyring
from tiflux_desktop.protocol import ChatOut, MeOut
from tiflux_desktop.services import Environment, Settings, SettingsFile, TokenVault
from tiflux_desktop.store import AccountFiles, Cache, Store, account_files
from tiflux_desktop.sync import remember_me

EMAIL = "ana.souza@demo.tiflux.local"
TOKEN = "bench-token-not-a-secret"


def me_json(attendant_id: int = ME) -> str:
    """GET /me of attendant 1 (Ana Souza, admin, every department)."""
    return MeOut.model_validate(
        {
            "user": {
                "id": attendant_id,
                "name": "Ana Souza",
                "email": EMAIL,
                "admin": True,
                "online": True,
                "department_ids": [1, 2, 3],
                "attendant_group_ids": [1],
            },
            "organization": {
                "name": "Demo",
                "bot_name": BOT_NAME,
                "requires_catalog_item_on_finish": False,
                "file_max_bytes": 20_000_000,
                "media_max_bytes": 16_000_000,
                "max_files_per_message": 10,
            },
        }
    ).model_dump_json()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released): connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True, slots=True)
class Account:
    """One attendant's machine: ``root/data`` (the caches), ``root/config/settings.json``."""

    root: Path
    server_url: str

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def settings_path(self) -> Path:
        return self.root / "config" / "settings.json"

    @property
    def files(self) -> AccountFiles:
        return account_files(self.data_dir, self.server_url, ME)

    def env(self) -> Environment:
        """A fresh Environment, as a new start of the app builds one, with the saved token
        in a keyring of its own."""
        vault = TokenVault(MemoryKeyring())
        vault.save(self.server_url, EMAIL, TOKEN)
        return Environment(
            data_dir=self.data_dir, settings=SettingsFile(self.settings_path), vault=vault
        )

    @classmethod
    def at(cls, root: Path) -> Account:
        """The account ``prepare_account`` wrote under ``root`` (in a child process)."""
        settings = SettingsFile(root / "config" / "settings.json").load()
        assert settings.server_url is not None
        return cls(root, settings.server_url)


def prepare_account(source: AccountFiles, root: Path) -> Account:
    account = Account(root, f"http://127.0.0.1:{closed_port()}")
    files = account.files.ensure()
    shutil.copyfile(source.cache, files.cache)
    shutil.copyfile(source.local, files.local)
    SettingsFile(account.settings_path).save(
        Settings(server_url=account.server_url, email=EMAIL, attendant_id=ME, theme="light")
    )
    asyncio.run(_remember_me(files))
    return account


async def _remember_me(files: AccountFiles) -> None:
    store = await Store.open(files, ME)
    try:
        await store.call(remember_me, me_json())
    finally:
        await store.close()


def add_long_chats(account: Account, count: int = 2, messages: int = 10_000) -> list[int]:
    """Give ``count`` chats of Meus (in attendance, taken by attendant 1) ``messages``
    messages each, generated like the rest of the cache (their histories interleave on
    disk, ids follow time up to the cache's NOW). Returns their ids."""
    return asyncio.run(_add_long_chats(account.files, count, messages))


async def _add_long_chats(files: AccountFiles, count: int, messages: int) -> list[int]:
    store = await Store.open(files, ME)
    try:
        chosen, next_id = await store.call(_pick, count)
        generator = Generator(Shape(chats=10, messages=10, big_chat_messages=0, seed=4242))
        generator.next_id = next_id
        gap = 45.0
        start = NOW.timestamp() - messages * gap * 1.05
        plans = [
            _ChatPlan(
                id=chat_id,
                created=start + k,
                messages=messages,
                status="in_attendance",
                department=1,
                origin="whatsapp_cloud",
                contact=generator.contacts[k],
                responsible=ME,
                gap=gap,
            )
            for k, chat_id in enumerate(chosen)
        ]
        chats, rows = generator.block(plans)
        await store.transaction(_write, chats, rows)
        return chosen
    finally:
        await store.close()


def _pick(cache: Cache, count: int) -> tuple[list[int], int]:
    sql = cache.db.conn.execute
    ids = [
        r[0]
        for r in sql(
            "SELECT id FROM chats WHERE responsible_id = ? AND status = 'in_attendance' "
            "ORDER BY id DESC LIMIT ?",
            (ME, count),
        )
    ]
    assert len(ids) == count, "not enough chats in Meus"
    next_id = sql("SELECT max(id) FROM messages").fetchone()[0] + 1
    return ids, next_id


def _write(cache: Cache, chats: list[ChatOut], rows: list[tuple[Any, ...]]) -> None:
    sql = cache.db.conn.execute
    for chat in chats:
        sql("DELETE FROM messages WHERE chat_id = ?", (chat.id,))
        cache.put_chat(chat, force=True)
    cache.db.conn.executemany(MESSAGE_INSERT, rows)
    for chat in chats:
        sql(
            "UPDATE chats SET history_from = 0, seen = 1, unread = 0, read_upto = "
            "(SELECT max(id) FROM messages WHERE chat_id = ?) WHERE id = ?",
            (chat.id, chat.id),
        )


def newest_ids(files: AccountFiles, chat_id: int, n: int = 50) -> list[int]:
    """The ids of the chat's newest ``n`` messages, oldest first (plain sqlite3)."""
    import sqlite3

    conn = sqlite3.connect(files.cache)
    try:
        rows = conn.execute(
            "SELECT id FROM messages WHERE chat_id = ? ORDER BY id DESC LIMIT ?", (chat_id, n)
        ).fetchall()
    finally:
        conn.close()
    return sorted(r[0] for r in rows)
