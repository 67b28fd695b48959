"""The Add Registry dialog in the demo: the keyring note, the last report, its fit."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytestqt.qtbot import QtBot
from registry_defect_support import FakeDemo
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    SECRET,
    DictSecretStore,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.ui.add_registry_dialog import (
    AddRegistryDialog,
)
from imagedesk.ui.context import AppContext

SHOTS = Path("/tmp/g1-shots")


def demo_dialog(qtbot: QtBot, context: AppContext) -> AddRegistryDialog:
    context.demo = FakeDemo()
    dialog = AddRegistryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_demo_says_its_secrets_are_kept_in_memory_without_a_warning(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop, secrets=DictSecretStore(persistent=False))
    dialog = demo_dialog(qtbot, context)

    assert dialog.keyring_note.isVisible()
    assert dialog.keyring_note.text() == "Demo: secrets are kept in memory for this run."
    assert "No keyring" not in dialog.keyring_note.text()


def test_last_report_is_the_finished_test_and_is_forgotten_on_an_edit(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = demo_dialog(qtbot, make_context(tmp_path, loop))
    dialog.form.name_edit.setText("demo")
    dialog.form.host_edit.setText(ECR_HOST)
    dialog.form.access_key_edit.setText(KEY_ID)
    dialog.form.secret_key.edit.setText(SECRET)
    assert dialog.last_report is None

    task = dialog.start_test()
    assert task is not None
    run(loop, task)

    report = dialog.last_report
    assert report is not None
    assert report.ok
    assert dialog.test_status.text() == report.summary
    dialog.form.name_edit.setText("demo 2")
    assert dialog.last_report is None


def test_the_dialog_is_as_tall_as_its_content_with_no_blank_band(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = demo_dialog(qtbot, make_context(tmp_path, loop))
    assert dialog.form.role_note.isVisible()
    height_with_note = dialog.height()
    dialog.form.access_key_edit.setText(KEY_ID)
    dialog.form.secret_key.edit.setText(SECRET)
    dialog.form.refresh_visibility()
    qtbot.wait(50)

    assert not dialog.form.role_note.isVisible()
    assert dialog.height() < height_with_note

    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "add-registry-demo.png"))
    layout = dialog.scroll_area.widget().layout()
    viewport = dialog.scroll_area.viewport()
    needed = max(layout.heightForWidth(viewport.width()), layout.sizeHint().height())
    assert 0 <= viewport.height() - needed < 24
