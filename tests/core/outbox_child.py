"""The app, cut down to its core, run as a separate process that the test kills.

It resumes the attendant's session from the machine folder (the token comes in through the
environment: a killed process has no keyring to hand over), starts syncing, queues messages,
says "queued" and waits to be killed.

Environment: CHILD_ROOT (the machine folder), CHILD_SERVER, CHILD_EMAIL, CHILD_TOKEN,
CHILD_CHAT (chat id), CHILD_TEXTS (the messages, one per line).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: memory_keyring

from memory_keyring import MemoryKeyring
from tiflux_desktop.services import Environment, Session, SettingsFile, TokenVault


async def main() -> None:
    root = Path(os.environ["CHILD_ROOT"])
    vault = TokenVault(MemoryKeyring())
    vault.save(os.environ["CHILD_SERVER"], os.environ["CHILD_EMAIL"], os.environ["CHILD_TOKEN"])
    env = Environment(
        data_dir=root / "data",
        settings=SettingsFile(root / "config" / "settings.json"),
        vault=vault,
    )
    session = await Session.resume(env)
    await session.start()
    chat_id = int(os.environ["CHILD_CHAT"])
    for text in os.environ["CHILD_TEXTS"].splitlines():
        await session.composer.send(chat_id, text)
    print("queued", flush=True)
    await asyncio.Event().wait()  # until killed: no close, no goodbye


if __name__ == "__main__":
    asyncio.run(main())
