"""Figures of the benchmarks: medians, tails and ratios against a baseline measured in the
same process, printed as aligned tables. A budget gives a verdict in words; nothing here
ever fails a test on a duration."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


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

    out = [f"\n== {title}", line(header), line(["-" * w for w in widths])]
    out += [line(cells) for cells in body]
    text = "\n".join(out)
    print(text, flush=True)
    return text


def note(text: str) -> None:
    """A line under a table (what the baseline is, a caveat)."""
    print(f"   {text}", flush=True)
