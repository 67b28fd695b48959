"""The Images page: empty state, the table of images, filtering and removal."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Image, ImageTag, Registry, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.images_model import Column
from imagedesk.ui.images_page import ImagesPage


def _image(registry: Registry, repository: str, description: str = "") -> Image:
    assert registry.id is not None
    return Image(
        registry_id=registry.id,
        repository=repository,
        default_tag="latest",
        resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
        description=description,
        tags=(ImageTag("latest", digest="sha256:" + "a" * 64),),
        imported_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )


def _cells(page: ImagesPage, row: int) -> list[str]:
    return [page.proxy.index(row, column).data() for column in range(page.proxy.columnCount())]


def test_an_empty_catalog_shows_the_invitation_to_import(
    qtbot: QtBot, ui_context: AppContext
) -> None:
    page = ImagesPage(ui_context)
    qtbot.addWidget(page)

    assert page.stack.currentWidget() is page.empty_state
    assert page.import_button.text().replace("&", "") == "Import Image"
    assert not page.remove_button.isEnabled()


def test_images_are_listed_with_their_registry_and_resources(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    ui_catalog.add_image(_image(ecr_registry, "team-a/api", "The public API"))
    page = ImagesPage(ui_context)
    qtbot.addWidget(page)

    assert page.stack.currentWidget() is page.table
    assert _cells(page, 0)[: Column.IMPORTED_AT] == [
        "Prod ECR",
        "team-a/api",
        "latest",
        "The public API",
        "2",
        "4",
        "20",
    ]


def test_the_filter_keeps_matching_rows_only(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    for name in ("team-a/api", "team-a/worker", "team-b/web"):
        ui_catalog.add_image(_image(ecr_registry, name))
    page = ImagesPage(ui_context)
    qtbot.addWidget(page)

    qtbot.keyClicks(page.filter_box, "TEAM-A")

    shown = sorted(_cells(page, row)[Column.REPOSITORY] for row in range(page.proxy.rowCount()))
    assert shown == ["team-a/api", "team-a/worker"]


def test_remove_deletes_the_image_and_the_page_follows(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    ui_catalog.add_image(_image(ecr_registry, "team-a/api"))
    page = ImagesPage(ui_context)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()

    image = page.selected_image()
    assert image is not None
    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        assert page.remove_image(image) is True

    assert ui_catalog.list_images() == []
    assert page.stack.currentWidget() is page.empty_state
