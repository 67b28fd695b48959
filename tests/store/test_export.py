"""Export to JSON and import back: round trip, merge by name, conflicts, refused files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from imagedesk.domain.errors import ImportFileInvalid
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog, import_catalog

from .conftest import make_image


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Catalog]:
    (tmp_path / "other").mkdir()
    opened = Catalog.open(tmp_path / "other" / "catalog.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def exported(catalog: Catalog, registry: Registry, tmp_path: Path) -> Path:
    catalog.add_image(make_image(int(registry.id or 0), "team-a/api", tags=3))
    catalog.add_image(make_image(int(registry.id or 0), "platform/base"))
    path = tmp_path / "export.json"
    export_catalog(catalog, path)
    return path


def snapshot(catalog: Catalog) -> tuple[object, ...]:
    registries = [replace(r, id=None) for r in catalog.list_registries()]
    images = [(image.repository, image.default_tag, image.tags) for image in catalog.list_images()]
    return (registries, images, len(catalog.list_audit()))


def test_round_trip_into_an_empty_catalog(
    catalog: Catalog, exported: Path, other: Catalog
) -> None:
    report = import_catalog(other, exported)

    assert report.added_registries == ["prod"]
    assert report.added_images == ["prod: team-a/api", "prod: platform/base"]
    assert report.unchanged == ['registry "Docker Hub"']
    assert report.needs_secret == ["prod"]
    assert report.conflicts == []
    assert snapshot(other)[:2] == snapshot(catalog)[:2]


def test_export_holds_no_secret_fields(exported: Path) -> None:
    document = json.loads(exported.read_text())
    assert document["format"] == "imagedesk-catalog"
    assert document["version"] == 1
    assert set(document["registries"][1]) == {
        "name", "host", "kind", "auth", "username", "role_arn", "web_identity_token_file",
        "profile", "scope", "ca_file", "insecure",
    }  # fmt: skip


def test_importing_the_same_file_again_changes_nothing(catalog: Catalog, exported: Path) -> None:
    before = snapshot(catalog)
    report = import_catalog(catalog, exported)
    assert (report.added_registries, report.added_images, report.conflicts) == ([], [], [])
    assert snapshot(catalog) == before


def test_differing_entries_are_conflicts_and_the_catalog_wins(
    exported: Path, other: Catalog
) -> None:
    mine = other.add_registry(
        Registry(**{**_registry_from(exported), "host": "999999999999.dkr.ecr.eu-west-1.x"})
    )
    report = import_catalog(other, exported)

    assert len(report.conflicts) == 1
    assert 'Registry "prod" already exists' in report.conflicts[0]
    assert report.added_images == []
    assert other.get_registry(int(mine.id or 0)).host.startswith("999999999999")


def test_differing_image_is_a_conflict(catalog: Catalog, exported: Path) -> None:
    [first, _] = catalog.list_images()
    catalog.update_image(replace(first, resources=Resources(8, 8, 80)))

    report = import_catalog(catalog, exported)

    assert [c.split(" already")[0] for c in report.conflicts] == ['Image "prod: team-a/api"']
    assert catalog.get_image(int(first.id or 0)).resources == Resources(8, 8, 80)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", "not valid JSON"),
        (b'{"hello": "world"}', "not an Image Desk export"),
        (b'{"format": "imagedesk-catalog", "version": 99}', "version 99"),
        (b"[1, 2, 3]", "not an Image Desk export"),
    ],
)
def test_foreign_files_are_refused_with_the_reason(
    catalog: Catalog, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "foreign.json"
    path.write_bytes(content)
    before = snapshot(catalog)

    with pytest.raises(ImportFileInvalid, match=reason):
        import_catalog(catalog, path)
    assert snapshot(catalog) == before


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda d: d["images"][1]["resources"].update(memory_gb=-1), "images[1].resources"),
        (lambda d: d["images"][1].update(repository="Bad Name"), "images[1].repository"),
        (lambda d: d["images"][1].update(registry="nowhere"), "images[1]"),
        (lambda d: d["registries"][1].update(kind="floppy"), "registries[1]"),
        (lambda d: d["images"][1]["tags"].append({"name": "-x"}), "images[1].tags[2]"),
        (lambda d: d.update(images={}), "file.images"),
    ],
)
def test_a_damaged_entry_late_in_the_file_changes_nothing(
    exported: Path, other: Catalog, damage: object, where: str
) -> None:
    document = json.loads(exported.read_text())
    damage(document)  # type: ignore[operator]
    exported.write_text(json.dumps(document))
    before = snapshot(other)

    with pytest.raises(ImportFileInvalid) as raised:
        import_catalog(other, exported)
    assert where in raised.value.message
    assert snapshot(other) == before


def test_missing_file_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(ImportFileInvalid, match="could not be read"):
        import_catalog(catalog, tmp_path / "absent.json")


def _registry_from(exported: Path) -> dict[str, object]:
    """The file's "prod" entry as Registry keyword arguments."""
    entry = json.loads(exported.read_text())["registries"][1]
    return entry | {
        "scope": tuple(entry["scope"]),
        "kind": RegistryKind(entry["kind"]),
        "auth": AuthMethod(entry["auth"]),
    }
