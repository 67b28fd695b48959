"""The Images page: filters by registry and kind, sorting, deprecate, remove preview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.image_editor import ImageEditorDialog
from imagedesk.ui.images_model import Column
from imagedesk.ui.images_page import NO_MATCH_TEXT, ImagesPage
from imagedesk.ui.tags_panel import TagsDialog


def _image(registry: Registry, repository: str, cpu: float, day: int) -> Image:
    assert registry.id is not None
    return Image(
        registry_id=registry.id,
        repository=repository,
        default_tag="latest",
        resources=Resources(cpu_cores=cpu, memory_gb=cpu * 2, disk_gb=10 + cpu),
        description=f"about {repository}",
        tags=(ImageTag("latest"), ImageTag("v1")),
        imported_at=datetime(2026, 3, day, 12, 0, tzinfo=UTC),
    )


@pytest.fixture
def page(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> ImagesPage:
    local = ui_catalog.add_registry(
        Registry(
            name="local", host="localhost:5000", kind=RegistryKind.GENERIC, auth=AuthMethod.NONE
        )
    )
    ui_catalog.add_image(_image(ecr_registry, "team-a/api", 4, 1))
    ui_catalog.add_image(_image(ecr_registry, "team-b/web", 1, 3))
    ui_catalog.add_image(_image(local, "tools/builder", 2, 2))
    widget = ImagesPage(ui_context)
    qtbot.addWidget(widget)
    return widget


def _column(page: ImagesPage, column: Column) -> list[str]:
    return [page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())]


def test_the_registry_filter_keeps_that_registrys_images(page: ImagesPage) -> None:
    page.registry_filter.setCurrentIndex(page.registry_filter.findText("local"))
    assert _column(page, Column.REPOSITORY) == ["tools/builder"]

    page.registry_filter.setCurrentIndex(page.registry_filter.findText("All registries"))
    assert len(_column(page, Column.REPOSITORY)) == 3


def test_the_kind_filter_and_the_text_filter_combine(qtbot: QtBot, page: ImagesPage) -> None:
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(RegistryKind.ECR.value))
    assert sorted(_column(page, Column.REPOSITORY)) == ["team-a/api", "team-b/web"]

    qtbot.keyClicks(page.filter_box, "team-b")
    assert _column(page, Column.REPOSITORY) == ["team-b/web"]

    page.filter_box.setText("builder")
    assert page.proxy.rowCount() == 0
    assert page.stack.currentWidget() is page.no_match
    assert page.no_match.text() == NO_MATCH_TEXT


@pytest.mark.parametrize(
    ("column", "ascending"),
    [
        (Column.REGISTRY, ["local", "Prod ECR", "Prod ECR"]),
        (Column.REPOSITORY, ["team-a/api", "team-b/web", "tools/builder"]),
        (Column.DESCRIPTION, ["about team-a/api", "about team-b/web", "about tools/builder"]),
        (Column.CPU, ["1", "2", "4"]),
        (Column.MEMORY, ["2", "4", "8"]),
        (Column.DISK, ["11", "12", "14"]),
    ],
)
def test_every_column_sorts(page: ImagesPage, column: Column, ascending: list[str]) -> None:
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert _column(page, column) == ascending


def test_imported_at_sorts_by_time(page: ImagesPage) -> None:
    page.table.sortByColumn(Column.IMPORTED_AT, Qt.SortOrder.DescendingOrder)
    assert _column(page, Column.REPOSITORY) == ["team-b/web", "tools/builder", "team-a/api"]


def test_deprecate_strikes_the_image_through_and_bring_back_restores_it(
    qtbot: QtBot, page: ImagesPage, ui_catalog: Catalog, ui_context: AppContext
) -> None:
    assert page.select_repository("team-a/api")
    image = page.selected_image()
    assert image is not None

    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        assert page.set_deprecated(image, True) is True
    assert page.select_repository("team-a/api")
    row = _column(page, Column.REPOSITORY).index("team-a/api")
    font = page.proxy.index(row, Column.REPOSITORY).data(Qt.ItemDataRole.FontRole)
    assert font.strikeOut()
    assert page.deprecate_button.text().replace("&", "") == "Bring back"

    assert page.set_deprecated(ui_catalog.get_image(int(image.id or 0)), False) is True
    assert not ui_catalog.get_image(int(image.id or 0)).deprecated


def test_the_removal_preview_names_what_goes_with_the_image(page: ImagesPage) -> None:
    assert page.select_repository("team-a/api")
    image = page.selected_image()
    assert image is not None

    preview = page.removal_preview(image)

    assert preview.startswith("Remove Prod ECR: team-a/api from the catalog?")
    assert "2 tags (latest *, v1)" in preview
    assert "The image stays in its registry" in preview


def test_tags_and_edit_open_for_the_selected_image(page: ImagesPage) -> None:
    assert not page.tags_button.isEnabled()
    assert page.select_repository("tools/builder")

    page.tags_button.click()
    assert isinstance(page.child_dialog, TagsDialog)
    assert page.child_dialog.image.repository == "tools/builder"
    page.child_dialog.reject()

    page.edit_button.click()
    assert isinstance(page.child_dialog, ImageEditorDialog)
    page.child_dialog.reject()


def test_deprecate_and_bring_back_keep_the_image_selected(
    qtbot: QtBot, page: ImagesPage, ui_context: AppContext
) -> None:
    assert page.select_repository("team-b/web")

    page.deprecate_button.click()
    deprecated = page.selected_image()
    page.deprecate_button.click()
    restored = page.selected_image()

    assert deprecated is not None and deprecated.repository == "team-b/web"
    assert deprecated.deprecated
    assert restored is not None and restored.repository == "team-b/web"
    assert not restored.deprecated
    assert page.tags_button.isEnabled() and page.remove_button.isEnabled()
    assert page.deprecate_button.text().replace("&", "") == "Deprecate"


def test_the_removal_preview_of_a_one_tag_image_speaks_in_the_singular() -> None:
    from imagedesk.ui.images_page import removal_preview

    image = Image(1, "library/nginx", "latest", Resources(1, 2, 10), tags=(ImageTag("latest"),))

    preview = removal_preview(image, "Docker Hub")

    assert "With it go its tag (latest *) with its recorded digest, its description" in preview
