"""The Registry browser against a paging fake: complete, cached, cancellable, closable."""

from __future__ import annotations

import asyncio
import gc
import logging
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from browser_fakes import SHARED_DIGEST, UNTAGGED_DIGEST, PagingRegistry
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from imagedesk.domain.errors import Throttled
from imagedesk.domain.models import Registry, RepositoryInfo
from imagedesk.ui.browser import RegistryBrowser, open_registry_browser
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog


def _browser(qtbot: QtBot, context: AppContext, registry: Registry) -> RegistryBrowser:
    browser = RegistryBrowser(context, registry)
    qtbot.addWidget(browser)
    return browser


async def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def _select_repository(run_async: Any, browser: RegistryBrowser, name: str) -> None:
    pane = browser.repositories
    pane.filter_box.setText(name)
    assert pane.proxy.rowCount() == 1
    pane.table.selectRow(0)
    run_async(
        _until(lambda: browser.current_repository.endswith(name) and not browser.images.loading)
    )


def _shown_cells(browser: RegistryBrowser, column: int) -> list[str]:
    proxy = browser.images.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def test_2200_repositories_in_pages_of_1000_1000_200_are_all_listed(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    sizes: list[int] = []
    browser = _browser(qtbot, browser_context, registry)
    browser.repositories.model.rowsInserted.connect(
        lambda _parent, first, last: sizes.append(last - first + 1)
    )

    run_async(browser.initial_load)

    assert sizes == [1000, 1000, 200]
    assert browser.repositories.proxy.rowCount() == 2200
    assert browser.repositories.status.text() == "2,200 repositories, listed just now"
    assert not browser.repositories.loading


def test_a_second_open_within_the_age_limit_makes_no_call_and_refresh_does(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    paging: PagingRegistry,
    run_async: Any,
) -> None:
    first = _browser(qtbot, browser_context, registry)
    run_async(first.initial_load)

    second = _browser(qtbot, browser_context, registry)
    run_async(second.initial_load)

    assert paging.repository_listings == 1
    assert second.repositories.proxy.rowCount() == 2200

    run_async(second.load_repositories(refresh=True))
    assert paging.repository_listings == 2
    assert second.repositories.proxy.rowCount() == 2200


def test_one_manifest_under_two_tags_is_one_row_and_a_tagless_image_is_untagged(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    paging: PagingRegistry,
    run_async: Any,
) -> None:
    paging.repository_count = 3
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)
    browser.repositories.model.append_page([RepositoryInfo("apps/web")])

    _select_repository(run_async, browser, "apps/web")

    browser.images.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _shown_cells(browser, 0) == ["latest, v1", "v0", "untagged"]
    assert _shown_cells(browser, 1)[2] == UNTAGGED_DIGEST[:19]
    assert browser.images.model.rowCount() == 3
    assert browser.images.status.text() == "3 images, listed just now"
    assert _shown_cells(browser, 3) == ["50.0 MB", "", "1.0 KB"]


def test_import_this_image_opens_the_import_dialog_prefilled(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)
    browser.repositories.model.append_page([RepositoryInfo("apps/web")])
    _select_repository(run_async, browser, "apps/web")
    browser.images.filter_box.setText(SHARED_DIGEST[7:20])
    browser.images.table.selectRow(0)
    assert browser.import_button.isEnabled()

    browser.import_button.click()

    dialog = browser.import_dialog
    assert isinstance(dialog, ImportDialog)
    assert dialog.form.selected_registry_id() == registry.id
    assert dialog.form.repository.text() == "apps/web"
    assert dialog.form.tag.text() == "latest"
    dialog.reject()


