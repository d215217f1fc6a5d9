"""The generated caches, built once per session (about a minute and a half for the 1M one).

Set TIFLUX_BENCH_DIR to a folder to keep them between runs: a cache this generator already
wrote there with the same shape is reused instead of generated again.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cache_factory import Built, Shape, build_cache
from report import Row, note, table

BIG = Shape(chats=10_000, messages=1_000_000, big_chat_messages=10_000)
SMALL = Shape(chats=10_000, messages=100_000, big_chat_messages=0)


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
