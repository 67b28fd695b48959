"""Fixtures for the store tests: an open catalog in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.store.catalog import Catalog

ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog.open(tmp_path / "catalog.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def registry(catalog: Catalog) -> Registry:
    return catalog.add_registry(
        Registry(
            name="prod",
            host=ECR_HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )


def make_image(registry_id: int, repository: str = "team-a/api", tags: int = 2) -> Image:
    return Image(
        registry_id=registry_id,
        repository=repository,
        default_tag="latest",
        resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
        description="The API service",
        tags=tuple(
            ImageTag(name, digest=f"sha256:{index:064x}")
            for index, name in enumerate(["latest", *(f"v{n}" for n in range(1, tags))])
        ),
    )
