"""An imported registry passes the Add Registry rules; an endpoint override is never
exported and never imported (defect A)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from imagedesk.domain.errors import ImportFileInvalid
from imagedesk.domain.models import Registry
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog, import_catalog

ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def export_file(path: Path, *registries: dict[str, Any]) -> Path:
    document = {
        "format": "imagedesk-catalog",
        "version": 1,
        "registries": list(registries),
        "images": [],
    }
    path.write_text(json.dumps(document))
    return path


def ecr_entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "prod",
        "host": ECR_HOST,
        "kind": "ecr",
        "auth": "keys",
        "username": "AKIAIOSFODNN7EXAMPLE",
    }
    entry.update(changes)
    return entry


def names(catalog: Catalog) -> list[str]:
    return [registry.name for registry in catalog.list_registries()]


def test_an_endpoint_override_in_the_file_is_dropped_and_reported(
    catalog: Catalog, tmp_path: Path
) -> None:
    path = export_file(tmp_path / "in.json", ecr_entry(endpoint_url="http://127.0.0.1:34999"))

    report = import_catalog(catalog, path)

    added = catalog.find_registry("prod")
    assert added is not None
    assert added.endpoint_url == ""
    assert report.added_registries == ["prod"]
    assert report.notes == [
        'Registry "prod": the file named another AWS endpoint for it; that was ignored. '
        "An endpoint override is a setting of this computer, never imported."
    ]


def test_export_never_writes_the_endpoint_override(
    catalog: Catalog, registry: Registry, tmp_path: Path
) -> None:
    catalog.update_registry(replace(registry, endpoint_url="http://127.0.0.1:5000"))

    export_catalog(catalog, tmp_path / "out.json")

    text = (tmp_path / "out.json").read_text()
    assert "endpoint_url" not in text
    assert "127.0.0.1:5000" not in text


@pytest.mark.parametrize(
    ("entry", "where", "reason"),
    [
        (
            ecr_entry(host=f"{ECR_HOST}.evil.com"),
            "registries[0].host",
            "is not an Amazon ECR registry host",
        ),
        (ecr_entry(host="registry.example.com"), "registries[0].host", "not an Amazon ECR"),
        (
            {"name": "az", "host": "my-team.azurecr.io", "kind": "acr", "auth": "none"},
            "registries[0].host",
            "is not an Azure registry name",
        ),
        (
            {"name": "hub", "host": "evil.example.com", "kind": "dockerhub", "auth": "none"},
            "registries[0].host",
            "uses the host docker.io",
        ),
        (ecr_entry(name="pro\u202eduction"), "registries[0].name", "U+202E"),
        (ecr_entry(name="x" * 65), "registries[0].name", "at most 64 characters"),
        (ecr_entry(scope=["Team A/*"]), "registries[0].scope", "is not a repository name"),
        (ecr_entry(username="akiaiosfodnn7example"), "registries[0].access_key_id", "lower"),
        (ecr_entry(auth="password"), "registries[0].auth", "cannot use the authentication"),
        (
            {
                "name": "g",
                "host": "r.example.com",
                "kind": "generic",
                "auth": "none",
                "scope": ["team-a/*"],
            },
            "registries[0].scope",
            "Only Amazon ECR registries have a repository scope",
        ),
        (ecr_entry(role_arn="arn:aws:iam::1:user/x"), "registries[0].role_arn", "IAM role ARN"),
    ],
)
def test_a_registry_the_dialog_would_refuse_refuses_the_whole_file(
    catalog: Catalog, tmp_path: Path, entry: dict[str, Any], where: str, reason: str
) -> None:
    good = {"name": "lab", "host": "registry.example.com", "kind": "generic", "auth": "none"}
    path = export_file(tmp_path / "in.json", entry, good)
    before = names(catalog)

    with pytest.raises(ImportFileInvalid) as raised:
        import_catalog(catalog, path)

    assert f"damaged at {where}:" in raised.value.message
    assert reason in raised.value.message
    assert "Nothing was imported." in raised.value.message
    assert names(catalog) == before


def test_hosts_are_stored_normalised(catalog: Catalog, tmp_path: Path) -> None:
    path = export_file(tmp_path / "in.json", ecr_entry(host=f"HTTPS://{ECR_HOST.upper()}./"))

    import_catalog(catalog, path)

    added = catalog.find_registry("prod")
    assert added is not None and added.host == ECR_HOST


def test_a_huge_value_in_the_file_is_quoted_short(catalog: Catalog, tmp_path: Path) -> None:
    path = export_file(tmp_path / "in.json", ecr_entry(kind="k" * 100_000))

    with pytest.raises(ImportFileInvalid) as raised:
        import_catalog(catalog, path)

    assert len(raised.value.message) < 300
    assert "…" in raised.value.message
