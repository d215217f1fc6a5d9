"""The executable bundle (`make bundle`, dist/tiflux-desktop): its size on disk and how long
it takes to start, as the start of `--self-test` (Qt offscreen, the cache, translations,
icons, then exit), against the source tree's `python -m tiflux_desktop --self-test` measured
in the same run. Figures in docs/benchmarks.md, "Executable bundle"."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from report import Row, note, quantile, scaled, table

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = Path(os.environ.get("TIFLUX_BUNDLE", ROOT / "dist" / "tiflux-desktop" / "tiflux-desktop"))
RUNS = scaled(11, 2)


def _size(path: Path) -> int:
    if path.is_symlink():
        return 0  # counted where it points
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _timed(command: Sequence[str], runs: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)  # warm the cache
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    return seconds


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not BUNDLE.is_file():
        pytest.skip(f"no bundle at {BUNDLE}: `make bundle` first")
    return BUNDLE


def test_bench_bundle_size(bundle: Path) -> None:
    folder = bundle.parent
    internal = folder / "_internal"
    parts = {f"_internal/{p.name}": _size(p) for p in internal.iterdir()}
    parts[bundle.name] = _size(bundle)
    total = sum(parts.values())
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    rows = [Row(f"whole bundle ({files:,} files)", 1, total / 1e6)]
    for name, size in sorted(parts.items(), key=lambda item: -item[1])[:5]:
        rows.append(Row(f"  {name}", 1, size / 1e6, baseline=total / 1e6))
    table("executable bundle: size on disk (the ratio is the part's share)", rows, unit="MB")
    pyside = internal / "PySide6"
    if pyside.is_dir():
        qt = {
            "Qt libraries": _size(pyside / "Qt" / "lib"),
            "Qt plugins": _size(pyside / "Qt" / "plugins"),
            "PySide6 bindings": sum(_size(p) for p in pyside.glob("*.so*")),
        }
        note("PySide6: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in qt.items()))


def test_bench_bundle_start(bundle: Path) -> None:
    source = _timed([sys.executable, "-m", "tiflux_desktop", "--self-test"], RUNS)
    frozen = _timed([str(bundle), "--self-test"], RUNS)
    median_source = sorted(source)[len(source) // 2] * 1000
    median_frozen = sorted(frozen)[len(frozen) // 2] * 1000
    table(
        "start to exit of --self-test (wall time, warm file cache)",
        [
            Row(
                "source tree: python -m tiflux_desktop --self-test",
                RUNS,
                median_source,
                quantile(source, 0.9) * 1000,
            ),
            Row(
                "bundle: dist/tiflux-desktop/tiflux-desktop --self-test",
                RUNS,
                median_frozen,
                quantile(frozen, 0.9) * 1000,
                baseline=median_source,
            ),
        ],
        unit="ms",
        tail="p90",
    )
    note("baseline: the source tree's run of the same checks in this process's Python")
