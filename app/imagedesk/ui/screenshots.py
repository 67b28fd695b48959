"""``imagedesk --demo --screenshots DIR``: the README's pictures, rendered offscreen.

The demo catalog is first filled through the real dialogs (the smoke steps), then each
window is shown at a fixed size, given a moment to lay out and finish its listings,
and grabbed to a PNG. The light theme is pinned so the pictures do not depend on the
desktop they were made on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from imagedesk.demo.seed_model import DemoSeed
from imagedesk.domain.models import Registry
from imagedesk.ui.main_window import MainWindow
from imagedesk.ui.smoke import (
    DEMO_USER,
    SmokeFailure,
    fill_registry_form,
    import_first_image,
    open_add_registry,
    open_import_dialog,
    save_registry,
    test_connection,
)
from imagedesk.ui.style import Theme, apply_style
from imagedesk.ui.welcome import WelcomePanel

logger = logging.getLogger(__name__)

# File name → the size each window is shown at (the PNG's size at a pixel ratio of 1).
# A height of 0 lets a dialog be as tall as its content asks at that width.
QWIDGETSIZE_MAX = (1 << 24) - 1

SHOT_SIZES: dict[str, QSize] = {
    "images-page.png": QSize(1280, 800),
    "welcome.png": QSize(900, 560),
    "import-dialog.png": QSize(680, 0),
    # The whole checklist in view, within the 800-pixel offscreen screen it fits to.
    "add-registry-passed.png": QSize(680, 780),
    "add-registry-failed.png": QSize(680, 780),
    "registry-browser.png": QSize(1100, 640),
    "irsa-assistant.png": QSize(1120, 760),
}
DESCRIPTIONS = (
    "Scheduler of team A",
    "Node.js base",
    "Jupyter for the ML team",
    "Workspace base image",
)

NO_ECR_USER = "no-ecr"
SETTLE_S = 0.3
WAIT_TIMEOUT_S = 30.0


class ScreenshotFailure(Exception):
    """A window could not be brought into the state its picture shows."""


async def take_screenshots(window: MainWindow, seed: DemoSeed, folder: Path) -> list[Path]:
    """Render every picture in :data:`SHOT_SIZES` into ``folder``; returns the files."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_style(app, Theme.LIGHT)
    folder.mkdir(parents=True, exist_ok=True)
    shots = _Shots(folder)

    try:
        registry = await _fill_catalog(window, seed)
        await shots.take("images-page.png", _shown(window))
        await shots.take("welcome.png", WelcomePanel(launcher=lambda: False))
        await _import_dialog_shot(shots, window)
        await _add_registry_shots(shots, window, seed)
        await _browser_shot(shots, window, registry)
        await _irsa_shot(shots, window, seed)
    except SmokeFailure as failure:
        raise ScreenshotFailure(str(failure)) from failure
    return shots.written


class _Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[Path] = []

    async def take(self, name: str, widget: QWidget) -> Path:
        size = SHOT_SIZES[name]
        widget.show()
        if size.height():
            # Dialogs cap themselves to the screen; offscreen it is only 800×600.
            widget.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        widget.resize(size.width(), size.height() or widget.height())
        await asyncio.sleep(SETTLE_S)
        if not size.height():
            widget.adjustSize()
            widget.resize(size.width(), _content_height(widget, size.width()))
            await asyncio.sleep(SETTLE_S)

        path = self.folder / name
        if not widget.grab().save(str(path), "PNG"):
            raise ScreenshotFailure(f"{path} could not be written.")
        logger.info("wrote %s", path)
        self.written.append(path)
        return path


def _content_height(widget: QWidget, width: int) -> int:
    layout = widget.layout()
    if layout is None:
        return widget.sizeHint().height()
    return max(layout.heightForWidth(width), layout.sizeHint().height())


def _shown(window: MainWindow) -> MainWindow:
    """The Images page at full width: the demo credentials dock is closed for this one."""
    window.show_page("Images")
    if window.demo_dock is not None:
        window.demo_dock.close()
    return window


async def _fill_catalog(window: MainWindow, seed: DemoSeed) -> Registry:
    """Add the demo registry and import a few images, as a presenter would."""
    window.resize(SHOT_SIZES["images-page.png"])
    window.show()
    import_dialog = open_import_dialog(window)
    add_dialog = open_add_registry(import_dialog)
    fill_registry_form(add_dialog, seed, DEMO_USER)
    await test_connection(add_dialog)
    registry = await save_registry(add_dialog, import_dialog)
    await import_first_image(window, import_dialog, registry, description=DESCRIPTIONS[-1])

    for index in range(1, len(DESCRIPTIONS)):
        dialog = open_import_dialog(window)
        await import_first_image(
            window, dialog, registry, index=index * 7, description=DESCRIPTIONS[-1 - index]
        )
    return registry


async def _import_dialog_shot(shots: _Shots, window: MainWindow) -> None:
    dialog = open_import_dialog(window)
    await dialog.load_repositories()
    names = dialog.form.repository_names.stringList()
    repository = next((name for name in names if name.startswith("team-a/")), names[0])
    dialog.form.repository.setText(repository)
    await dialog.load_tags()
    dialog.form.description.setText("API service of team A")
    await shots.take("import-dialog.png", dialog)
    dialog.reject()


async def _add_registry_shots(shots: _Shots, window: MainWindow, seed: DemoSeed) -> None:
    for user, name, shot in (
        (DEMO_USER, "Demo ECR Ireland", "add-registry-passed.png"),
        (NO_ECR_USER, "Demo ECR without access", "add-registry-failed.png"),
    ):
        import_dialog = open_import_dialog(window)
        dialog = open_add_registry(import_dialog)
        # The first host is already registered with the reader's keys; a second entry
        # with the same keys would be refused as a duplicate.
        fill_registry_form(dialog, seed, user, name=name, host_index=len(seed.registry_hosts) - 1)
        await test_connection(dialog)
        await shots.take(shot, dialog)
        dialog.reject()
        import_dialog.reject()


async def _browser_shot(shots: _Shots, window: MainWindow, registry: Registry) -> None:
    from imagedesk.ui.browser.browser_window import RegistryBrowser, open_registry_browser

    browser = open_registry_browser(window.context, registry, window)
    assert isinstance(browser, RegistryBrowser)
    await browser.initial_load
    pane = browser.repositories
    rows = [repo.name for repo in pane.model.items]
    wanted = next((row for row, name in enumerate(rows) if name.startswith("team-a/")), 0)
    pane.table.selectRow(pane.proxy.mapFromSource(pane.model.index(wanted, 0)).row())
    await _until(lambda: browser.images.model.rowCount() > 0 and not browser.images.loading)
    browser.images.table.selectRow(0)
    await shots.take("registry-browser.png", browser)
    browser.close()


async def _irsa_shot(shots: _Shots, window: MainWindow, seed: DemoSeed) -> None:
    assistant = window.open_irsa_assistant()
    assistant.form.set_value("account_id", seed.account_id)
    assistant.form.set_value("issuer", seed.oidc_issuer)
    await shots.take("irsa-assistant.png", assistant)
    assistant.close()


async def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise ScreenshotFailure(f"waited {WAIT_TIMEOUT_S:.0f} s for a listing")
        await asyncio.sleep(0.05)
