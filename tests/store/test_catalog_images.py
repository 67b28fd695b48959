"""Images and their tags in the catalog."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import ImageTag, Registry, Resources
from imagedesk.store.catalog import Catalog

from .conftest import make_image


def test_image_comes_back_whole(catalog: Catalog, registry: Registry) -> None:
    added = catalog.add_image(make_image(int(registry.id or 0), tags=3))

    assert added.id is not None
    assert added.imported_at is not None
    assert [tag.name for tag in added.tags] == ["latest", "v1", "v2"]
    assert catalog.get_image(added.id) == added
    assert catalog.list_images() == [added]


def test_default_tag_is_added_when_missing_from_tags(catalog: Catalog, registry: Registry) -> None:
    image = replace(make_image(int(registry.id or 0)), default_tag="stable")
    assert [tag.name for tag in catalog.add_image(image).tags] == ["stable", "latest", "v1"]


def test_same_repository_twice_is_refused(catalog: Catalog, registry: Registry) -> None:
    catalog.add_image(make_image(int(registry.id or 0)))
    with pytest.raises(FieldError) as raised:
        catalog.add_image(make_image(int(registry.id or 0)))
    assert raised.value.field == "repository"


@pytest.mark.parametrize("memory", [-1.0, float("nan"), 0.0, 5000.0])
def test_memory_out_of_range_is_refused(
    catalog: Catalog, registry: Registry, memory: float
) -> None:
    image = replace(make_image(int(registry.id or 0)), resources=Resources(1, memory, 10))
    with pytest.raises(FieldError) as raised:
        catalog.add_image(image)
    assert raised.value.field == "memory_gb"
    assert catalog.list_images() == []


def test_edit_is_saved_and_audited(catalog: Catalog, registry: Registry) -> None:
    added = catalog.add_image(make_image(int(registry.id or 0)))
    edited = replace(added, description="Public API", resources=Resources(4, 4, 20))

    saved = catalog.update_image(edited)

    assert saved.description == "Public API"
    assert saved.resources.cpu_cores == 4
    changes = {(entry.old, entry.new) for entry in catalog.list_audit("team-a/api")}
    assert ("The API service", "Public API") in changes
    assert ("2", "4") in changes


def test_default_tag_cannot_be_deprecated_or_removed(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)

    with pytest.raises(FieldError, match="default tag"):
        catalog.deprecate_tag(image_id, "latest")
    with pytest.raises(FieldError, match="default tag"):
        catalog.remove_tag(image_id, "latest")

    catalog.set_default_tag(image_id, "v1")
    catalog.deprecate_tag(image_id, "latest")
    catalog.remove_tag(image_id, "latest")
    image = catalog.get_image(image_id)
    assert (image.default_tag, [tag.name for tag in image.tags]) == ("v1", ["v1"])


def test_deprecated_tag_cannot_become_the_default(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    catalog.deprecate_tag(image_id, "v1")

    with pytest.raises(FieldError):
        catalog.set_default_tag(image_id, "v1")

    catalog.deprecate_tag(image_id, "v1", deprecated=False)
    catalog.set_default_tag(image_id, "v1")
    assert catalog.get_image(image_id).default_tag == "v1"


def test_tag_added_twice_is_refused(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    catalog.add_tag(image_id, ImageTag("v9"))
    with pytest.raises(FieldError):
        catalog.add_tag(image_id, ImageTag("v9"))
    assert [tag.name for tag in catalog.get_image(image_id).tags] == ["latest", "v1", "v9"]


def test_moved_tag_keeps_both_digests(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    before = catalog.get_image(image_id).tags[0]
    pushed = datetime(2025, 6, 1, tzinfo=UTC)

    moved = catalog.update_tag_digest(image_id, "latest", "sha256:" + "f" * 64, pushed)

    assert moved.moved
    assert moved.previous_digest == before.digest
    assert (moved.digest, moved.pushed_at) == ("sha256:" + "f" * 64, pushed)
    catalog.acknowledge_tag_move(image_id, "latest")
    assert not catalog.get_image(image_id).tags[0].moved


def test_image_deprecation_round_trip(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    catalog.set_image_deprecated(image_id, True)
    assert catalog.get_image(image_id).deprecated
    catalog.set_image_deprecated(image_id, False)
    assert not catalog.get_image(image_id).deprecated


def test_deleting_an_image_takes_its_tags(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    catalog.delete_image(image_id)
    assert catalog.list_images() == []
    catalog.delete_registry(int(registry.id or 0))  # no image keeps it in use any more
    assert catalog.find_registry("prod") is None


def test_a_failed_batch_keeps_nothing(catalog: Catalog, registry: Registry) -> None:
    with pytest.raises(FieldError), catalog.batch():
        catalog.add_image(make_image(int(registry.id or 0), "team-a/api"))
        catalog.add_image(make_image(int(registry.id or 0), "Not A Valid Name"))
    assert catalog.list_images() == []


def test_every_change_is_audited_newest_first(catalog: Catalog, registry: Registry) -> None:
    image_id = int(catalog.add_image(make_image(int(registry.id or 0))).id or 0)
    catalog.add_tag(image_id, ImageTag("v2"))
    catalog.set_default_tag(image_id, "v2")

    whats = [entry.what for entry in catalog.list_audit()]

    assert whats[:3] == [
        'image "prod: team-a/api": default tag',
        'image "prod: team-a/api": tag added',
        'image "prod: team-a/api": imported',
    ]
    assert 'registry "prod": added' in whats
    assert catalog.list_audit("DEFAULT TAG")[0].new == "v2"
    assert catalog.list_audit("no such thing") == []
