"""The app's core (services.Session, no Qt) as a separate process that the chaos run kills.

It resumes the attendant's session from the machine folder (the token comes in through the
environment: a killed process leaves no keyring behind), starts syncing, and sends the
attendant's numbered messages ("a-000123") through ``composer.send`` (the outbox) into the
chats round-robin, at a steady pace, from where the last run left off. Then it keeps syncing
until told to stop.

Where it left off: a number is taken once ``composer.send`` has returned, since the outbox row
is committed by then. After a kill the child looks for the highest number it kept, in the
outbox (not yet confirmed) and in the cached messages (confirmed), and also takes the highest
number the parent saw it announce (CHILD_FLOOR), which covers a confirmation whose message
row were ever missing from the cache. Numbers are taken one after another, so the highest
one kept says which are taken: none is skipped, none is sent twice.

Environment: CHILD_ROOT (the machine folder), CHILD_SERVER, CHILD_EMAIL, CHILD_TOKEN,
CHILD_CHATS (chat ids, comma-separated), CHILD_TOTAL (the last number), CHILD_FLOOR,
CHILD_RATE (messages per second; 0: as fast as the outbox takes them), CHILD_EPOCH (when
number 1 was due, as a Unix time).

Stdout, one line each: ``started <next number>``, ``queued <n>``, ``all-queued``, and every
half second ``status <json>`` (outbox, connection, per chat: count, newest id, sum of versions).
Stdin: ``stop`` closes the session cleanly and exits 0.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: child_session

from child_session import resume_child_session
from tiflux_desktop.services import Session, UnknownChat
from tiflux_desktop.store import Cache, OutboxState

NUMBERED = re.compile(r"^a-(\d{6})$")
STATUS_EVERY = 0.5


def attendant_text(number: int) -> str:
    return f"a-{number:06d}"


def kept_numbers(cache: Cache) -> list[int]:
    """Every attendant number this machine has taken: queued or confirmed."""
    texts = [item.text for item in cache.outbox()]
    texts += [
        r[0]
        for r in cache.db.conn.execute(
            "SELECT text FROM messages WHERE author_type = 'attendant' AND text LIKE 'a-%'"
        )
    ]
    return [int(m.group(1)) for t in texts if t and (m := NUMBERED.match(t))]


def status(cache: Cache) -> dict[str, Any]:
    rows = cache.db.conn.execute(
        "SELECT chat_id, count(*), max(id), sum(version) FROM messages GROUP BY chat_id"
    ).fetchall()
    outbox = cache.outbox()
    return {
        "pending": len(outbox),
        "failed": [i.text for i in outbox if i.state is OutboxState.FAILED],
        "chats": {str(r[0]): [r[1], r[2], r[3]] for r in rows},
    }


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def report(session: Session) -> None:
    while True:
        found = await session.store.call(status)
        found["state"] = session.connection.value
        found["sent"] = session.outbox.sent
        say("status " + json.dumps(found))
        await asyncio.sleep(STATUS_EVERY)


async def send_all(
    session: Session, chats: list[int], first: int, total: int, rate: float, epoch: float
) -> None:
    """Number n is due ``(n - 1) / rate`` seconds after ``epoch`` (wall clock, shared with
    the parent): a start after a kill catches up with what the attendant would have typed."""
    for number in range(first, total + 1):
        chat_id = chats[(number - 1) % len(chats)]
        while True:
            try:
                await session.composer.send(chat_id, attendant_text(number))
                break
            except UnknownChat:  # a cache being rebuilt: the chat comes back with it
                await asyncio.sleep(0.2)
        say(f"queued {number}")
        if rate > 0:
            await asyncio.sleep(max(0.0, epoch + number / rate - time.time()))
    say("all-queued")


async def stop_requested() -> None:
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        if line.strip() == b"stop":
            return


async def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    session = await resume_child_session()
    kept = await session.store.call(kept_numbers)
    first = max([int(os.environ.get("CHILD_FLOOR", "0")), *kept]) + 1
    say(f"started {first}")
    await session.start()
    chats = [int(c) for c in os.environ["CHILD_CHATS"].split(",")]
    tasks = [
        asyncio.create_task(report(session)),
        asyncio.create_task(
            send_all(
                session,
                chats,
                first,
                int(os.environ["CHILD_TOTAL"]),
                float(os.environ.get("CHILD_RATE", "0")),
                float(os.environ.get("CHILD_EPOCH", "0")),
            )
        ),
    ]
    await stop_requested()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await session.close()


if __name__ == "__main__":
    asyncio.run(main())
