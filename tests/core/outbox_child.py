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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: child_session

from child_session import resume_child_session


async def main() -> None:
    session = await resume_child_session()
    await session.start()
    chat_id = int(os.environ["CHILD_CHAT"])
    for text in os.environ["CHILD_TEXTS"].splitlines():
        await session.composer.send(chat_id, text)
    print("queued", flush=True)
    await asyncio.Event().wait()  # until killed: no close, no goodbye


if __name__ == "__main__":
    asyncio.run(main())
