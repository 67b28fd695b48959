"""Registry jobs: streamed pages, the session cache, the client pool and tag lookups."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport
from imagedesk.domain.models import (
    AuthMethod,
    ImageInfo,
    Registry,
    RegistryKind,
    RepositoryInfo,
    Settings,
)
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.jobs.client_pool import ClientPool
from imagedesk.jobs.listing_cache import ListingCache, describe_age
from imagedesk.jobs.registry_jobs import RegistryJobs
from imagedesk.jobs.runner import JobRunner
from imagedesk.registry.base import RegistryClient, StepCallback

REGISTRY = Registry(
    name="prod",
    host="123456789012.dkr.ecr.us-east-1.amazonaws.com",
    kind=RegistryKind.ECR,
    auth=AuthMethod.KEYS,
    id=7,
    username="AKIAEXAMPLE",
)


class FakeClient:
    """Two pages of repositories; images of ``team-a/api`` with two tags on one digest."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        self.calls.append("test")
        return DiagnosisReport()

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        self.calls.append("repos")
        yield [RepositoryInfo("platform/base"), RepositoryInfo("team-a/api")]
        yield [RepositoryInfo("team-b/web")]

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        self.calls.append(f"images {repository}")
        yield [ImageInfo("sha256:aaa", ("v1", "latest")), ImageInfo("sha256:bbb", ())]
        yield [ImageInfo("sha256:ccc", ("v0",))]

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        self.calls.append(f"tags {repository}")
        return ["latest", "v0", "v1"]

    def close(self) -> None:
        self.calls.append("close")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Built = tuple[RegistryJobs, list[FakeClient], Clock]


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def built(
    loop: asyncio.AbstractEventLoop,
) -> Iterator[tuple[RegistryJobs, list[FakeClient], Clock]]:
    clients: list[FakeClient] = []
    clock = Clock()

    def factory(
        registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> RegistryClient:
        clients.append(FakeClient())
        return clients[-1]

    runner = JobRunner(loop)
    pool = ClientPool(factory, lambda _id: RegistrySecrets(Secret("s")), Settings)
    yield RegistryJobs(runner, pool, ListingCache(300, clock), factory, Settings), clients, clock
    loop.run_until_complete(runner.shutdown(2.0))


def test_repositories_stream_page_by_page_then_come_from_the_cache(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, clients, clock = built
    pages: list[list[str]] = []

    def on_page(page: list[RepositoryInfo]) -> None:
        pages.append([repo.name for repo in page])

    listing = loop.run_until_complete(jobs.list_repositories(REGISTRY, on_page=on_page).result())
    loop.run_until_complete(asyncio.sleep(0))
    assert pages == [["platform/base", "team-a/api"], ["team-b/web"]]
    assert [repo.name for repo in listing.items] == ["platform/base", "team-a/api", "team-b/web"]

    clock.now += 120
    again = loop.run_until_complete(jobs.list_repositories(REGISTRY).result())
    assert again.items == listing.items
    assert clients[0].calls == ["repos"]  # no second API call within the age limit
    assert describe_age(jobs.cache.age_of(again)) == "listed 2 min ago"

    clock.now += 400
    loop.run_until_complete(jobs.list_repositories(REGISTRY).result())
    assert clients[0].calls == ["repos", "repos"]
    assert len(clients) == 1  # the pooled client (and its token cache) was reused


def test_invalidate_drops_the_client_and_the_listings(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, clients, _clock = built
    loop.run_until_complete(jobs.list_tags(REGISTRY, "team-a/api").result())
    jobs.invalidate(7)
    tags = loop.run_until_complete(jobs.list_tags(REGISTRY, "team-a/api").result())

    assert tags.items == ("latest", "v0", "v1")
    assert len(clients) == 2


def test_find_tags_maps_each_tag_to_its_digest(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, _clients, _clock = built
    found = loop.run_until_complete(
        jobs.find_tags(REGISTRY, "team-a/api", ["latest", "v1", "nope"]).result()
    )
    assert {tag: image.digest for tag, image in found.items()} == {
        "latest": "sha256:aaa",
        "v1": "sha256:aaa",
    }


def test_describe_age() -> None:
    assert describe_age(5) == "listed just now"
    assert describe_age(61) == "listed 1 min ago"
    assert describe_age(7300) == "listed 2 h ago"


def test_images_stream_and_are_cached_per_repository(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, clients, _clock = built
    pages: list[int] = []

    def on_page(page: list[ImageInfo]) -> None:
        pages.append(len(page))

    first = loop.run_until_complete(jobs.list_images(REGISTRY, "team-a/api", on_page=on_page))
    loop.run_until_complete(asyncio.sleep(0))
    again = loop.run_until_complete(jobs.list_images(REGISTRY, "team-a/api").result())

    assert pages == [2, 1]
    assert [image.digest for image in again.items] == ["sha256:aaa", "sha256:bbb", "sha256:ccc"]
    assert (again.items, again.listed_at) == (first.items, first.listed_at)
    assert clients[0].calls == ["images team-a/api"]


def test_a_one_off_connection_test_closes_its_client(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, clients, _ = built

    loop.run_until_complete(jobs.test_connection(REGISTRY, RegistrySecrets()).result())

    assert clients[-1].calls == ["test", "close"]


def test_invalidating_a_pooled_client_closes_it(
    loop: asyncio.AbstractEventLoop, built: Built
) -> None:
    jobs, clients, _ = built
    loop.run_until_complete(jobs.test_saved(REGISTRY).result())

    jobs.pool.invalidate(7)

    assert clients[-1].calls == ["test", "close"]
