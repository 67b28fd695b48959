"""Interpreter settings that keep the UI thread responsive while workers parse pages.

Profiled with py-spy while 10,000 repositories load (2 cores): the UI thread spent
most of its stalls waiting for the GIL inside shiboken (every Qt call into a Python
model or widget takes it) while a listing thread parsed JSON; and once per listing
a full garbage collection, walking the ~90,000 long-lived objects of start-up
(Qt wrappers, botocore's service models), held the GIL for about 35 ms.

* A 1 ms switch interval (Python's default is 5 ms) lets the UI thread take the GIL
  sooner each time it asks; the workers lose little, since they mostly wait on the
  network.
* ``gc.freeze()`` after one collection moves the objects alive at that point out of
  the collector's sight, so later full collections walk only what came after.

This is a start-up setting of the whole app: ``ui/app.py`` applies it once, right
after the main window is built (and the benchmark does the same). Library layers
never freeze the collector themselves.
"""

from __future__ import annotations

import gc
import logging
import sys

logger = logging.getLogger(__name__)

SWITCH_INTERVAL_S = 0.001

_applied = False


def keep_ui_thread_responsive() -> None:
    """Apply the settings once per process; later calls do nothing."""
    global _applied
    if _applied:
        return

    _applied = True
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.collect()
    gc.freeze()
    logger.debug(
        "switch interval %.1f ms; %d start-up objects frozen out of the collector",
        SWITCH_INTERVAL_S * 1000,
        gc.get_freeze_count(),
    )
