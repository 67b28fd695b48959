"""The main window: its pages and menus, and a clean close while a listing runs."""

from __future__ import annotations

import time
from typing import Any

from image_fakes import FakeRegistry
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Registry
from imagedesk.ui.context import AppContext
from imagedesk.ui.main_window import MainWindow


def _menu_paths(window: MainWindow) -> list[str]:
    paths = []
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            sub = action.menu()
            names = [a.text() for a in sub.actions()] if sub else [action.text()]
            paths.extend(
                f"{top.text()} › {action.text()} › {n}" if sub else f"{top.text()} › {n}"
                for n in names
            )
    return [path.replace("&", "") for path in paths]


def test_pages_and_menus(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    titles = [window.switcher.item(row).text() for row in range(window.switcher.count())]
    assert titles == ["Images", "Registries", "Audit"]
    assert window.pages.currentWidget() is window.images_page
    assert "Manage › Admin › Infrastructure…" in _menu_paths(window)
    assert "Help › About Image Desk" in _menu_paths(window)

    window.show_page("Registries")
    assert window.pages.currentWidget() is window.registries_page


def test_closing_while_a_listing_runs_ends_it_and_drops_its_result(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    fake_registry: FakeRegistry,
    run_async: Any,
) -> None:
    fake_registry.release.clear()  # the listing stalls after its first page
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()
    dialog = window.images_page.open_import()
    dialog.form.registry_box.setCurrentIndex(dialog.form.registry_box.findData(ecr_registry.id))
    qtbot.waitUntil(lambda: bool(ui_context.jobs.active_jobs), timeout=2000)

    with qtbot.waitSignal(window.closed, timeout=1000):
        window.close()
    started = time.monotonic()
    stopped = run_async(ui_context.jobs.shutdown(timeout=5))

    assert stopped is True
    assert time.monotonic() - started < 1.0
    assert ui_context.registry_jobs.cached_repositories(ecr_registry) is None
