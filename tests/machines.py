"""Attendants' machines and polling, shared by the core and the window's tests."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from memory_keyring import MemoryKeyring
from tiflux_desktop.services import Environment, SettingsFile, TokenVault


@dataclass
class Machine:
    """One attendant's computer: a data folder, a settings file and a keyring."""

    root: Path
    keyring: MemoryKeyring = field(default_factory=MemoryKeyring)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def settings_path(self) -> Path:
        return self.root / "config" / "settings.json"

    def env(self, transport: httpx.AsyncBaseTransport | None = None) -> Environment:
        """A fresh Environment, as a new start of the app builds one."""
        return Environment(
            data_dir=self.data_dir,
            settings=SettingsFile(self.settings_path),
            vault=TokenVault(self.keyring),
            transport=transport,
        )


async def eventually(
    predicate: Callable[[], Any | Awaitable[Any]],
    timeout: float = 10,  # noqa: ASYNC109 - a polling deadline, checked between polls
    interval: float = 0.05,
    what: str = "",
) -> Any:
    """Poll ``predicate`` (sync or async) until it returns something truthy; return it."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        last = result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or predicate} (last: {last!r})")
        await asyncio.sleep(interval)
