"""Figures of the benchmarks: medians, tails and ratios against a baseline measured in the
same process, printed as aligned tables. A budget gives a verdict in words; nothing here
ever fails a test on a duration.

Every row that carries a budget is also kept in ``VERDICTS``: the session's conftest prints
them together at the end of ``make bench`` (the one table of every DESIGN.md 6 budget) and
writes it as Markdown to build/benchmarks/summary.md."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# TIFLUX_BENCH_SMOKE=1: every benchmark on small data with few repeats, to prove in `make test`
# that the runner works end to end (tests/benchmarks/test_bench_smoke.py). Figures of a smoke
# run mean nothing.
SMOKE = os.environ.get("TIFLUX_BENCH_SMOKE") == "1"


def scaled(full: T, smoke: T) -> T:
    """A benchmark's size: ``full`` for `make bench`, ``smoke`` for the smoke run."""
    return smoke if SMOKE else full


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def quantile(values: Sequence[float], q: float) -> float:
    """Nearest-rank quantile (q=0.95: the value 95 % of the samples do not exceed)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass(frozen=True, slots=True)
class Budget:
    """A DESIGN.md section 6 budget, about the row's ``median`` or its ``tail`` column."""

    limit: float
    on: str = "tail"  # "median" or "tail"
    higher_is_better: bool = False

    def text(self, unit: str, tail: str) -> str:
        which = "median" if self.on == "median" else tail
        sign = ">=" if self.higher_is_better else "<="
        return f"{which} {sign} {fmt(self.limit)} {unit}"

    def verdict(self, row: Row, unit: str) -> str:
        value = row.median if self.on == "median" else row.tail
        if value is None:
            return "n/a"
        if self.higher_is_better:
            if value >= self.limit:
                return f"ok (x{value / self.limit:.1f} the minimum)"
            return f"MISSED: {fmt(self.limit - value)} {unit} short (x{value / self.limit:.2f})"
        if value <= self.limit:
            return f"ok ({100 * value / self.limit:.0f} % of budget)"
        return f"MISSED by {fmt(value - self.limit)} {unit} (x{value / self.limit:.1f})"


@dataclass(frozen=True, slots=True)
class Row:
    what: str
    n: int
    median: float
    tail: float | None = None
    baseline: float | None = None
    budget: Budget | None = None


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ratio(row: Row) -> str:
    if row.baseline is None or row.baseline == 0:
        return "-"
    value = row.median / row.baseline
    return f"x{value:.2f}" if value >= 0.1 else f"x{value:.2g}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A budgeted row as the summary shows it: which table it came from and in what unit."""

    table: str
    row: Row
    unit: str
    tail: str

    def cells(self) -> tuple[str, ...]:
        row, budget = self.row, self.row.budget
        assert budget is not None
        return (
            self.table,
            row.what,
            str(row.n),
            f"{fmt(row.median)} {self.unit}",
            f"{fmt(row.tail)} {self.unit}" if row.tail is not None else "-",
            f"{fmt(row.baseline)} {self.unit}" if row.baseline is not None else "-",
            ratio(row),
            budget.text(self.unit, self.tail),
            budget.verdict(row, self.unit),
        )


VERDICTS: list[Verdict] = []

SUMMARY_HEADER = (
    "table",
    "what",
    "n",
    "median",
    "tail",
    "baseline",
    "ratio",
    "budget",
    "verdict",
)


def table(title: str, rows: Sequence[Row], *, unit: str = "ms", tail: str = "p95") -> str:
    """Print (and return) one table: what, n, median, tail, baseline median, ratio, budget,
    verdict. Values are in ``unit``; the ratio is median / baseline median."""
    header = (
        "what",
        "n",
        f"median {unit}",
        f"{tail} {unit}",
        f"baseline {unit}",
        "ratio",
        "budget",
        "verdict",
    )
    body = [
        (
            r.what,
            str(r.n),
            fmt(r.median),
            fmt(r.tail),
            fmt(r.baseline),
            ratio(r),
            r.budget.text(unit, tail) if r.budget else "-",
            r.budget.verdict(r, unit) if r.budget else "-",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    right = {1, 2, 3, 4, 5}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    VERDICTS.extend(Verdict(title, r, unit, tail) for r in rows if r.budget is not None)
    out = [f"\n== {title}", line(header), line(["-" * w for w in widths])]
    out += [line(cells) for cells in body]
    text = "\n".join(out)
    print(text, flush=True)
    return text


def note(text: str) -> None:
    """A line under a table (what the baseline is, a caveat)."""
    print(f"   {text}", flush=True)


def markdown(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """A Markdown table (pipes in cells escaped)."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([row(header), row(["---"] * len(header)), *(row(c) for c in body)])


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on: they mean little without it."""
    import platform
    import sqlite3
    import sys
    from pathlib import Path

    def first(path: str, key: str) -> str:
        try:
            for text in Path(path).read_text().splitlines():
                if text.startswith(key):
                    return text.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()})"
    except ImportError:  # pragma: no cover - the venv has it
        qt = "-"
    memory = first("/proc/meminfo", "MemTotal")
    return [
        ("CPU", f"{first('/proc/cpuinfo', 'model name')}, {os.cpu_count()} logical cores"),
        ("RAM", memory),
        ("OS", f"{platform.platform()}"),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("SQLite", sqlite3.sqlite_version),
        ("Qt", qt),
    ]
