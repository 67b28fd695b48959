"""``imagedesk --demo --smoke``: the demo flow through the real windows, without a person.

Images page → Import Image → Add a new registry with the ``ecr-reader`` keys → Test
connection → Continue → a repository and tag from the registry's listing → Import.
Each step either passes or raises :class:`SmokeFailure` with a sentence saying which
step failed; the app turns that into a non-zero exit code. The same steps fill the
demo catalog before :mod:`imagedesk.ui.screenshots` takes its pictures.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

from imagedesk.demo.seed_model import DemoSeed
from imagedesk.domain.models import Image, Registry
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.import_dialog import ImportDialog
from imagedesk.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

STEP_TIMEOUT_S = 60.0
DEMO_REGISTRY_NAME = "Demo ECR"
DEMO_USER = "ecr-reader"

T = TypeVar("T")


class SmokeFailure(Exception):
    """A step of the smoke run did not do what it should; the message says which."""


async def run_smoke(window: MainWindow, seed: DemoSeed) -> Image:
    """Drive the demo flow once in ``window``; returns the imported image."""
    import_dialog = open_import_dialog(window)
    add_dialog = open_add_registry(import_dialog)
    fill_registry_form(add_dialog, seed, DEMO_USER)

    await test_connection(add_dialog)
    report = add_dialog.last_report
    if report is None or not report.ok:
        summary = report.summary if report is not None else add_dialog.test_status.text()
        raise SmokeFailure(f"The connection test with the {DEMO_USER} keys failed: {summary}")

    registry = await save_registry(add_dialog, import_dialog)
    image = await import_first_image(window, import_dialog, registry)
    logger.info("smoke run imported %s:%s", image.repository, image.default_tag)
    return image


def open_import_dialog(window: MainWindow) -> ImportDialog:
    window.show_page("Images")
    dialog = window.images_page.open_import()
    if not dialog.isVisible():
        raise SmokeFailure("The Import Image dialog did not open.")
    return dialog


def open_add_registry(import_dialog: ImportDialog) -> AddRegistryDialog:
    import_dialog.form.add_registry_button.click()
    dialog = import_dialog.add_registry_dialog
    if not isinstance(dialog, AddRegistryDialog) or not dialog.isVisible():
        raise SmokeFailure("Add a new registry did not open the Add Registry dialog.")
    return dialog


def fill_registry_form(
    dialog: AddRegistryDialog,
    seed: DemoSeed,
    user_name: str,
    *,
    name: str = DEMO_REGISTRY_NAME,
    host_index: int = 0,
) -> None:
    """Type a demo host and the keys of the seeded user ``user_name`` into the dialog."""
    user = seed.user(user_name)
    form = dialog.form
    form.name_edit.setText(name)
    form.host_edit.setText(seed.registry_hosts[host_index])
    form.access_key_edit.setText(user.access_key_id)
    form.secret_key.edit.setText(user.secret_access_key)


async def test_connection(dialog: AddRegistryDialog) -> str:
    """Run Test connection and return the sentence the dialog shows."""
    task = dialog.start_test()
    if task is None:
        raise SmokeFailure(f"The Add Registry dialog refused its fields: {_field_errors(dialog)}")

    await _within(task, "The connection test")
    return dialog.test_status.text()


async def save_registry(dialog: AddRegistryDialog, import_dialog: ImportDialog) -> Registry:
    """Continue: the dialog saves, closes (and is deleted), and the import selects it."""
    name = dialog.form.name_edit.text().strip()
    results: list[int] = []
    dialog.finished.connect(results.append)
    task = dialog.start_save()
    if task is None:
        raise SmokeFailure(f"The Add Registry dialog refused its fields: {_field_errors(dialog)}")

    await _within(task, "Saving the registry")
    if results != [QDialog.DialogCode.Accepted.value]:
        raise SmokeFailure(f"Continue did not save the registry: {_field_errors(dialog)}")

    registry = import_dialog.selected_registry()
    if registry is None or registry.name != name:
        raise SmokeFailure("The new registry is not selected in the Import Image dialog.")
    return registry


async def import_first_image(
    window: MainWindow,
    dialog: ImportDialog,
    registry: Registry,
    *,
    index: int = 0,
    description: str = "Imported by the smoke run",
) -> Image:
    """Import the ``index``-th repository the registry lists, at its first listed tag."""
    await _within(dialog.load_repositories(), "Listing the repositories")
    repositories = dialog.form.repository_names.stringList()
    if len(repositories) <= index:
        raise SmokeFailure(f"{registry.name} listed {len(repositories)} repositories.")

    dialog.form.repository.setText(repositories[index])
    await _within(dialog.load_tags(), "Listing the tags")
    tags = dialog.form.tag_names.stringList()
    if not tags:
        raise SmokeFailure(f"{repositories[index]} listed no tag.")

    dialog.form.tag.setText("latest" if "latest" in tags else tags[0])
    dialog.form.description.setText(description)
    if not await _within(dialog.import_image(), "The import"):
        raise SmokeFailure(f"The import was refused: {_import_errors(dialog)}")

    imported = dialog.imported
    shown = window.images_page.model.rowCount()
    if imported is None or shown < 1:
        raise SmokeFailure("The imported image is not on the Images page.")
    return imported


async def _within(awaitable: Awaitable[T], what: str) -> T:
    try:
        return await asyncio.wait_for(awaitable, timeout=STEP_TIMEOUT_S)
    except TimeoutError:
        raise SmokeFailure(f"{what} took longer than {STEP_TIMEOUT_S:.0f} s.") from None


def _field_errors(dialog: AddRegistryDialog) -> str:
    errors = [dialog.form.field_error(name) for name in dialog.form.boxes]
    errors.append(dialog.error_view.sentence)
    return "; ".join(error for error in errors if error) or "no reason shown"


def _import_errors(dialog: ImportDialog) -> str:
    errors = [dialog.form.error_of(name) for name in dialog.form.errors]
    errors.append(dialog.error_view.sentence)
    return "; ".join(error for error in errors if error) or "no reason shown"
