"""Interpreter settings that keep the UI thread responsive while workers parse pages.

Profiled with py-spy while 10,000 repositories load (2 cores): the UI thread spent
most of its stalls waiting for the GIL inside shiboken (every Qt call into a Python
model or widget takes it) while a listing thread parsed JSON; and a full garbage
collection, walking every long-lived object (Qt wrappers, botocore's service models),
held the GIL for 35 ms and more, on whichever thread triggered it.

* A 1 ms switch interval (Python's default is 5 ms) lets the UI thread take the GIL
  sooner each time it asks; the workers lose little, since they mostly wait on the
  network.
* The registry backends' shared data (botocore's ECR and STS models, kept for the
  life of the process) is loaded first; then one collection and ``gc.freeze()`` move
  the objects alive at that point out of the collector's sight, so later full
  collections walk only what came after. Only start-up objects are frozen, once.

This is a start-up setting of the whole app: ``ui/app.py`` applies it once, right
after the main window is built (and the benchmark does the same). Library layers
never freeze the collector themselves.
"""

from __future__ import annotations

import gc
import logging
import sys

from imagedesk.jobs.registry_jobs import load_backend_data

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
    load_backend_data()
    gc.collect()
    gc.freeze()
    logger.debug(
        "switch interval %.1f ms; %d start-up objects frozen out of the collector",
        SWITCH_INTERVAL_S * 1000,
        gc.get_freeze_count(),
    )
