"""``python -m benchmarks``: seed the embedded AWS, run every benchmark, print tables.

Run it with the command in ``benchmarks/RESULTS.md`` (offscreen Qt, fake AWS keys; it
sets up its own safe AWS environment too). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time

from benchmarks.report import Figure
from benchmarks.setting import make_safe_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--repositories", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=5_000)
    parser.add_argument("--filter-rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-ui", action="store_true", help="backend figures only")
    args = parser.parse_args(argv)

    make_safe_environment()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()

    from benchmarks.backend import backend_figures
    from benchmarks.report import print_table
    from benchmarks.setting import seeded_world

    with seeded_world(args.repositories, args.images) as world:
        print(
            f"Embedded moto behind the paging proxy (pages of 1000), in a child process: "
            f"{world.repository_count:,}"
            f" repositories, {world.image_count:,} images in one; median of {args.repeats} runs"
        )
        print_table("Backend listing", backend_figures(world, args.repeats))
        if not args.skip_ui:
            print_table("Browser", _ui(world, args.filter_rows, args.repeats))

    print(f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s")
    return 0


def _ui(world: object, filter_rows: int, repeats: int) -> list[Figure]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from benchmarks.setting import World
    from benchmarks.ui_load import ui_figures
    from imagedesk.ui.ui_thread import keep_ui_thread_responsive

    assert isinstance(world, World)
    app = QApplication.instance() or QApplication([])
    keep_ui_thread_responsive()  # as the app does at start (ui/app.py)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return list(ui_figures(world, loop, filter_rows, repeats))
    finally:
        loop.close()
        asyncio.set_event_loop(None)


if __name__ == "__main__":
    raise SystemExit(main())
