"""Registries in the catalog: names, duplicates, deletion rules, tests and the default entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from imagedesk.domain.errors import FieldError, RegistryInUse
from imagedesk.domain.models import (
    AuthMethod,
    Image,
    Registry,
    RegistryKind,
    Resources,
    Settings,
    TestResult,
)
from imagedesk.store.catalog import Catalog

ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def ecr(name: str = "prod", host: str = ECR_HOST, key: str = "AKIAEXAMPLE") -> Registry:
    return Registry(
        name=name, host=host, kind=RegistryKind.ECR, auth=AuthMethod.KEYS, username=key
    )


def image_of(registry: Registry, repository: str = "team-a/api") -> Image:
    return Image(
        registry_id=int(registry.id or 0),
        repository=repository,
        default_tag="latest",
        resources=Resources(cpu_cores=1, memory_gb=2, disk_gb=10),
    )


def test_a_new_catalog_holds_the_docker_hub_entry(catalog: Catalog) -> None:
    [default] = catalog.list_registries()
    assert (default.host, default.kind, default.auth) == (
        "docker.io",
        RegistryKind.DOCKER_HUB,
        AuthMethod.NONE,
    )


def test_added_registry_comes_back_with_an_id(catalog: Catalog) -> None:
    added = catalog.add_registry(ecr())
    assert added.id is not None
    assert catalog.get_registry(added.id) == added
    assert added.name == "prod"


def test_trailing_space_makes_the_same_name(catalog: Catalog) -> None:
    catalog.add_registry(ecr("prod"))
    with pytest.raises(FieldError) as raised:
        catalog.add_registry(ecr("prod ", key="AKIAOTHER"))
    assert raised.value.field == "name"
    assert catalog.find_registry("  PROD ") is not None


def test_stored_name_is_trimmed(catalog: Catalog) -> None:
    assert catalog.add_registry(ecr(" staging ")).name == "staging"


def test_same_host_with_same_username_is_refused(catalog: Catalog) -> None:
    catalog.add_registry(ecr("prod"))
    with pytest.raises(FieldError) as raised:
        catalog.add_registry(ecr("prod-copy"))
    assert raised.value.field == "host"


def test_same_host_with_other_keys_is_accepted(catalog: Catalog) -> None:
    catalog.add_registry(ecr("prod"))
    assert catalog.add_registry(ecr("prod-ci", key="AKIAOTHER")).id is not None


def test_same_host_and_keys_with_another_scope_is_accepted(catalog: Catalog) -> None:
    catalog.add_registry(replace(ecr("team-a"), scope=("team-a/*",)))

    added = catalog.add_registry(replace(ecr("team-b"), scope=("team-b/*",)))

    assert added.scope == ("team-b/*",)


def test_same_host_keys_and_scope_in_another_order_is_refused(catalog: Catalog) -> None:
    catalog.add_registry(replace(ecr("first"), scope=("a/x", "b/y")))

    with pytest.raises(FieldError) as raised:
        catalog.add_registry(replace(ecr("second"), scope=("b/y", "a/x")))

    assert raised.value.field == "host"
    assert "same credentials and scope" in raised.value.message


def test_rename_to_its_own_name_with_other_case_is_accepted(catalog: Catalog) -> None:
    added = catalog.add_registry(ecr("prod"))
    assert catalog.update_registry(Registry(**{**added.__dict__, "name": "Prod"})).name == "Prod"


def test_rename_onto_another_name_is_refused(catalog: Catalog) -> None:
    catalog.add_registry(ecr("prod"))
    other = catalog.add_registry(ecr("dev", key="AKIADEV"))
    with pytest.raises(FieldError):
        catalog.update_registry(Registry(**{**other.__dict__, "name": "PROD"}))
    assert catalog.get_registry(int(other.id or 0)).name == "dev"


def test_deleting_a_used_registry_names_the_images(catalog: Catalog) -> None:
    registry = catalog.add_registry(ecr())
    catalog.add_image(image_of(registry, "team-a/api"))
    catalog.add_image(image_of(registry, "platform/base"))

    with pytest.raises(RegistryInUse) as raised:
        catalog.delete_registry(int(registry.id or 0))

    assert raised.value.images == ("platform/base", "team-a/api")
    assert "team-a/api" in raised.value.message
    assert catalog.find_registry("prod") is not None


def test_a_registry_used_by_one_image_says_it_in_the_singular(catalog: Catalog) -> None:
    registry = catalog.add_registry(ecr())
    catalog.add_image(image_of(registry, "team-a/api"))

    with pytest.raises(RegistryInUse) as raised:
        catalog.delete_registry(int(registry.id or 0))

    assert raised.value.message == (
        'The registry "prod" is used by 1 image: team-a/api. Remove it first.'
    )


def test_unused_registry_is_deleted(catalog: Catalog) -> None:
    registry = catalog.add_registry(ecr())
    catalog.delete_registry(int(registry.id or 0))
    assert catalog.find_registry("prod") is None


def test_test_result_is_recorded_and_cleared_by_a_host_change(catalog: Catalog) -> None:
    registry = catalog.add_registry(ecr())
    result = TestResult(at=datetime(2025, 1, 2, 3, 4, tzinfo=UTC), ok=True, summary="12 repos")
    catalog.record_test(int(registry.id or 0), result)
    tested = catalog.get_registry(int(registry.id or 0))
    assert tested.last_test == result

    moved = Registry(**{**tested.__dict__, "host": "210987654321.dkr.ecr.eu-west-1.amazonaws.com"})
    assert catalog.update_registry(moved).last_test is None


def test_turning_off_the_default_registry_removes_it(catalog: Catalog) -> None:
    catalog.save_settings(Settings(import_default_registry=False))
    assert catalog.list_registries() == []
    assert catalog.load_settings().import_default_registry is False

    catalog.save_settings(Settings(import_default_registry=True))
    assert [registry.host for registry in catalog.list_registries()] == ["docker.io"]


def test_default_registry_in_use_stays_and_the_switch_is_not_saved(catalog: Catalog) -> None:
    [docker_hub] = catalog.list_registries()
    catalog.add_image(image_of(docker_hub, "library/nginx"))

    with pytest.raises(RegistryInUse):
        catalog.save_settings(Settings(import_default_registry=False))

    assert catalog.load_settings().import_default_registry is True
    assert len(catalog.list_registries()) == 1


def test_settings_round_trip(catalog: Catalog) -> None:
    settings = Settings(ecr_role_auth=True, extra={"theme": "dark"})
    catalog.save_settings(settings)
    assert catalog.load_settings() == settings


def test_default_entry_is_not_readded_on_reopen_after_deletion(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    first = Catalog.open(path)
    [docker_hub] = first.list_registries()
    first.delete_registry(int(docker_hub.id or 0))
    first.close()

    second = Catalog.open(path)
    assert second.list_registries() == []
    second.close()
