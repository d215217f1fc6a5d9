"""One receiver process of the service benchmark: holds a share of the attendants' event
sockets (``/api/v2/events/ws``, the app's own client library and options) and notes when each
socket receives each customer message.

Run by ``service_load.py`` as ``python service_load_receiver.py`` with a JSON job on stdin
(``url``, ``after``, ``out``, ``sockets``: [[socket index, token], ...]). It prints ``ready``
once every socket is open, then waits for ``stop <k>`` on stdin: it keeps reading until every
socket has received customer message ``k`` (the sentinel: the log streams in order, so
everything before it has arrived too), pickles what it saw to ``out`` and prints ``done``.

Frames are inspected as cheaply as possible, so the figures are the service's and not this
process's: only ``message.upserted`` frames are searched for the ``#bm<k>#`` marker the load
puts in each customer's text, and only (k, CLOCK_MONOTONIC ns) pairs are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import pickle
import sys
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

MARKER = "#bm"
_TYPE = '"type":"message.upserted"'
_CONNECT_AT_ONCE = 25


@dataclass
class Seen:
    index: int
    pairs: array[int] = field(default_factory=lambda: array("q"))  # k, t_ns, k, t_ns ...
    last_k: int = -1
    frames: int = 0
    closed: str | None = None  # why the socket ended before the stop, if it did


def marker_of(frame: str) -> int | None:
    """The k of a customer message's ``message.upserted`` frame, else None."""
    if frame.find(_TYPE, 0, 64) < 0:
        return None
    at = frame.find(MARKER)
    if at < 0:
        return None
    end = frame.find("#", at + 3)
    digits = frame[at + 3 : end]
    return int(digits) if end > 0 and digits.isdigit() else None


async def _follow(ws: ClientConnection, seen: Seen, wake: asyncio.Event) -> None:
    clock = time.monotonic_ns
    pairs = seen.pairs
    try:
        async for frame in ws:
            now = clock()
            seen.frames += 1
            if isinstance(frame, bytes):
                continue
            k = marker_of(frame)
            if k is not None:
                pairs.append(k)
                pairs.append(now)
                if k > seen.last_k:
                    seen.last_k = k
                    wake.set()
    except ConnectionClosed as exc:
        seen.closed = f"closed {exc.rcvd.code if exc.rcvd else '-'}"
    except Exception as exc:  # noted and reported: the parent counts it as a failure
        seen.closed = type(exc).__name__
    if seen.closed is None:
        seen.closed = "ended"
    wake.set()


async def _open(url: str, token: str) -> ClientConnection:
    # As the app's realtime client connects (net/realtime.py): header auth, default
    # permessage-deflate, pings every 20 s, no frame size cap here (we only read).
    return await connect(
        url,
        additional_headers={"Authorization": f"Bearer {token}"},
        ping_interval=20.0,
        ping_timeout=20.0,
        open_timeout=120.0,
        close_timeout=2.0,
        max_size=None,
    )


async def _stdin_lines() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def run() -> tuple[str, dict[int, dict[str, Any]]]:
    lines = await _stdin_lines()
    job: dict[str, Any] = json.loads(await lines.readline())
    url = f"{job['url']}?after={int(job['after'])}"
    sockets: list[tuple[int, str]] = [(int(i), str(t)) for i, t in job["sockets"]]
    wake = asyncio.Event()
    seen = {index: Seen(index) for index, _ in sockets}
    connections: list[ClientConnection] = []
    for start in range(0, len(sockets), _CONNECT_AT_ONCE):
        chunk = sockets[start : start + _CONNECT_AT_ONCE]
        connections += await asyncio.gather(*(_open(url, token) for _, token in chunk))
    tasks = [
        asyncio.create_task(_follow(ws, seen[index], wake))
        for ws, (index, _) in zip(connections, sockets, strict=True)
    ]
    print("ready", flush=True)
    command = (await lines.readline()).decode().split()
    sentinel = int(command[1]) if len(command) > 1 else -1
    deadline = time.monotonic() + float(job.get("drain_seconds", 120.0))
    while time.monotonic() < deadline:
        if all(s.last_k >= sentinel or s.closed for s in seen.values()):
            break
        wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), 1.0)
    for task in tasks:
        task.cancel()
    for ws in connections:
        with contextlib.suppress(Exception):
            await ws.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    result = {
        index: {
            "pairs": s.pairs.tobytes(),
            "frames": s.frames,
            "closed": s.closed,
            "reached": s.last_k >= sentinel,
        }
        for index, s in seen.items()
    }
    return str(job["out"]), result


def main() -> None:
    out, result = asyncio.run(run())
    Path(out).write_bytes(pickle.dumps(result))
    print("done", flush=True)


if __name__ == "__main__":
    main()
