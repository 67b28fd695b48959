"""Every window of the app by keyboard: no two visible accelerators share a letter within
one window (the second could never be reached), and Escape closes every dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import (
    AuthMethod,
    Image,
    ImageTag,
    Registry,
    RegistryKind,
    Resources,
    Settings,
)
from imagedesk.store.catalog import Catalog
from imagedesk.ui.about_dialog import AboutDialog
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.admin_page import admin_settings_dialog
from imagedesk.ui.catalog_transfer import TransferResultDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.diagnostics_dialog import DiagnosticsDialog
from imagedesk.ui.image_editor import ImageEditorDialog
from imagedesk.ui.import_dialog import ImportDialog
from imagedesk.ui.irsa import IrsaAssistant
from imagedesk.ui.log_viewer import LogViewer
from imagedesk.ui.main_window import MainWindow
from imagedesk.ui.mfa_dialog import MfaDialog
from imagedesk.ui.tags_panel import TagsDialog
from imagedesk.ui.widgets.accelerators import accelerator_of, clashes, window_accelerators


def _image(catalog: Catalog, registry: Registry) -> Image:
    return catalog.add_image(
        Image(
            registry_id=registry.id or 0,
            repository="team-a/api",
            default_tag="latest",
            resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
            tags=(ImageTag("latest"), ImageTag("v1")),
            imported_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        )
    )


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _assert_no_clash(window: QWidget, where: str) -> None:
    assert clashes(window) == {}, where
    assert window_accelerators(window), f"{where} has no accelerator at all"


def _assert_escape_closes(qtbot: QtBot, dialog: QDialog) -> None:
    dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible(), dialog.windowTitle()


def test_accelerator_letters_are_read_like_qt_reads_them() -> None:
    assert accelerator_of("&Test connection") == "t"
    assert accelerator_of("Sa&ve") == "v"
    assert accelerator_of("Tom && Jerry") == ""
    assert accelerator_of("R&&D &lab") == "l"
    assert accelerator_of("Plain") == ""


def test_the_main_window_pages_have_no_clashing_accelerators(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    _image(ui_catalog, ecr_registry)
    window = _shown(qtbot, MainWindow(ui_context))
    assert isinstance(window, MainWindow)

    for page in ("Images", "Registries", "Audit"):
        window.show_page(page)
        window.registries_page.select(ecr_registry.id or 0)
        _assert_no_clash(window, page)
    window.close()


def test_the_welcome_panel_has_no_clashing_accelerators(
    qtbot: QtBot, ui_context: AppContext
) -> None:
    window = _shown(qtbot, MainWindow(ui_context))
    assert isinstance(window, MainWindow) and window.welcome_shown

    _assert_no_clash(window, "welcome")
    window.close()


def _dialogs(
    context: AppContext, catalog: Catalog, registry: Registry, tmp_path: Path
) -> list[tuple[str, Callable[[], QDialog]]]:
    image = _image(catalog, registry)
    generic = catalog.add_registry(
        Registry(
            "lab", "registry.example.com", RegistryKind.GENERIC, AuthMethod.PASSWORD, username="ci"
        )
    )
    log_file = tmp_path / "imagedesk.log"
    log_file.write_text("started\n", encoding="utf-8")
    return [
        ("Add Registry", lambda: AddRegistryDialog(context)),
        ("Edit Registry (ECR)", lambda: AddRegistryDialog(context, editing=registry)),
        ("Edit Registry (generic)", lambda: AddRegistryDialog(context, editing=generic)),
        ("Import Image", lambda: ImportDialog(context)),
        ("Tags", lambda: TagsDialog(context, image)),
        ("Edit image", lambda: ImageEditorDialog(context, image)),
        ("Diagnostics", lambda: DiagnosticsDialog(context, log_files=[log_file])),
        ("About", AboutDialog),
        ("Log viewer", lambda: LogViewer([log_file])),
        ("MFA", lambda: MfaDialog("arn:aws:iam::123456789012:mfa/admin")),
        ("IRSA assistant", lambda: IrsaAssistant(context, account_id="123456789012")),
        ("Catalog import result", lambda: TransferResultDialog("Import catalog")),
        ("Admin settings", lambda: admin_settings_dialog(context)),
    ]


@pytest.mark.parametrize("index", range(13))
def test_each_dialog_has_no_clashing_accelerators_and_escape_closes_it(
    index: int,
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    tmp_path: Path,
) -> None:
    title, make = _dialogs(ui_context, ui_catalog, ecr_registry, tmp_path)[index]
    dialog = make()
    _shown(qtbot, dialog)

    # Dialogs with one field and standard buttons (About, MFA, a result) need no
    # accelerator of their own; any they have must not clash.
    assert clashes(dialog) == {}, title
    _assert_escape_closes(qtbot, dialog)


def test_every_tab_of_the_irsa_assistant_and_the_role_fields_have_no_clash(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog
) -> None:
    ui_context.save_settings(Settings(ecr_role_auth=True))
    assistant = _shown(qtbot, IrsaAssistant(ui_context, account_id="123456789012"))
    assert isinstance(assistant, IrsaAssistant)
    for index in range(assistant.tabs.count()):
        assistant.tabs.setCurrentIndex(index)
        _assert_no_clash(assistant, assistant.tabs.tabText(index))

    dialog = _shown(qtbot, AddRegistryDialog(ui_context))
    assert isinstance(dialog, AddRegistryDialog)
    dialog.form.host_edit.setText("123456789012.dkr.ecr.us-east-1.amazonaws.com")
    dialog.form.more_button.setChecked(True)
    dialog.form.refresh_visibility()
    assert dialog.form.role_arn_edit.isVisibleTo(dialog)
    _assert_no_clash(dialog, "Add Registry, role authentication")
    dialog.form.kind_combo.setCurrentIndex(dialog.form.kind_combo.findData(RegistryKind.GENERIC))
    _assert_no_clash(dialog, "Add Registry, generic")


def test_the_role_notes_link_is_reached_by_tab(qtbot: QtBot, ui_context: AppContext) -> None:
    dialog = _shown(qtbot, AddRegistryDialog(ui_context))
    assert isinstance(dialog, AddRegistryDialog)
    note = dialog.form.role_note

    flags = note.textInteractionFlags()

    assert flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    assert note.focusPolicy() & Qt.FocusPolicy.TabFocus
