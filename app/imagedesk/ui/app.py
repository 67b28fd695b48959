"""The desktop app's start: Qt application, qasync loop, logging, catalog, main window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from imagedesk.domain.errors import CatalogNotSqlite, ImageDeskError
from imagedesk.store import paths
from imagedesk.store.catalog import Catalog
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.context import AppContext
from imagedesk.ui.icons import app_icon
from imagedesk.ui.logging_setup import setup_logging
from imagedesk.ui.main_window import MainWindow
from imagedesk.ui.style import apply_style

if TYPE_CHECKING:
    from imagedesk.demo.session import DemoSession

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_S = 5.0
SMOKE_SHOW_MS = 300


def run_gui(args: argparse.Namespace) -> int:
    """Show the main window until it closes; returns the process exit code."""
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

        context = AppContext.build(catalog, SecretStore(), loop=loop, demo=demo)
        try:
            return _run_main_window(loop, context, smoke=bool(args.smoke))
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


def _run_main_window(loop: asyncio.AbstractEventLoop, context: AppContext, *, smoke: bool) -> int:
    window = MainWindow(context)
    closed: asyncio.Future[None] = loop.create_future()

    def on_closed() -> None:
        if not closed.done():
            closed.set_result(None)

    window.closed.connect(on_closed)
    window.show()
    if smoke:
        QTimer.singleShot(SMOKE_SHOW_MS, window.close)

    loop.run_until_complete(closed)
    if not loop.run_until_complete(context.jobs.shutdown(SHUTDOWN_TIMEOUT_S)):
        logger.warning("some background work was abandoned at exit")
    logger.info("Image Desk closed")
    return 0


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
