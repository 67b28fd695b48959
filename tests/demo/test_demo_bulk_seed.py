"""Bulk seeding for the benchmarks, in-process and through the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from imagedesk.demo.bulk_seed import (
    bulk_repository_names,
    seed_many_images,
    seed_many_repositories,
)
from imagedesk.demo.clients import demo_client
from imagedesk.demo.server import DemoServer


@pytest.fixture
def endpoint_url() -> Iterator[str]:
    """A bare (unseeded, no access control) server, fresh for each test."""
    server = DemoServer(purpose="test")
    yield server.start()
    server.stop()


def _repository_names(client: Any) -> list[str]:
    pages = client.get_paginator("describe_repositories").paginate()
    return [repo["repositoryName"] for page in pages for repo in page["repositories"]]


def test_names_are_distinct_and_namespaced() -> None:
    names = bulk_repository_names(2200)

    assert len(set(names)) == 2200
    assert names[0] == "bulk/team-00/service-00000"
    assert names[-1] == "bulk/team-39/service-02199"


def test_many_repositories_in_process(endpoint_url: str) -> None:
    created = seed_many_repositories(endpoint_url, 2200, "eu-west-1")

    listed = _repository_names(demo_client("ecr", endpoint_url, region="eu-west-1"))
    assert listed == created
    assert _repository_names(demo_client("ecr", endpoint_url, region="us-east-1")) == []


def test_many_images_in_process(endpoint_url: str) -> None:
    digests = seed_many_images(endpoint_url, "bench/big", 300)

    details = demo_client("ecr", endpoint_url).describe_images(repositoryName="bench/big")
    tags = {image["imageDigest"]: image["imageTags"] for image in details["imageDetails"]}
    assert len(set(digests)) == 300
    assert set(tags) == set(digests)
    assert tags[digests[0]] == ["1.0.0"]
    assert tags[digests[-1]] == ["1.0.299", "latest"]


def test_the_api_path_gives_the_same_records(endpoint_url: str) -> None:
    created = seed_many_repositories(endpoint_url, 30, via_api=True)
    digests = seed_many_images(endpoint_url, "bench/small", 20, via_api=True)

    client = demo_client("ecr", endpoint_url)
    details = client.describe_images(repositoryName="bench/small")["imageDetails"]
    assert sorted(_repository_names(client)) == sorted([*created, "bench/small"])
    assert {image["imageDigest"] for image in details} == set(digests)
    assert ["1.0.19", "latest"] in [sorted(image["imageTags"]) for image in details]
