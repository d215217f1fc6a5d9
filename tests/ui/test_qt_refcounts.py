"""The Qt binding must not leak references to True and None.

PySide6 6.12.0 drops one reference to ``True`` at every ``emit()`` made from Python and one
to ``None`` every time a Python ``data()`` answers None through a view or proxy; on CPython
3.11 the count reaches zero within minutes of a busy window and the process aborts
("Fatal Python error: bool_dealloc"). pyproject.toml excludes that version; this test
catches any binding that does it again (in a child process: the failure is an abort)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import (
        QAbstractListModel, QCoreApplication, QModelIndex, QObject, QSortFilterProxyModel,
        Qt, Signal,
    )

    app = QCoreApplication([])

    class Emitter(QObject):
        fired = Signal(int)

    class Empty(QAbstractListModel):
        def rowCount(self, parent=QModelIndex()):
            return 1

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    emitter = Emitter()
    emitter.fired.connect(lambda value: None)
    proxy = QSortFilterProxyModel()
    model = Empty()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(5000):
        emitter.fired.emit(i)
        proxy.data(index, Qt.ItemDataRole.UserRole)
    print(sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before)
    """
)


def test_emit_and_data_keep_their_references() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    true_lost, none_lost = (int(n) for n in done.stdout.split())
    # A few references come and go with the objects made; thousands lost is the bug.
    assert true_lost > -100, f"{-true_lost} references to True lost in 5,000 emits"
    assert none_lost > -100, f"{-none_lost} references to None lost in 5,000 data() calls"
