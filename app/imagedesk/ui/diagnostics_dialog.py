"""Help › "Copy diagnostics": a preview of the masked diagnostic bundle, to copy or save.

The bundle is gathered on the Qt thread: it reads the local catalog (which belongs to
this thread) and the tail of the log file, both a matter of milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError
from imagedesk.support.diagnostics import (
    BundleOptions,
    current_log_files,
    gather_diagnostics,
    save_bundle,
)
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView

logger = logging.getLogger(__name__)

DIALOG_TITLE = "Diagnostics"
INTRO = (
    "This text helps a support person see what happened. Secrets and tokens are "
    "masked; read it before you send it."
)
DEFAULT_FILE_NAME = "imagedesk-diagnostics.txt"


class DiagnosticsDialog(QDialog):
    """Shows the bundle; Copy puts it on the clipboard, Save writes it to a file."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        log_files: Sequence[Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._log_files = list(log_files) if log_files is not None else current_log_files()
        self.setWindowTitle(DIALOG_TITLE)
        self.resize(760, 560)

        self.intro = QLabel(INTRO)
        self.intro.setWordWrap(True)
        self.mask_accounts_box = QCheckBox("Also &mask AWS account ids")
        self.mask_accounts_box.toggled.connect(self.refresh)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.status = QLabel()
        self.error_view = ErrorView()

        self.buttons = QDialogButtonBox()
        self.copy_button = self.buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = self.buttons.addButton("&Save…", QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (
            self.intro,
            self.mask_accounts_box,
            self.preview,
            self.error_view,
            self.status,
            self.buttons,
        ):
            layout.addWidget(widget)
        self.refresh()

    @property
    def text(self) -> str:
        return self.preview.toPlainText()

    def refresh(self) -> None:
        """Gather the bundle again (after the mask choice changed)."""
        self.error_view.clear()
        options = BundleOptions(
            log_files=self._log_files,
            mask_accounts=self.mask_accounts_box.isChecked(),
            secrets_location=self._context.secrets.location,
        )
        try:
            text = gather_diagnostics(self._context.catalog, options)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            return
        self.preview.setPlainText(text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.status.setText("Copied to the clipboard.")

    def save_to(self, path: Path) -> bool:
        """Write the bundle to ``path``; a failure is shown in the dialog."""
        self.error_view.clear()
        try:
            save_bundle(self.text, path)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            self.status.clear()
            return False
        self.status.setText(f"Saved to {path}.")
        return True

    def _on_save_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save diagnostics", str(Path.home() / DEFAULT_FILE_NAME), "Text (*.txt)"
        )
        if chosen:
            self.save_to(Path(chosen))


def open_diagnostics_dialog(
    context: AppContext, parent: QWidget | None = None
) -> DiagnosticsDialog:
    """Open the (non-modal) diagnostics dialog and return it."""
    dialog = DiagnosticsDialog(context, parent)
    dialog.show()
    return dialog
