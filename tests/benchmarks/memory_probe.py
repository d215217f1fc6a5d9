"""Run as a script by test_bench_memory.py, in a fresh interpreter: prints one JSON line with
this process's memory (VmRSS and its peak VmHWM, MB) once it has done what its mode says.

    memory_probe.py import              import tiflux_desktop.store only (the baseline)
    memory_probe.py load FOLDER         open the account's cache in FOLDER, load the four tab
                                        lists, the counts, and the newest 50 messages of
                                        the 100 chats with the most messages; keep them
    memory_probe.py qt-import | qt-load FOLDER
                                        the same, with PySide6 loaded and a QApplication up
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
from pathlib import Path
from typing import Any


def memory() -> dict[str, float]:
    fields: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024  # kB -> MB
    return fields


async def load(folder: Path) -> dict[str, Any]:
    from tiflux_desktop.domain import Tab
    from tiflux_desktop.store import AccountFiles, Cache, Store

    store = await Store.open(AccountFiles(folder), 1)
    try:
        tabs = {tab: await store.call(Cache.tab, tab) for tab in Tab}
        counts = await store.call(Cache.counts)
        chosen: list[int] = await store.call(
            lambda cache: [
                r[0]
                for r in cache.db.conn.execute(
                    "SELECT chat_id FROM messages GROUP BY chat_id ORDER BY count(*) DESC LIMIT 100"
                )
            ]
        )
        pages = [await store.call(Cache.messages, chat_id) for chat_id in chosen]
        gc.collect()
        figures: dict[str, Any] = memory()
        figures["entries"] = sum(len(v) for v in tabs.values())
        figures["chats_opened"] = len(pages)
        figures["messages"] = sum(len(p.messages) for p in pages)
        figures["counts"] = [counts.inbox, counts.mine, counts.in_attendance, counts.archived]
        return figures
    finally:
        await store.close()


def main(argv: list[str]) -> None:
    mode = argv[1]
    app: object = None
    if mode.startswith("qt-"):
        from PySide6.QtWidgets import QApplication

        app = QApplication([])
        mode = mode.removeprefix("qt-")
    import tiflux_desktop.store  # noqa: F401

    if mode == "import":
        gc.collect()
        figures: dict[str, Any] = memory()
    else:
        figures = asyncio.run(load(Path(argv[2])))
    figures["qt"] = app is not None
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main(sys.argv)
