"""UI test fixtures: one qasync loop for the session, a catalog and a context per test.

Names are prefixed so they never shadow the helpers other test modules here import.

Async UI code only runs while the asyncio loop runs, so tests drive coroutines through
``run`` (``loop.run_until_complete``); qtbot waits alone would not make asyncio run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from image_fakes import FakeRegistry

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.context import AppContext

T = TypeVar("T")
Runner = Callable[[Coroutine[Any, Any, T]], T]


@pytest.fixture
def run_async(qasync_loop: asyncio.AbstractEventLoop) -> Runner[Any]:
    """Runs a coroutine on the session's qasync loop (made current again for each test)."""
    asyncio.set_event_loop(qasync_loop)

    def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
        return qasync_loop.run_until_complete(asyncio.wait_for(coroutine, timeout=20))

    return run_coroutine


@pytest.fixture(autouse=True)
def _no_task_left_pending(qasync_loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """After each test (its widgets closed, its context shut down), cancel and await
    what is still pending on the session loop: a task destroyed while pending at the
    end of the session prints "Task was destroyed but it is pending!"."""
    yield
    pending = [task for task in asyncio.all_tasks(qasync_loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        qasync_loop.run_until_complete(asyncio.wait(pending, timeout=2))


@pytest.fixture
def fake_registry() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
def ui_catalog(tmp_path: Path) -> Iterator[Catalog]:
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    yield catalog
    catalog.close()


@pytest.fixture
def ui_context(
    qasync_loop: asyncio.AbstractEventLoop,
    run_async: Runner[Any],
    ui_catalog: Catalog,
    memory_keyring: MemoryKeyring,
    fake_registry: FakeRegistry,
) -> Iterator[AppContext]:
    context = AppContext.build(
        ui_catalog, SecretStore(), loop=qasync_loop, client_factory=fake_registry.factory
    )
    yield context
    fake_registry.release.set()
    qasync_loop.run_until_complete(context.jobs.shutdown(timeout=5))


@pytest.fixture
def ecr_registry(ui_catalog: Catalog) -> Registry:
    return ui_catalog.add_registry(
        Registry(
            name="Prod ECR",
            host="123456789012.dkr.ecr.us-east-1.amazonaws.com",
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )
