"""The figures the reliability suites record for ``scripts/reliability-report``.

When ``IMAGEDESK_RELIABILITY_LOG`` names a file, each passing fault test appends a
"fault survived" line, each fuzz target its example count and the leak suite the
markers it found; the script turns that file into a table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FIGURES_ENV = "IMAGEDESK_RELIABILITY_LOG"
EXAMPLES_ENV = "IMAGEDESK_FUZZ_EXAMPLES"


def record_figure(kind: str, name: str, value: int = 1) -> None:
    """Append one figure (``fault``, ``fuzz`` or ``leak``) when the report asked for them."""
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"kind": kind, "name": name, "value": value}) + "\n")


def fuzz_examples(default: int) -> int:
    """Examples per fuzz target: modest by default, more when the report asks."""
    return int(os.environ.get(EXAMPLES_ENV) or default)
