"""The app's core resumed in a child process that a test kills: the attendant's session from
the machine folder, the token handed over through the environment (a killed process has no
keyring to hand over). Environment: CHILD_ROOT (the machine folder), CHILD_SERVER,
CHILD_EMAIL, CHILD_TOKEN."""

from __future__ import annotations

import os
from pathlib import Path

from memory_keyring import MemoryKeyring
from tiflux_desktop.services import Environment, Session, SettingsFile, TokenVault


async def resume_child_session() -> Session:
    root = Path(os.environ["CHILD_ROOT"])
    vault = TokenVault(MemoryKeyring())
    vault.save(os.environ["CHILD_SERVER"], os.environ["CHILD_EMAIL"], os.environ["CHILD_TOKEN"])
    env = Environment(
        data_dir=root / "data",
        settings=SettingsFile(root / "config" / "settings.json"),
        vault=vault,
    )
    return await Session.resume(env)
