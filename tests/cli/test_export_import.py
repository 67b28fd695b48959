"""``imagedesk export`` and ``imagedesk import`` against catalogs in chosen data folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagedesk.cli.main import main
from imagedesk.domain.models import AuthMethod, Image, Registry, RegistryKind, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.store.paths import catalog_path


def seed(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.open(catalog_path(folder))
    registry = catalog.add_registry(
        Registry(
            name="lab",
            host="registry.lab.example:5000",
            kind=RegistryKind.GENERIC,
            auth=AuthMethod.PASSWORD,
            username="admin",
        )
    )
    catalog.add_image(
        Image(
            registry_id=int(registry.id or 0),
            repository="tools/builder",
            default_tag="1.0",
            resources=Resources(1, 2, 10),
        )
    )
    catalog.close()


def test_export_then_import_into_another_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "a")
    file = tmp_path / "catalog.json"

    assert main(["--data-dir", str(tmp_path / "a"), "export", str(file)]) == 0
    assert "Exported 2 registries and 1 image to" in capsys.readouterr().out

    assert main(["import", str(file), "--data-dir", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "Added 1 registry and 1 image;" in out
    assert "Enter the secrets of these registries on the Registries page: lab" in out

    catalog = Catalog.open(catalog_path(tmp_path / "b"))
    assert [image.repository for image in catalog.list_images()] == ["tools/builder"]
    catalog.close()


def test_malformed_file_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "a")
    file = tmp_path / "bad.json"
    file.write_text(json.dumps({"format": "something-else"}))

    assert main(["--data-dir", str(tmp_path / "a"), "import", str(file)]) == 1

    assert "not an Image Desk export" in capsys.readouterr().err
    catalog = Catalog.open(catalog_path(tmp_path / "a"))
    assert len(catalog.list_images()) == 1
    catalog.close()


def test_catalog_that_is_not_sqlite_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    catalog_path(tmp_path / "a").write_text("not a database, just words" * 10)

    assert main(["--data-dir", str(tmp_path / "a"), "export", str(tmp_path / "x.json")]) == 1
    assert "not an SQLite database" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_export_to_an_unwritable_place_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "a")
    target = tmp_path / "missing-folder" / "x.json"
    assert main(["--data-dir", str(tmp_path / "a"), "export", str(target)]) == 1
    assert "could not be written" in capsys.readouterr().err


def test_export_to_a_dash_writes_the_json_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "a")

    status = main(["--data-dir", str(tmp_path / "a"), "export", "-"])

    out, err = capsys.readouterr()
    assert status == 0
    document = json.loads(out)
    assert [image["repository"] for image in document["images"]] == ["tools/builder"]
    assert err.strip() == "Exported 2 registries and 1 image to standard output."
    assert not (tmp_path / "-").exists()
