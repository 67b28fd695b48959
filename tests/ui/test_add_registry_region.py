"""The Add Registry dialog refuses an ECR host in a region ECR does not serve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext

Runner = Callable[[Any], Any]
MARS_HOST = "123456789012.dkr.ecr.mars-north-9.amazonaws.com"
EU_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"


def fill(dialog: AddRegistryDialog, name: str, host: str) -> None:
    dialog.form.name_edit.setText(name)
    dialog.form.host_edit.setText(host)
    dialog.form.access_key_edit.setText("AKIAIOSFODNN7EXAMPLE")
    dialog.form.secret_key.edit.setText("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def test_a_host_in_mars_north_9_is_refused_at_the_host_field_and_nothing_is_saved(
    qtbot: QtBot, ui_context: AppContext
) -> None:
    before = ui_context.catalog.list_registries()
    dialog = AddRegistryDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, "mars", MARS_HOST)

    assert dialog.start_save() is None
    assert dialog.start_test() is None

    assert dialog.form.field_error("host") == (
        "'mars-north-9' is not a region ECR serves; check the host "
        "(for example 123456789012.dkr.ecr.us-east-1.amazonaws.com)."
    )
    assert ui_context.catalog.list_registries() == before


def test_a_host_in_eu_west_1_passes_the_region_check_and_is_saved(
    qtbot: QtBot, ui_context: AppContext, run_async: Runner[Any]
) -> None:
    dialog = AddRegistryDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, "eu", EU_HOST)

    task = dialog.start_save()

    assert task is not None
    run_async(task)
    assert dialog.saved_registry.host == EU_HOST
    assert dialog.form.field_error("host") == ""
