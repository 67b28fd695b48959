"""The Audit page: changes newest first, filtered by text and kind, following events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Image, ImageTag, Registry, Resources, Settings
from imagedesk.store.catalog import Catalog
from imagedesk.ui.audit_page import AuditPage, ChangeKind
from imagedesk.ui.context import AppContext


def _image(catalog: Catalog, registry: Registry) -> Image:
    assert registry.id is not None
    return catalog.add_image(
        Image(
            registry_id=registry.id,
            repository="team-a/api",
            default_tag="latest",
            resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
            tags=(ImageTag("latest"), ImageTag("v1")),
        )
    )


def _page(qtbot: QtBot, context: AppContext) -> AuditPage:
    page = AuditPage(context)
    qtbot.addWidget(page)
    return page


def test_changes_are_listed_newest_first_and_follow_the_catalog(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    page = _page(qtbot, ui_context)
    assert page.rows()[0] == (
        'registry "Prod ECR": added',
        "",
        ("Prod ECR / 123456789012.dkr.ecr.us-east-1.amazonaws.com (ecr, keys)"),
    )

    image = _image(ui_catalog, ecr_registry)
    ui_catalog.set_default_tag(int(image.id or 0), "v1")
    ui_context.images_saved()

    assert page.rows()[:2] == [
        ('image "Prod ECR: team-a/api": default tag', "latest", "v1"),
        ('image "Prod ECR: team-a/api": imported', "", "latest"),
    ]
    assert page.count_label.text() == f"{len(ui_catalog.list_audit())} changes"


def test_the_kind_and_the_text_filter_narrow_the_list(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    image = _image(ui_catalog, ecr_registry)
    ui_catalog.deprecate_tag(int(image.id or 0), "v1")
    ui_context.save_settings(Settings(ecr_role_auth=True))
    page = _page(qtbot, ui_context)

    page.kind_box.setCurrentText(ChangeKind.TAGS)
    assert page.rows() == [('image "Prod ECR: team-a/api": tag v1 deprecated', "no", "yes")]

    page.kind_box.setCurrentText(ChangeKind.SETTINGS)
    assert page.rows() == [("setting: ecr_role_auth", "0", "1")]

    page.kind_box.setCurrentText(ChangeKind.ALL)
    qtbot.keyClicks(page.filter_box, "IMPORTED")
    assert page.rows() == [('image "Prod ECR: team-a/api": imported', "", "latest")]
    assert page.count_label.text() == "1 change"


def test_the_selected_change_is_shown_in_full_below_the_table(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    image = _image(ui_catalog, ecr_registry)
    ui_catalog.deprecate_tag(int(image.id or 0), "v1")
    page = _page(qtbot, ui_context)
    page.resize(520, 400)
    page.show()

    empty = page.details.toPlainText()
    page.table.selectRow(0)
    details = page.details.toPlainText().splitlines()

    assert empty == ""
    assert page.table.textElideMode() is Qt.TextElideMode.ElideMiddle
    assert details[1] == f"What: {page.rows()[0][0]}"
    assert details[1].startswith('What: image "Prod ECR: team-a/api": tag v1')
    assert details[2:] == [
        f"Old value: {page.rows()[0][1] or '—'}",
        f"New value: {page.rows()[0][2] or '—'}",
    ]
    what = page.table.item(0, 1)
    assert what is not None and what.toolTip() == what.text()
