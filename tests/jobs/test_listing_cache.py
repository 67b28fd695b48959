"""The session cache keeps listings packed, out of the garbage collector's way."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import UTC, datetime

from imagedesk.domain.models import ImageInfo, RepositoryInfo
from imagedesk.jobs.listing_cache import ListingCache, PackedItems

CREATED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _repositories(count: int) -> list[RepositoryInfo]:
    return [
        RepositoryInfo(f"team/service-{n:05d}", f"123.dkr/team/service-{n:05d}", CREATED)
        for n in range(count)
    ]


def test_a_cached_listing_comes_back_equal_as_fresh_items() -> None:
    cache = ListingCache(clock=lambda: 100.0)
    images = (
        ImageInfo("sha256:aaa", ("latest", "v1"), CREATED, 1024, "application/json", "DONE"),
        ImageInfo("sha256:bbb"),
    )
    stored = cache.put("images", images)

    again = cache.get("images")

    assert again is not None and again is not stored
    assert again.items == images and again.listed_at == 100.0
    assert again.items[0] is not images[0]
    assert again.items is again.items  # unpacked once per listing
    assert len(again) == 2


def test_plain_values_and_mixed_kinds_are_kept_as_they_are() -> None:
    cache = ListingCache()
    cache.put("tags", ("latest", "v0", "v1"))
    mixed: PackedItems[object] = PackedItems([RepositoryInfo("a")])
    mixed.extend([ImageInfo("sha256:ccc"), RepositoryInfo("b")])

    tags = cache.get("tags")

    assert tags is not None and tags.items == ("latest", "v0", "v1")
    assert mixed.unpacked() == (RepositoryInfo("a"), ImageInfo("sha256:ccc"), RepositoryInfo("b"))


def test_dataclasses_with_one_field_or_derived_fields_round_trip() -> None:
    @dataclass(frozen=True)
    class Name:
        value: str

    @dataclass(frozen=True)
    class Derived:
        value: str
        length: int = field(init=False, default=0)

    assert PackedItems([Name("x"), Name("y")]).unpacked() == (Name("x"), Name("y"))
    assert PackedItems([Derived("x")]).unpacked() == (Derived("x"),)


def test_ten_thousand_cached_repositories_give_the_collector_almost_nothing_to_walk() -> None:
    cache = ListingCache()
    gc.collect()
    tracked_before = len(gc.get_objects())

    cache.put("repos", _packed_in_pages(_repositories(10_000)))
    gc.collect()

    assert len(gc.get_objects()) - tracked_before < 50
    listing = cache.get("repos")
    assert listing is not None and len(listing.items) == 10_000
    assert listing.items[9_999] == RepositoryInfo(
        "team/service-09999", "123.dkr/team/service-09999", CREATED
    )


def _packed_in_pages(items: list[RepositoryInfo]) -> PackedItems[RepositoryInfo]:
    """As a listing job packs them: page by page, the items themselves then dropped."""
    packed: PackedItems[RepositoryInfo] = PackedItems()
    for start in range(0, len(items), 1000):
        packed.extend(items[start : start + 1000])
    return packed
