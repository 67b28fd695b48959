"""The Import Image dialog: registry selector, completion, checks at the fields, import."""

from __future__ import annotations

from typing import Any

from image_fakes import FakeRegistry
from pytestqt.qtbot import QtBot

from imagedesk.domain.errors import Throttled
from imagedesk.domain.models import Registry
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog


def _dialog(qtbot: QtBot, context: AppContext, run_async: Any, registry: Registry) -> ImportDialog:
    dialog = ImportDialog(context, registry_id=registry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    run_async(dialog.load_repositories())
    return dialog


def _fill(dialog: ImportDialog, **fields: str) -> None:
    for name, value in fields.items():
        getattr(dialog.form, name).setText(value)


def test_the_selector_shows_name_and_host_and_completion_lists_repositories(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, run_async: Any
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)

    assert dialog.form.registry_box.currentText() == (
        "Prod ECR / 123456789012.dkr.ecr.us-east-1.amazonaws.com"
    )
    assert dialog.form.add_registry_button.text().replace("&", "") == "Add a new registry"
    assert dialog.form.repository_names.stringList() == [
        "platform/base",
        "team-a/api",
        "team-b/web",
    ]
    assert dialog.form.listing_status.text == "3 repositories, listed just now"
    assert dialog.form.tag.text() == "latest"


def test_tags_complete_from_the_chosen_repository_and_listings_are_cached(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    _fill(dialog, repository="team-a/api")
    run_async(dialog.load_tags())
    listed = fake_registry.calls.count("repos")
    run_async(dialog.load_repositories())

    assert dialog.form.tag_names.stringList() == ["latest", "v1", "v2"]
    assert fake_registry.calls.count("repos") == listed  # served from the session cache
    assert dialog.form.repository_names.stringList() == [
        "platform/base",
        "team-a/api",
        "team-b/web",
    ]


def test_bad_fields_are_refused_each_at_its_field(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    ui_catalog: Catalog,
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    _fill(dialog, repository="", tag="", cpu_cores="-1", memory_gb="abc", disk_gb="20")

    assert run_async(dialog.import_image()) is False

    assert dialog.form.error_of("repository") == "Enter the repository name."
    assert "CPU cores" in dialog.form.error_of("cpu_cores")
    assert "memory" in dialog.form.error_of("memory_gb")
    assert dialog.form.error_of("tag") != ""
    assert dialog.form.error_of("disk_gb") == ""
    assert ui_catalog.list_images() == []


def test_an_unknown_repository_or_tag_is_named_at_its_field(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, run_async: Any
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    _fill(dialog, repository="team-z/nothing")
    assert run_async(dialog.import_image()) is False
    assert dialog.form.error_of("repository") == (
        "There is no repository named team-z/nothing in Prod ECR."
    )

    _fill(dialog, repository="team-a/api", tag="v9")
    assert run_async(dialog.import_image()) is False
    assert dialog.form.error_of("tag") == "The repository team-a/api has no tag v9."
    assert dialog.form.error_of("repository") == ""


def test_import_stores_the_image_with_its_digest_and_closes(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    ui_catalog: Catalog,
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    _fill(
        dialog,
        repository="team-a/api",
        tag="v2",
        description="The public API",
        source_url="https://git.example.com/team-a/api",
        cpu_cores="1.5",
        memory_gb="3",
        disk_gb="10",
    )

    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        assert run_async(dialog.import_image()) is True

    [image] = ui_catalog.list_images()
    assert (image.repository, image.default_tag, image.description) == (
        "team-a/api",
        "v2",
        "The public API",
    )
    assert (image.resources.cpu_cores, image.resources.memory_gb) == (1.5, 3)
    assert [(tag.name, tag.digest) for tag in image.tags] == [("v2", "sha256:" + "b" * 64)]
    assert dialog.result() == ImportDialog.DialogCode.Accepted


def test_a_listing_failure_keeps_the_pages_read_and_shows_a_sentence_with_details(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    fake_registry.listing_error = Throttled(details="ThrottlingException: Rate exceeded")
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)

    assert dialog.form.repository_names.stringList() == ["platform/base", "team-a/api"]
    assert dialog.error_view.sentence == Throttled.default_message
    assert dialog.error_view.details == "ThrottlingException: Rate exceeded"
    assert "Traceback" not in dialog.error_view.details


def test_a_listing_that_ends_after_the_dialog_closed_is_dropped(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    fake_registry.release.clear()  # hold the listing after its first page
    dialog = ImportDialog(ui_context, registry_id=ecr_registry.id)
    qtbot.addWidget(dialog)
    dialog.show()

    async def close_while_listing() -> None:
        listing = dialog.load_repositories()
        dialog.reject()
        fake_registry.release.set()
        await listing

    run_async(close_while_listing())
    run_async(ui_context.jobs.shutdown(timeout=5))

    assert dialog.form.repository_names.stringList() == []
    assert ui_context.registry_jobs.cached_repositories(ecr_registry) is None


def test_enter_in_a_field_presses_import_never_add_a_new_registry(
    qtbot: QtBot, ui_context: AppContext, ecr_registry: Registry, run_async: Any
) -> None:
    from PySide6.QtCore import Qt

    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    pressed: list[str] = []
    dialog.form.add_registry_button.clicked.connect(lambda: pressed.append("add registry"))
    dialog.import_button.clicked.connect(lambda: pressed.append("import"))
    dialog.activateWindow()
    dialog.form.add_registry_button.setFocus()
    dialog.form.repository.setFocus()

    qtbot.keyClick(dialog.form.repository, Qt.Key.Key_Return)

    assert pressed == ["import"]
    assert dialog.import_button.isDefault()
    assert not dialog.form.add_registry_button.autoDefault()
