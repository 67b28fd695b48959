"""The main window: pages, menus, first-run welcome, remembered state, demo dock, close."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from image_fakes import FakeRegistry
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from imagedesk.demo.seed_model import DemoSeed, DemoUser
from imagedesk.domain.models import Image, ImageTag, Registry, Resources
from imagedesk.ui.browser.browser_window import RegistryBrowser
from imagedesk.ui.context import AppContext
from imagedesk.ui.main_window import DEMO_DOCK_WIDTH, MainWindow
from imagedesk.ui.window_state import WindowState

REQUIRED_MENU_PATHS = [
    "File › Export catalog…",
    "File › Import catalog…",
    "File › Quit",
    "Manage › Registries",
    "Manage › Registry browser…",
    "Manage › IRSA assistant…",
    "Manage › Admin › Infrastructure…",
    "Help › Log viewer",
    "Help › Copy diagnostics…",
    "Help › About Image Desk",
]


def _menu_paths(window: MainWindow) -> list[str]:
    paths = []
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            names = [a.text() for a in sub.actions()] if sub else [action.text()]
            paths.extend(
                f"{top.text()} › {action.text()} › {n}" if sub else f"{top.text()} › {n}"
                for n in names
            )
    return [path.replace("&", "") for path in paths]


def _image(registry: Registry) -> Image:
    assert registry.id is not None
    return Image(
        registry_id=registry.id,
        repository="team-a/api",
        default_tag="latest",
        resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
        tags=(ImageTag("latest", digest="sha256:" + "a" * 64),),
        imported_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )


@dataclass
class _FakeDemo:
    endpoint_url: str
    seed: DemoSeed

    def stop(self) -> None:
        pass


def _demo() -> _FakeDemo:
    user = DemoUser("ecr-reader", "AKIAREADER0000000001", "r" * 40, "Reads everything.")
    seed = DemoSeed(
        account_id="123456789012",
        registry_hosts=("123456789012.dkr.ecr.us-east-1.amazonaws.com",),
        repositories={},
        images=(),
        users=(user,),
        roles=(),
        oidc_issuer="",
        oidc_provider_arn="",
    )
    return _FakeDemo("http://127.0.0.1:9", seed)


def test_pages_and_menus(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    titles = [window.switcher.item(row).text() for row in range(window.switcher.count())]
    assert titles == ["Images", "Registries", "Audit"]
    assert window.pages.currentWidget() is window.images_area
    assert [p for p in REQUIRED_MENU_PATHS if p not in _menu_paths(window)] == []

    window.show_page("Registries")
    assert window.pages.currentWidget() is window.registries_page
    assert window.current_page() == "Registries"


def test_every_menu_entry_has_an_accelerator(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    missing = [
        action.text()
        for top in window.menuBar().actions()
        for action in [top, *top.menu().actions()]
        if not action.isSeparator() and "&" not in action.text()
    ]
    assert missing == []


def test_page_shortcuts_switch_pages(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    window.page_actions[2].trigger()
    assert window.current_page() == "Audit"
    assert [a.shortcut().toString() for a in window.page_actions] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
    ]


def test_an_empty_catalog_shows_the_welcome_until_the_first_image(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry
) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    assert window.welcome_shown is True

    ui_context.catalog.add_image(_image(ecr_registry))
    ui_context.images_saved()

    assert window.welcome_shown is False
    assert window.images_area.currentWidget() is window.images_page


def test_a_catalog_with_images_opens_on_the_images_page(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry
) -> None:
    ui_context.catalog.add_image(_image(ecr_registry))
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    assert window.welcome_shown is False


def test_the_welcome_import_button_opens_import_image(
    qtbot: QtBot, ui_context: AppContext
) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()

    window.welcome.import_button.click()

    dialog = window.images_page.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_the_demo_shows_no_welcome_and_a_modest_credentials_dock(
    qtbot: QtBot, ui_context: AppContext
) -> None:
    ui_context.demo = _demo()
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    assert window.welcome_shown is False
    assert window.demo_dock is not None
    dock = window.demo_dock
    qtbot.waitUntil(lambda: abs(dock.width() - DEMO_DOCK_WIDTH) <= 10, timeout=2000)
    assert window.width() == 1280


def test_size_and_last_page_are_remembered(
    qtbot: QtBot, ui_context: AppContext, tmp_path: Path
) -> None:
    settings_file = str(tmp_path / "window.ini")
    first = MainWindow(
        ui_context, window_state=WindowState(QSettings(settings_file, QSettings.Format.IniFormat))
    )
    qtbot.addWidget(first)
    first.show()
    first.resize(770, 520)
    first.show_page("Registries")
    first.close()
    assert (first.width(), first.height()) == (770, 520)

    second = MainWindow(
        ui_context, window_state=WindowState(QSettings(settings_file, QSettings.Format.IniFormat))
    )
    qtbot.addWidget(second)

    assert (second.width(), second.height()) == (770, 520)
    assert second.current_page() == "Registries"


def test_without_a_saved_state_the_window_takes_the_default_size(
    qtbot: QtBot, ui_context: AppContext, tmp_path: Path
) -> None:
    state = WindowState(QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    window = MainWindow(ui_context, window_state=state)
    qtbot.addWidget(window)

    assert window.current_page() == "Images"
    assert 0 < window.width() <= 1280 and 0 < window.height() <= 800


def test_the_browser_opens_on_the_registry_chosen_on_the_registries_page(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry
) -> None:
    assert ecr_registry.id is not None
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.registries_page.select(ecr_registry.id)

    browser = window.open_browser()

    assert isinstance(browser, RegistryBrowser)
    assert browser.registry.id == ecr_registry.id
    browser.close()


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
