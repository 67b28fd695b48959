"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 lowers the reference count of ``True`` once per signal delivered
to a Python callable; after enough signals the interpreter aborts with
``bool_dealloc``. pyproject.toml caps PySide6 below that release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()


class _Counter:
    def __init__(self) -> None:
        self.calls = 0

    def on_fired(self) -> None:
        self.calls += 1


def test_delivering_signals_leaves_true_s_reference_count_alone() -> None:
    emitter = _Emitter()
    counter = _Counter()
    emitter.fired.connect(counter.on_fired)
    before = sys.getrefcount(True)

    for _ in range(1000):
        emitter.fired.emit()

    assert counter.calls == 1000
    # a few references may come and go elsewhere; the bug removed exactly 1000
    assert abs(sys.getrefcount(True) - before) < 50
