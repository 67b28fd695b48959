"""What the main window's Help menu opens: the About box and the log viewer."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from imagedesk import __version__
from imagedesk.ui.about_dialog import AboutDialog, component_versions, versions_text
from imagedesk.ui.context import AppContext
from imagedesk.ui.log_viewer import LogViewer
from imagedesk.ui.main_window import MainWindow


def test_about_names_the_versions_of_qt_the_aws_libraries_and_the_app() -> None:
    versions = dict(component_versions())

    assert versions["Image Desk"] == __version__
    assert versions["Qt"] == qVersion()
    assert versions["boto3"] == metadata.version("boto3")
    assert versions["botocore"] == metadata.version("botocore")
    assert versions["moto"] == metadata.version("moto")
    assert "PySide6" in versions


def test_about_copies_its_versions(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)

    dialog.copy_button.click()

    assert QGuiApplication.clipboard().text() == versions_text()
    assert f"Image Desk {__version__}" in versions_text().splitlines()


def test_help_log_viewer_opens_one_viewer(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    window.log_action.trigger()
    viewer = window.log_viewer
    window.log_action.trigger()

    assert isinstance(viewer, LogViewer)
    assert window.log_viewer is viewer
    assert viewer.isVisible()
    viewer.reject()
    assert window.log_viewer is None


def test_catalog_transfer_actions_follow_the_module(qtbot: QtBot, ui_context: AppContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)

    available = window._catalog_transfer is not None
    assert window.export_action.isEnabled() is available
    assert window.import_catalog_action.isEnabled() is available
