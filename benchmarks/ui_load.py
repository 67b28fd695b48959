"""(b)-(f) The browser under load: items per second, first page, event-loop stalls,
filter latency per keystroke, peak memory, and ten registries at once."""

from __future__ import annotations

import asyncio
import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import keyring
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.report import Figure, spread
from benchmarks.setting import World, ecr_client_factory
from imagedesk.domain.models import Registry, RepositoryInfo
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.browser import RegistryBrowser, open_registry_browser
from imagedesk.ui.context import AppContext

PROBE_INTERVAL_MS = 5
STALL_GOAL_MS = 50.0
KEYSTROKES = "service-01234"


class StallProbe:
    """A timer that records how late it fires: the event loop's longest stall."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest_ms = 0.0

    def __enter__(self) -> StallProbe:
        self._last = time.perf_counter()
        self.longest_ms = 0.0
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - PROBE_INTERVAL_MS)
        self._last = now


def ui_figures(
    world: World, loop: asyncio.AbstractEventLoop, filter_rows: int, repeats: int
) -> list[Figure]:
    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp(prefix="imagedesk-bench-"))
    catalog = Catalog.open(folder / "catalog.sqlite3")
    context = AppContext.build(
        catalog, SecretStore(), loop=loop, client_factory=ecr_client_factory
    )
    registry = catalog.add_registry(world.registry())
    run = loop.run_until_complete

    try:
        figures = run(_load_figures(context, registry, world, repeats))
        figures += _filter_figures(context, registry, loop, filter_rows, repeats)
        figures += run(_many_registries(context, catalog, world, repeats))
    finally:
        run(context.jobs.shutdown(timeout=10))
        catalog.close()
    return figures


async def _load_figures(
    context: AppContext, registry: object, world: World, repeats: int
) -> list[Figure]:
    """(b) and (c, loading): a fresh listing of every repository, several times."""
    assert isinstance(registry, Registry)
    browser = _open_browser(context, registry)
    await browser.initial_load

    rates, firsts, stalls = [], [], []
    for _ in range(repeats):
        first_page: list[float] = []
        model = browser.repositories.model
        connection = model.rowsInserted.connect(partial(_stamp, first_page))
        started = time.perf_counter()
        with StallProbe() as probe:
            await browser.load_repositories(refresh=True)
            QApplication.processEvents()
        elapsed = time.perf_counter() - started
        model.rowsInserted.disconnect(connection)
        rates.append(model.rowCount() / elapsed)
        firsts.append((first_page[0] - started) * 1000 if first_page else float("nan"))
        stalls.append(probe.longest_ms)

    _close(browser)
    stall = statistics.median(stalls)
    return [
        Figure("browser: repositories shown", f"{world.repository_count:,}"),
        Figure("browser: items received per second", f"{statistics.median(rates):,.0f}"),
        Figure("browser: time to first page shown", f"{statistics.median(firsts):.0f} ms"),
        Figure(
            f"longest UI stall, {world.repository_count:,} repositories loading",
            f"{stall:.1f} ms",
            f"< {STALL_GOAL_MS:.0f} ms",
            stall < STALL_GOAL_MS,
        ),
    ]


def _filter_figures(
    context: AppContext,
    registry: object,
    loop: asyncio.AbstractEventLoop,
    rows: int,
    repeats: int,
) -> list[Figure]:
    """(c, filtering), (d) and (e): 100,000 rows in the repository pane."""
    assert isinstance(registry, Registry)
    browser = _open_browser(context, registry)
    loop.run_until_complete(browser.initial_load)
    pane = browser.repositories
    pane.model.clear()
    names = [f"bulk/team-{n % 40:02d}/service-{n:06d}" for n in range(rows)]
    for start in range(0, rows, 1000):
        pane.model.append_page([RepositoryInfo(name) for name in names[start : start + 1000]])
    QApplication.processEvents()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    latencies: list[float] = []
    stalls: list[float] = []
    for _ in range(repeats):
        pane.filter_box.clear()
        QApplication.processEvents()
        with StallProbe() as probe:
            loop.run_until_complete(_type(pane.filter_box.setText, latencies))
        stalls.append(probe.longest_ms)

    _close(browser)
    latency = statistics.median(latencies)
    stall = statistics.median(stalls)
    return [
        Figure(
            f"filter latency per keystroke, {rows:,} rows (median)",
            f"{latency:.1f} ms",
            "< 16 ms",
            latency < 16,
        ),
        Figure(f"filter latency per keystroke, {rows:,} rows (max)", f"{max(latencies):.1f} ms"),
        Figure(
            f"longest UI stall, filtering {rows:,} rows",
            f"{stall:.1f} ms",
            f"< {STALL_GOAL_MS:.0f} ms",
            stall < STALL_GOAL_MS,
        ),
        Figure(f"peak RSS with {rows:,} repositories", f"{peak_mb:.0f} MB"),
    ]


def _open_browser(context: AppContext, registry: Registry) -> RegistryBrowser:
    """A browser opened as the app opens it (its own window, deleted on close)."""
    browser = open_registry_browser(context, registry)
    assert isinstance(browser, RegistryBrowser)
    return browser


def _close(browser: RegistryBrowser) -> None:
    """Close as the user does, and let Qt delete the window as the app's loop would."""
    browser.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _stamp(times: list[float], *_args: object) -> None:
    times.append(time.perf_counter())


