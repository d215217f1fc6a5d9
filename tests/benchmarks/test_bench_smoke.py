"""The benchmark runner, end to end on small data: the smoke of `make bench` in `make test`.

It runs every benchmark (marker ``bench``) in a child pytest with TIFLUX_BENCH_SMOKE=1 (small
caches, few repeats: report.scaled) and checks that each one ran and that the summary holds a
verdict for every budget of DESIGN.md section 6. The figures of a smoke run mean nothing and
are not looked at: a slow machine cannot fail this, a broken benchmark does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A row of the summary for each budget of DESIGN.md 6 (a fragment of its "what" column).
BUDGETED = {
    "cold start": "cold start to a painted window",
    "search keystroke, 10k/100k": "search keystroke",
    "open a cached chat": "open a cached chat",
    "full-text search, 1M messages": "full-text search",
    "live events at 1,000/s": "loop lag",
    "memory": "memory",
    "reconnect": "every missed event in the cache",
    "service": "fan-out",
}


def test_every_benchmark_runs_and_gives_a_verdict(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "TIFLUX_BENCH_SMOKE": "1",
        "TIFLUX_BENCH_SUMMARY": str(summary),
        "QT_QPA_PLATFORM": "offscreen",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/benchmarks", "-m", "bench", "-q",
         "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "pytest")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert " failed" not in run.stdout
    assert " error" not in run.stdout
    text = summary.read_text(encoding="utf-8").lower()
    missing = [budget for budget, fragment in BUDGETED.items() if fragment not in text]
    assert not missing, f"no verdict for {missing} in the summary:\n{text}"
