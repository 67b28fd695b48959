"""Editing an image: each field checked as typed, Save writes what the checks cleaned."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Image, ImageTag, Registry, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.image_editor import ImageEditorDialog

MEMORY_SENTENCE = "Enter the memory as a number from 0.1 to 4096 GB."


@pytest.fixture
def image(ui_catalog: Catalog, ecr_registry: Registry) -> Image:
    assert ecr_registry.id is not None
    return ui_catalog.add_image(
        Image(
            registry_id=ecr_registry.id,
            repository="team-a/api",
            default_tag="latest",
            resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
            description="The API",
            tags=(ImageTag("latest"),),
        )
    )


def _editor(qtbot: QtBot, context: AppContext, image: Image) -> ImageEditorDialog:
    dialog = ImageEditorDialog(context, image)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("typed", ["-1", "abc"])
def test_a_bad_memory_is_refused_at_its_field_as_typed(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, image: Image, typed: str
) -> None:
    dialog = _editor(qtbot, ui_context, image)
    field = dialog.fields["memory_gb"]
    field.clear()

    qtbot.keyClicks(field, typed)

    assert dialog.error_of("memory_gb") == MEMORY_SENTENCE
    assert dialog.error_of("cpu_cores") == ""
    assert dialog.save() is False
    assert ui_catalog.get_image(int(image.id or 0)).resources.memory_gb == 4


def test_fields_start_from_the_image_and_save_stores_the_edit(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, image: Image
) -> None:
    dialog = _editor(qtbot, ui_context, image)
    assert [dialog.fields[name].text() for name in dialog.fields] == [
        "The API",
        "",
        "2",
        "4",
        "20",
    ]

    dialog.fields["description"].setText("  The public API  ")
    dialog.fields["source_url"].setText("https://git.example.com/team-a/api")
    dialog.fields["memory_gb"].setText("8")
    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        assert dialog.save() is True

    stored = ui_catalog.get_image(int(image.id or 0))
    assert (stored.description, stored.source_url) == (
        "The public API",
        "https://git.example.com/team-a/api",
    )
    assert stored.resources == Resources(cpu_cores=2, memory_gb=8, disk_gb=20)
    assert dialog.result() == ImageEditorDialog.DialogCode.Accepted


def test_a_bad_source_url_is_named_at_its_field(
    qtbot: QtBot, ui_context: AppContext, image: Image
) -> None:
    dialog = _editor(qtbot, ui_context, image)
    dialog.fields["source_url"].setText("git.example.com")

    assert dialog.error_of("source_url") == (
        "Enter a web address starting with http:// or https://, or leave it empty."
    )
