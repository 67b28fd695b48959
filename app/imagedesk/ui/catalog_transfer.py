"""Export the catalog to a JSON file and import one back, from the UI.

The file dialogs ask where; :func:`export_to` and :func:`import_from` do the work and
open a small result window: what was added, what was already there, the conflicts,
the registries whose secret must be entered again (exports never hold one) and the
notes on what the import left out (an endpoint override, for one). A
malformed or foreign file is refused with the reason and the catalog is unchanged.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.text import counted
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import ImportReport, export_catalog, import_catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

FILE_FILTER = "Image Desk catalog (*.json);;All files (*)"
DEFAULT_NAME = "imagedesk-catalog.json"


class TransferResultDialog(QDialog):
    """The outcome of an export or import: a summary, the report lines, or the error."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.hide()
        self.error_view = ErrorView()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.error_view)
        layout.addWidget(buttons)

    def show_summary(self, summary: str, lines: list[str]) -> None:
        self.summary.setText(summary)
        self.report.setPlainText("\n".join(lines))
        self.report.setVisible(bool(lines))

    def show_failure(self, summary: str, error: ImageDeskError) -> None:
        self.summary.setText(summary)
        set_role(self.summary, Role.HINT)
        self.error_view.show_error(error)


def report_lines(report: ImportReport) -> list[str]:
    """The import report as the admin reads it, one section per kind of outcome."""
    sections = [
        ("Registries added", report.added_registries),
        ("Images added", report.added_images),
        ("Already in the catalog, unchanged", report.unchanged),
        ("Conflicts (the catalog's version was kept)", report.conflicts),
        (
            "Enter the secret again on the Registries page (exports never hold one)",
            report.needs_secret,
        ),
        ("Notes", report.notes),
    ]
    lines: list[str] = []
    for title, items in sections:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  • {item}" for item in items)
    return lines


def report_summary(report: ImportReport) -> str:
    registries, images = len(report.added_registries), len(report.added_images)
    summary = (
        f"Added {counted(registries, 'registry', 'registries')} and "
        f"{counted(images, 'image', 'images')}; {len(report.unchanged)} already there"
    )
    if report.conflicts:
        summary += f"; {counted(len(report.conflicts), 'conflict', 'conflicts')}"
    return summary + "."


# --- the work ------------------------------------------------------------------------------


def export_to(
    context: AppContext, path: Path, parent: QWidget | None = None
) -> TransferResultDialog:
    dialog = TransferResultDialog("Export catalog", parent)
    try:
        summary = export_catalog(_catalog(context), path)
    except ImageDeskError as error:
        dialog.show_failure(f"The catalog could not be exported to {path}.", error)
    except OSError as error:
        failure = ImageDeskError(f"{path} could not be written: {error.strerror}.")
        dialog.show_failure(f"The catalog could not be exported to {path}.", failure)
    else:
        dialog.show_summary(
            f"Exported {counted(summary.registries, 'registry', 'registries')} and "
            f"{counted(summary.images, 'image', 'images')} to {path}. No secret is in the file.",
            [],
        )
    dialog.open()
    return dialog


def import_from(
    context: AppContext, path: Path, parent: QWidget | None = None
) -> TransferResultDialog:
    dialog = TransferResultDialog("Import catalog", parent)
    try:
        report = import_catalog(_catalog(context), path)
    except ImageDeskError as error:
        logger.info("import of %s refused: %s", path, error.message)
        dialog.show_failure(f"{path.name} was not imported; the catalog is unchanged.", error)
        dialog.open()
        return dialog

    dialog.show_summary(report_summary(report), report_lines(report))
    if report.added_registries:
        context.events.registries_changed.emit()
    if report.added_images:
        context.images_saved()
    dialog.open()
    return dialog


# --- what the menu actions call -----------------------------------------------------------


def export_catalog_dialog(context: AppContext, parent: QWidget | None = None) -> QDialog | None:
    """Ask where to save, then export; None when the admin cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export catalog", DEFAULT_NAME, FILE_FILTER)
    return export_to(context, Path(name), parent) if name else None


def import_catalog_dialog(context: AppContext, parent: QWidget | None = None) -> QDialog | None:
    """Ask for an export file, then merge it; None when the admin cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import catalog", "", FILE_FILTER)
    return import_from(context, Path(name), parent) if name else None


def _catalog(context: AppContext) -> Catalog:
    catalog = context.catalog
    if not isinstance(catalog, Catalog):
        raise TypeError("export and import need the SQLite catalog")
    return catalog
