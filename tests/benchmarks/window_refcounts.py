"""A guard against a PySide6 6.12.0 reference-count bug that aborts the window's process.

On CPython 3.11 (where None, True and False are not immortal yet), PySide6 6.12.0 drops one
reference to ``True`` at every ``SignalInstance.emit()`` made from Python (``emit`` returns
True without a reference of its own), and one reference to ``None`` every time a Python
``data()`` override answers None (a role the model does not provide, asked by a view or a
delegate). The counts only ever go down; when one reaches zero CPython aborts with
"Fatal Python error: bool_dealloc" (or "none_dealloc"). The window emits and paints all
the time, so a busy session gets there within minutes (1,000 events/s: about 10 s).

The benchmarks must outlive it to give their figures, so ``pin()`` adds 2**40 to the three
counts (nothing else changes: these objects live as long as the process anyway).
``counts()`` gives the counts as they would be unpinned: their fall over a run is what the
benchmarks report, the app's way to an abort.
"""

from __future__ import annotations

import ctypes
import sys

PIN = 1 << 40
_SINGLETONS: dict[str, object] = {"None": None, "True": True, "False": False}
_natural: dict[str, int] = {}


def _count(obj: object) -> ctypes.c_ssize_t:
    return ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt comes first in every object


def pin() -> dict[str, int]:
    """Pin the counts (once per process); returns the counts as they were."""
    if not _natural:
        for name, obj in _SINGLETONS.items():
            _natural[name] = sys.getrefcount(obj)
            _count(obj).value += PIN
    return dict(_natural)


def counts() -> dict[str, int]:
    """The counts now, without the pin (what they would be unpinned)."""
    pinned = PIN if _natural else 0
    return {name: sys.getrefcount(obj) - pinned for name, obj in _SINGLETONS.items()}
