"""Help › Copy diagnostics: the preview is masked, Copy and Save work, failures are shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Registry
from imagedesk.ui.context import AppContext
from imagedesk.ui.diagnostics_dialog import DiagnosticsDialog

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def open_dialog(qtbot: QtBot, context: AppContext, log_file: Path) -> DiagnosticsDialog:
    dialog = DiagnosticsDialog(context, log_files=[log_file])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def write_log(tmp_path: Path) -> Path:
    path = tmp_path / "imagedesk.log"
    path.write_text(f"INFO started\nDEBUG secret_access_key={SECRET}\n", encoding="utf-8")
    return path


def test_the_preview_shows_the_registry_and_masks_secrets(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, ui_context, write_log(tmp_path))

    assert "Prod ECR: Amazon ECR, 123456789012.dkr.ecr.us-east-1.amazonaws.com" in dialog.text
    assert "INFO started" in dialog.text
    assert SECRET not in dialog.text


def test_masking_account_ids_refreshes_the_preview(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, ui_context, write_log(tmp_path))

    dialog.mask_accounts_box.setChecked(True)

    assert "123456789012" not in dialog.text
    assert "<account>.dkr.ecr.us-east-1.amazonaws.com" in dialog.text


def test_copy_puts_the_text_on_the_clipboard(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, ui_context, write_log(tmp_path))

    dialog.copy_button.click()

    assert QGuiApplication.clipboard().text() == dialog.text
    assert dialog.status.text() == "Copied to the clipboard."


def test_save_writes_the_file_and_a_failure_is_one_sentence(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, ui_context, write_log(tmp_path))

    assert dialog.save_to(tmp_path / "bundle.txt")
    assert (tmp_path / "bundle.txt").read_text(encoding="utf-8") == dialog.text

    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert not dialog.save_to(tmp_path / "a-file" / "bundle.txt")
    assert dialog.error_view.sentence.startswith("The diagnostics could not be saved")
    assert dialog.copy_button.isEnabled()