async def _type(set_text: Callable[[str], None], latencies: list[float]) -> None:
    """Type :data:`KEYSTROKES` one character at a time, 30 ms apart, as a person might."""
    for end in range(1, len(KEYSTROKES) + 1):
        started = time.perf_counter()
        set_text(KEYSTROKES[:end])
        QApplication.processEvents()  # the view's repaint belongs to the keystroke
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.03)


async def _many_registries(
    context: AppContext, catalog: Catalog, world: World, repeats: int
) -> list[Figure]:
    """(f) Ten registries tested and listed at once, with the UI's longest stall.

    Each round adds ten new registries (new clients, fresh listings) and, once measured,
    forgets them again as an edit or a delete does, then lets a collection free them
    outside the measured time, so every round measures ten registries, not 10 x round.
    """
    walls: list[float] = []
    stalls: list[float] = []
    failures = 0
    for round_ in range(repeats):
        wall, stall, failed = await _ten_at_once(context, catalog, world, round_)
        walls.append(wall)
        stalls.append(stall)
        failures += failed

    stall = statistics.median(stalls)
    return [
        Figure("10 registries tested and listed: wall time", f"{statistics.median(walls):.1f} s"),
        Figure("10 registries: jobs failed", str(failures), "0", not failures),
        Figure(
            "longest UI stall, 10 registries at once (median of rounds)",
            f"{stall:.1f} ms",
            f"< {STALL_GOAL_MS:.0f} ms",
            stall < STALL_GOAL_MS,
        ),
        Figure("longest UI stall, 10 registries: min/median/max", spread(stalls, " ms", 1)),
    ]


async def _ten_at_once(
    context: AppContext, catalog: Catalog, world: World, round_: int
) -> tuple[float, float, int]:
    """Wall time (s), the longest stall (ms) and the failed jobs of one round."""
    registries = [
        catalog.add_registry(
            replace(
                world.registry(),
                name=f"Bench ECR {round_}-{n}",
                username=f"AKIABENCH{round_:03d}{n:08d}",
            )
        )
        for n in range(10)
    ]
    jobs = context.registry_jobs
    work: list[Awaitable[object]] = []
    for registry in registries:
        work.append(jobs.test_saved(registry).result())
        work.append(jobs.list_repositories(registry, refresh=True).result())

    started = time.perf_counter()
    with StallProbe() as probe:
        outcomes = await asyncio.gather(*work, return_exceptions=True)
    elapsed = time.perf_counter() - started
    failed = sum(isinstance(outcome, BaseException) for outcome in outcomes)

    del outcomes, work
    for registry in registries:
        assert registry.id is not None
        jobs.invalidate(registry.id)
    gc.collect()
    return elapsed, probe.longest_ms, failed