def test_closing_while_the_listing_is_on_page_3_of_10_raises_and_logs_nothing(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    paging: PagingRegistry,
    run_async: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    paging.repository_count = 10_000
    paging.hold_before_page = 3
    browser = open_registry_browser(browser_context, registry)
    assert isinstance(browser, RegistryBrowser)
    pane = browser.repositories
    run_async(_until(lambda: paging.holding.is_set() and pane.model.rowCount() == 2000))

    browser.close()
    paging.release.set()
    run_async(_until(lambda: not browser_context.jobs.active_jobs))
    run_async(asyncio.sleep(0.05))

    assert paging.pages_served == 2
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert [r for r in caplog.records if r.exc_info] == []


def test_cancel_stops_the_listing_and_keeps_the_pages_already_read(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    paging: PagingRegistry,
    run_async: Any,
) -> None:
    paging.repository_count = 10_000
    paging.hold_before_page = 3
    browser = _browser(qtbot, browser_context, registry)
    pane = browser.repositories
    run_async(_until(lambda: paging.holding.is_set() and pane.model.rowCount() == 2000))
    assert pane.loading and pane.cancel_button.isVisibleTo(browser)

    pane.cancel_button.click()
    paging.release.set()
    run_async(browser.initial_load)

    assert paging.pages_served == 2
    assert pane.proxy.rowCount() == 2000
    assert not pane.loading
    assert pane.status.text() == "2,000 repositories listed before you cancelled"
    assert pane.error_view.isHidden()


def test_after_a_final_failure_the_pages_read_stay_with_the_error_beside_them(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    paging: PagingRegistry,
    run_async: Any,
) -> None:
    paging.fail_on_page = 3
    paging.error = Throttled()
    browser = _browser(qtbot, browser_context, registry)

    run_async(browser.initial_load)

    pane = browser.repositories
    assert pane.proxy.rowCount() == 2000
    assert pane.status.text() == "2,000 repositories listed before the error"
    assert not pane.error_view.isHidden()
    assert pane.error_view.sentence == Throttled.default_message
    assert browser_context.registry_jobs.cached_repositories(registry) is None


def test_the_filter_box_narrows_the_list_case_insensitively(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)
    pane = browser.repositories

    pane.filter_box.setText("SERVICE-021")

    names = [pane.proxy.index(row, 0).data() for row in range(pane.proxy.rowCount())]
    assert names == sorted(f"team-{n % 7}/service-{n:05d}" for n in range(2100, 2200))

    pane.filter_box.clear()
    assert pane.proxy.rowCount() == 2200


def test_the_chosen_repository_stays_selected_while_filtering(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)
    _select_repository(run_async, browser, "service-00012")

    browser.repositories.filter_box.setText("team-5")

    assert browser.repositories.selected_source_row() is not None
    assert browser.current_repository == "team-5/service-00012"


def test_a_scoped_registry_says_the_credentials_limit_what_is_visible(
    qtbot: QtBot,
    browser_context: AppContext,
    registry: Registry,
    run_async: Any,
) -> None:
    scoped = browser_context.catalog.update_registry(replace(registry, scope=("team-a/*",)))
    browser = _browser(qtbot, browser_context, scoped)
    run_async(browser.initial_load)

    assert not browser.scope_note.isHidden()
    assert "team-a/*" in browser.scope_note.text()
    assert "cannot see" in browser.scope_note.text()


def test_an_unscoped_registry_shows_no_scope_note(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)

    assert browser.scope_note.isHidden()


def test_a_closed_browser_frees_its_rows(
    browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    """Rows left alive would be walked by every full garbage collection, for good."""
    browser = open_registry_browser(browser_context, registry)
    assert isinstance(browser, RegistryBrowser)
    run_async(browser.initial_load)
    first_row = weakref.ref(browser.repositories.model.item_at(0))
    assert browser.repositories.model.rowCount() == 2200

    browser.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del browser
    gc.collect()

    assert first_row() is None


def test_refresh_with_a_repository_selected_keeps_it_selected(
    qtbot: QtBot, browser_context: AppContext, registry: Registry, run_async: Any
) -> None:
    """The rows are gone before the view resets; remembering the selection must not
    look up a row that no longer exists."""
    browser = _browser(qtbot, browser_context, registry)
    run_async(browser.initial_load)
    _select_repository(run_async, browser, "service-00012")
    browser.repositories.filter_box.clear()

    run_async(browser.load_repositories(refresh=True))

    assert browser.repositories.proxy.rowCount() == 2200
    row = browser.repositories.selected_source_row()
    assert row is not None
    assert browser.repositories.model.item_at(row).name == "team-5/service-00012"
