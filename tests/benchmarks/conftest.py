"""The generated caches, built once per session (about a minute and a half for the 1M one).

Set TIFLUX_BENCH_DIR to a folder to keep them between runs: a cache this generator already
wrote there with the same shape is reused instead of generated again.
"""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path

import pytest

from cache_factory import Built, Shape, build_cache
from report import SUMMARY_HEADER, VERDICTS, Row, machine, markdown, note, scaled, table

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = Path(os.environ.get("TIFLUX_BENCH_SUMMARY", ROOT / "build" / "benchmarks" / "summary.md"))

BIG = scaled(
    Shape(chats=10_000, messages=1_000_000, big_chat_messages=10_000),
    Shape(chats=400, messages=6_000, big_chat_messages=600),
)
SMALL = scaled(
    Shape(chats=10_000, messages=100_000, big_chat_messages=0),
    Shape(chats=400, messages=4_000, big_chat_messages=0),
)


def _folder(factory: pytest.TempPathFactory, name: str) -> Path:
    kept = os.environ.get("TIFLUX_BENCH_DIR")
    if kept:
        folder = Path(kept) / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return factory.mktemp(name)


def _report(built: Built) -> None:
    what = f"{built.shape.chats:,} chats + {built.message_count:,} messages"
    if built.reused:
        note(f"{what}: reused from TIFLUX_BENCH_DIR ({built.size_bytes / 1e6:.0f} MB)")
        return
    table(
        f"generation: {what} ({built.size_bytes / 1e6:.0f} MB on disk)",
        [Row("generate and write (put_chat + bulk messages, FTS triggers)", 1, built.seconds)],
        unit="s",
    )
    note(f"{built.message_count / built.seconds:,.0f} messages/s, indexed by the FTS triggers")


@pytest.fixture(scope="session")
def big_cache(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """10k chats and 1M messages, one chat (in Meus) with 10k of them."""
    built = build_cache(_folder(tmp_path_factory, "cache-1m"), BIG)
    _report(built)
    return built


@pytest.fixture(scope="session")
def small_cache(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """10k chats and 100k messages: the size of the memory budget."""
    built = build_cache(_folder(tmp_path_factory, "cache-100k"), SMALL)
    _report(built)
    return built


# --- the run's header and its one table of budgets ---------------------------------------


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"machine: {what}: {value}" for what, value in machine()]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Every budgeted row of the run in one table, printed and written as Markdown."""
    if not VERDICTS:
        return
    rows = [v.cells() for v in VERDICTS]
    write = terminalreporter.write_line
    terminalreporter.section("budgets of DESIGN.md section 6, this run")
    widths = [max(len(r[i]) for r in (SUMMARY_HEADER, *rows)) for i in range(len(rows[0]))]
    for cells in (SUMMARY_HEADER, tuple("-" * w for w in widths), *rows):
        write("  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip())
    command = shlex.join([Path(sys.executable).name, "-m", "pytest", *sys.argv[1:]])
    lines = [
        "# Benchmark summary",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M')} with `{command}`.",
        "",
        markdown(("", ""), machine()),
        "",
        markdown(SUMMARY_HEADER, rows),
        "",
    ]
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text("\n".join(lines), encoding="utf-8")
    write(f"written to {SUMMARY}")
