"""4. Memory of a process that opened a cache of 10k chats and 100k messages, loaded the four
tab lists and the newest 50 messages of 100 chats (those with the most messages, so 5,000
messages are held; memory_probe.py, in a fresh interpreter so
the figure owes nothing to the cache generation). Baseline: the same interpreter after
importing tiflux_desktop.store only. Budget (DESIGN.md 6): <= 250 MB RSS.

The same is measured with PySide6 loaded and a QApplication up, nearer to the app's process
(which also has its window, models and network client: not measured here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cache_factory import Built
from report import Budget, Row, median, note, scaled, table

PROBE = Path(__file__).with_name("memory_probe.py")
REPEATS = scaled(3, 1)


def probe(*args: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, str(PROBE), *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.bench
@pytest.mark.timeout(900)
def test_memory_10k_chats_100k_messages(small_cache: Built) -> None:
    folder = str(small_cache.files.folder)
    runs: dict[str, list[dict[str, Any]]] = {
        mode: [
            probe(mode, folder) if mode.endswith("load") else probe(mode) for _ in range(REPEATS)
        ]
        for mode in ("import", "load", "qt-import", "qt-load")
    }
    for mode in ("load", "qt-load"):
        for run in runs[mode]:
            assert run["entries"] >= small_cache.shape.chats  # every tab list loaded
            assert run["chats_opened"] == 100
            # the newest 50 of each (the full-size cache's 100 biggest chats all have 50+)
            assert run["messages"] == scaled(100 * 50, run["messages"])
    budget = Budget(250.0, on="median")

    def rss(mode: str) -> float:
        return median([r["VmRSS"] for r in runs[mode]])

    def peak(mode: str) -> float:
        return median([r["VmHWM"] for r in runs[mode]])

    loaded = runs["load"][0]
    table(
        f"4. memory: {small_cache.shape.chats:,} chats + {small_cache.message_count:,} "
        f"messages cached (tail column: peak VmHWM)",
        [
            Row("baseline: import tiflux_desktop.store", REPEATS, rss("import"), peak("import")),
            Row(
                f"opened, 4 tabs ({loaded['entries']:,} entries), {loaded['messages']:,} msgs of 100 chats",
                REPEATS,
                rss("load"),
                peak("load"),
                rss("import"),
                budget,
            ),
            Row("  growth over the baseline", REPEATS, rss("load") - rss("import")),
            Row(
                "with PySide6 + QApplication: imports only",
                REPEATS,
                rss("qt-import"),
                peak("qt-import"),
            ),
            Row(
                "with PySide6 + QApplication: the same load",
                REPEATS,
                rss("qt-load"),
                peak("qt-load"),
                rss("qt-import"),
                budget,
            ),
        ],
        unit="MB",
        tail="peak",
    )
    note("VmRSS from /proc/self/status after gc.collect(), the store still open")
