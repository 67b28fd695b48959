"""Export and import from the UI: the report window, a refused file, names merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog
from imagedesk.ui.catalog_transfer import export_to, import_from
from imagedesk.ui.context import AppContext

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def _prod(catalog: Catalog, name: str = "prod") -> Registry:
    return catalog.add_registry(
        Registry(
            name=name,
            host=HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )


@pytest.fixture
def export_file(tmp_path: Path) -> Path:
    """An export of another catalog: registry "prod " (trailing space) with one image."""
    other = Catalog.open(tmp_path / "other.sqlite3")
    try:
        registry = _prod(other)
        assert registry.id is not None
        other.add_image(
            Image(
                registry_id=registry.id,
                repository="team-a/api",
                default_tag="v2",
                resources=Resources(cpu_cores=1, memory_gb=2, disk_gb=10),
                tags=(ImageTag("v2", digest="sha256:" + "b" * 64),),
            )
        )
        path = tmp_path / "export.json"
        export_catalog(other, path)
    finally:
        other.close()
    document = json.loads(path.read_text())
    for registry_json in document["registries"]:
        if registry_json["name"] == "prod":
            registry_json["name"] = "prod "
    for image_json in document["images"]:
        if image_json["registry"] == "prod":
            image_json["registry"] = "prod "
    path.write_text(json.dumps(document))
    return path


def test_an_import_reports_what_was_added_and_which_secrets_to_enter(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, export_file: Path
) -> None:
    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        dialog = import_from(ui_context, export_file)
    qtbot.addWidget(dialog)

    assert dialog.summary.text() == "Added 1 registry and 1 image; 1 already there."
    lines = dialog.report.toPlainText().splitlines()
    assert lines == [
        "Registries added:",
        "  • prod",
        "Images added:",
        "  • prod : team-a/api",
        "Already in the catalog, unchanged:",
        '  • registry "Docker Hub"',
        "Enter the secret again on the Registries page (exports never hold one):",
        "  • prod",
    ]
    assert [image.repository for image in ui_catalog.list_images()] == ["team-a/api"]


def test_a_registry_named_prod_with_a_trailing_space_is_the_catalogs_prod(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, export_file: Path
) -> None:
    _prod(ui_catalog)
    registries_before = ui_catalog.list_registries()

    dialog = import_from(ui_context, export_file)
    qtbot.addWidget(dialog)

    assert ui_catalog.list_registries() == registries_before
    assert 'registry "prod"' in dialog.report.toPlainText()
    assert "Registries added" not in dialog.report.toPlainText()
    [image] = ui_catalog.list_images()
    assert image.registry_id == registries_before[1].id


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "The file is not valid JSON"),
        (b'{"format": "something-else"}', "The file is not an Image Desk export"),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason_and_nothing_changes(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    tmp_path: Path,
    content: bytes,
    reason: str,
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = (ui_catalog.list_registries(), ui_catalog.list_images())

    dialog = import_from(ui_context, path)
    qtbot.addWidget(dialog)

    assert dialog.summary.text() == "bad.json was not imported; the catalog is unchanged."
    assert dialog.error_view.sentence.startswith(reason)
    assert (ui_catalog.list_registries(), ui_catalog.list_images()) == before


def test_export_writes_the_catalog_without_secrets_and_says_so(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, tmp_path: Path
) -> None:
    _prod(ui_catalog)
    path = tmp_path / "out.json"

    dialog = export_to(ui_context, path)
    qtbot.addWidget(dialog)

    assert dialog.summary.text() == (
        f"Exported 2 registries and 0 images to {path}. No secret is in the file."
    )
    names = [registry["name"] for registry in json.loads(path.read_text())["registries"]]
    assert names == ["Docker Hub", "prod"]


def test_an_export_to_a_missing_folder_says_it_could_not_be_written(
    qtbot: QtBot, ui_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "missing" / "out.json"

    dialog = export_to(ui_context, path)
    qtbot.addWidget(dialog)

    assert dialog.summary.text() == f"The catalog could not be exported to {path}."
    assert dialog.error_view.sentence != ""
    assert not path.exists()


def test_an_import_shows_the_note_about_a_dropped_endpoint_override(
    qtbot: QtBot, ui_context: AppContext, export_file: Path, tmp_path: Path
) -> None:
    document = json.loads(export_file.read_text())
    document["registries"][-1]["endpoint_url"] = "http://127.0.0.1:9/"
    export_file.write_text(json.dumps(document))

    dialog = import_from(ui_context, export_file)
    qtbot.addWidget(dialog)

    lines = dialog.report.toPlainText().splitlines()
    assert lines[-2:] == [
        "Notes:",
        '  • Registry "prod": the file named another AWS endpoint for it; that was ignored. '
        "An endpoint override is a setting of this computer, never imported.",
    ]
    dialog.grab().save(str(tmp_path / "import-notes.png"))
