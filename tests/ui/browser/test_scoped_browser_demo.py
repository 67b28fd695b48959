"""Issue 10's defect as the tester met it: the demo's ``scoped-reader`` keys (images
readable, no DescribeRepositories) with scope ``team-a/*``, browsed through the
real client against the embedded moto server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from imagedesk.demo.session import DemoSession, demo_registries
from imagedesk.demo.testing import running_demo
from imagedesk.domain.models import Registry
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.browser import RegistryBrowser
from imagedesk.ui.context import AppContext

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


@pytest.fixture
def demo_context(
    qasync_loop: asyncio.AbstractEventLoop,
    run_async: Any,
    tmp_path: Path,
    demo: DemoSession,
    memory_keyring: MemoryKeyring,
) -> Iterator[AppContext]:
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    context = AppContext.build(catalog, SecretStore(), loop=qasync_loop, demo=demo)
    yield context
    qasync_loop.run_until_complete(context.jobs.shutdown(timeout=10))
    catalog.close()


@pytest.fixture
def team_a_only(demo: DemoSession, demo_context: AppContext) -> Registry:
    suggested = next(r for r in demo_registries(demo.seed) if r.scope == ("team-a/*",))
    registry = demo_context.catalog.add_registry(suggested)
    secret = Secret(demo.seed.user("scoped-reader").secret_access_key)
    demo_context.secrets.save(registry.id, RegistrySecrets(secret=secret))
    return registry


def test_scoped_reader_keys_open_team_a_api_by_name_and_see_its_images(
    qtbot: QtBot, demo_context: AppContext, team_a_only: Registry, run_async: Any
) -> None:
    browser = RegistryBrowser(demo_context, team_a_only)
    qtbot.addWidget(browser)
    run_async(browser.initial_load)
    assert browser.repositories.model.rowCount() == 0
    assert browser.repositories.error_view.isHidden()

    assert run_async(browser.open_repository("team-a/api")) is True

    assert browser.images.error_view.isHidden()
    assert browser.images.model.rowCount() > 0
    images = browser.images.model.items
    assert any(not image.tags for image in images)  # the demo's untagged team-a/api image
    assert any("latest" in image.tags for image in images)

    assert run_async(browser.open_repository("team-b/web")) is False
    assert "outside the repositories these keys are meant for (team-a/*)" in (
        browser.open_bar.refusal
    )
