"""The desktop app's start: Qt application, qasync loop, logging, catalog, main window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import qasync
from PySide6.QtWidgets import QApplication, QMessageBox

from imagedesk.domain.errors import CatalogNotSqlite, ImageDeskError
from imagedesk.registry.factory import make_client
from imagedesk.store import paths
from imagedesk.store.catalog import Catalog
from imagedesk.store.demo_endpoints import repoint_demo_registries
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.context import AppContext
from imagedesk.ui.icons import app_icon
from imagedesk.ui.logging_setup import setup_logging
from imagedesk.ui.main_window import MainWindow
from imagedesk.ui.mfa_dialog import MfaPromptBridge, with_mfa_prompt
from imagedesk.ui.style import apply_style
from imagedesk.ui.ui_thread import keep_ui_thread_responsive
from imagedesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from imagedesk.demo.session import DemoSession

logger = logging.getLogger(__name__)

# How long exit waits for cancelled background work; a worker still blocked in a
# network call after that is abandoned (a daemon thread) and named in the log.
SHUTDOWN_TIMEOUT_S = 1.0
SMOKE_SHOW_MS = 300
SCREENSHOTS_NEED_DEMO = "--screenshots needs --demo: the pictures show the demo's registry."


def run_gui(args: argparse.Namespace) -> int:
    """Show the main window until it closes; returns the process exit code.

    ``--smoke`` runs the demo flow headless instead (with ``--demo``; without it, only
    opens and closes the window); ``--screenshots DIR`` renders the windows to PNGs.
    """
    screenshots_dir = getattr(args, "screenshots", None)
    if screenshots_dir and not args.demo:
        _tell(SCREENSHOTS_NEED_DEMO, failed=True)
        return 2
    if screenshots_dir:
        # Offscreen rendering: the same pictures with or without a display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    setup_logging(_log_dir(), verbose=bool(getattr(args, "verbose", False)))
    app = _application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    demo = _start_demo() if args.demo else None
    try:
        data_dir = paths.data_dir(args.data_dir or (str(demo.data_dir) if demo else None))
        catalog = open_catalog_or_explain(paths.catalog_path(data_dir))
        if catalog is None:
            return 1

        if demo is not None:
            # Registries added in an earlier demo run point at its (now closed) port.
            moved = repoint_demo_registries(catalog, demo.endpoint_url)
            if moved:
                logger.info("demo registries now use %s: %s", demo.endpoint_url, moved)

        # A profile that assumes a role with MFA asks for the code in a dialog.
        mfa = MfaPromptBridge(loop, lambda: QApplication.activeWindow())
        context = AppContext.build(
            catalog,
            SecretStore(),
            loop=loop,
            demo=demo,
            client_factory=with_mfa_prompt(make_client, mfa),
        )
        try:
            if screenshots_dir:
                return _run_screenshots(loop, context, Path(screenshots_dir))
            if args.smoke:
                return _run_smoke(loop, context)
            return _run_main_window(loop, context)
        finally:
            catalog.close()
    finally:
        if demo is not None:
            demo.stop()
        loop.close()


def open_catalog_or_explain(path: Path) -> Catalog | None:
    """Open the catalog; on failure explain it in a dialog (no traceback) and return None.

    A file that is not a catalog can be set aside for a new one; it is never deleted.
    """
    try:
        return Catalog.open(path)
    except CatalogNotSqlite as error:
        if not _offer_new_catalog(error):
            return None
    except ImageDeskError as error:
        logger.error("cannot open the catalog %s: %s", path, error.details or error.message)
        _explain(error)
        return None

    aside = Catalog.start_new(path)
    logger.info("started a new catalog; the old file is at %s", aside)
    return open_catalog_or_explain(path)


def _run_main_window(loop: asyncio.AbstractEventLoop, context: AppContext) -> int:
    window = MainWindow(context, window_state=WindowState.in_platform_config())
    keep_ui_thread_responsive()
    closed: asyncio.Future[None] = loop.create_future()

    def on_closed() -> None:
        if not closed.done():
            closed.set_result(None)

    window.closed.connect(on_closed)
    window.show()
    loop.run_until_complete(closed)
    return _shut_down(loop, context, 0)


def _run_smoke(loop: asyncio.AbstractEventLoop, context: AppContext) -> int:
    """Open the main window; with the demo, run its flow; close. Exit 1 with a sentence."""
    from imagedesk.ui.smoke import SmokeFailure, run_smoke

    window = MainWindow(context)
    window.show()
    status = 0
    try:
        if context.demo is None:
            loop.run_until_complete(asyncio.sleep(SMOKE_SHOW_MS / 1000))
        else:
            image = loop.run_until_complete(run_smoke(window, context.demo.seed))
            _tell(f"Smoke run passed: imported {image.repository}:{image.default_tag}.")
    except SmokeFailure as failure:
        logger.error("smoke run failed: %s", failure)
        _tell(f"Smoke run failed: {failure}", failed=True)
        status = 1

    window.close()
    return _shut_down(loop, context, status)


def _run_screenshots(loop: asyncio.AbstractEventLoop, context: AppContext, folder: Path) -> int:
    from imagedesk.ui.screenshots import ScreenshotFailure, take_screenshots

    assert context.demo is not None  # run_gui refuses --screenshots without --demo
    window = MainWindow(context)
    status = 0
    try:
        written = loop.run_until_complete(take_screenshots(window, context.demo.seed, folder))
        _tell(f"Wrote {len(written)} screenshots to {folder}.")
    except ScreenshotFailure as failure:
        logger.error("screenshots failed: %s", failure)
        _tell(f"Screenshots failed: {failure}", failed=True)
        status = 1

    window.close()
    return _shut_down(loop, context, status)


def _tell(sentence: str, *, failed: bool = False) -> None:
    """One line for whoever ran --smoke or --screenshots (a person or a build script)."""
    stream = sys.stderr if failed else sys.stdout
    stream.write(sentence + "\n")
    stream.flush()


def _shut_down(loop: asyncio.AbstractEventLoop, context: AppContext, status: int) -> int:
    """Cancel the background work and leave no task pending. A worker thread blocked
    in a network call is abandoned after SHUTDOWN_TIMEOUT_S (its thread is a daemon)."""
    if not loop.run_until_complete(context.jobs.shutdown(SHUTDOWN_TIMEOUT_S)):
        logger.info("some background work was abandoned at exit")
    loop.run_until_complete(_cancel_pending_tasks(SHUTDOWN_TIMEOUT_S))
    logger.info("Image Desk closed")
    return status


async def _cancel_pending_tasks(timeout: float) -> None:
    """Cancel the tasks windows left (a test that was running, a token countdown) and
    wait for them, so none is destroyed while pending when the loop closes."""
    current = asyncio.current_task()
    pending = [task for task in asyncio.all_tasks() if task is not current]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Image Desk")
    app.setOrganizationName("imagedesk")
    app.setStyle("Fusion")
    apply_style(app)
    app.setWindowIcon(app_icon())
    # The loop ends when the main window says it closed, then jobs are shut down.
    app.setQuitOnLastWindowClosed(False)
    return app


def _start_demo() -> DemoSession:
    from imagedesk.demo.session import DemoSession

    keyring.set_keyring(DemoSession.keyring_backend())
    return DemoSession.start()


def _log_dir() -> Path | None:
    try:
        return paths.log_dir()
    except OSError:
        return None


def _offer_new_catalog(error: CatalogNotSqlite) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "Image Desk", error.message)
    box.setDetailedText(error.details or error.path)
    start = box.addButton("Start a new catalog", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is start


def _explain(error: ImageDeskError) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "Image Desk", error.message)
    if error.details:
        box.setDetailedText(error.details)
    box.exec()
