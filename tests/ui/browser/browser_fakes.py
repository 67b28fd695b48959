"""A paging registry client for the browser tests: N repositories in pages of 1000,
ECR-shaped image details, a page it can hold back and a page it can fail on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport
from imagedesk.domain.errors import NotFound, RegistryError
from imagedesk.domain.models import ImageInfo, Registry, RepositoryInfo, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import RegistryClient, StepCallback
from imagedesk.registry.ecr.listing import image_info

PUSHED = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
SHARED_DIGEST = "sha256:" + "1" * 64
UNTAGGED_DIGEST = "sha256:" + "2" * 64
OLD_DIGEST = "sha256:" + "3" * 64

# What DescribeImages returns for "apps/web": one manifest under two tags, one image
# whose detail has no imageTags key at all, and an older tagged one.
WEB_IMAGE_DETAILS: list[dict[str, Any]] = [
    {
        "imageDigest": SHARED_DIGEST,
        "imageTags": ["v1", "latest"],
        "imagePushedAt": PUSHED,
        "imageSizeInBytes": 52_428_800,
    },
    {"imageDigest": UNTAGGED_DIGEST, "imagePushedAt": PUSHED, "imageSizeInBytes": 1024},
    {"imageDigest": OLD_DIGEST, "imageTags": ["v0"], "imagePushedAt": PUSHED},
]


def repository_name(index: int) -> str:
    return f"team-{index % 7}/service-{index:05d}"


class PagingRegistry:
    """Shared by every client its factory builds, so a test can steer and inspect them."""

    def __init__(self, repository_count: int = 2200, page_size: int = 1000) -> None:
        self.repository_count = repository_count
        self.page_size = page_size
        self.repository_listings = 0
        self.image_listings: list[str] = []
        self.pages_served = 0
        self.hold_before_page: int | None = None  # 1-based page number to hold back
        self.holding = threading.Event()
        self.release = threading.Event()
        self.fail_on_page: int | None = None
        self.error: RegistryError = RegistryError("The registry answered with an error.")

    def factory(
        self, registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> RegistryClient:
        return PagingClient(self)

    def page_gate(self, number: int, cancel: CancelToken) -> None:
        if number == self.hold_before_page:
            self.holding.set()
            self.release.wait(10)
        cancel.raise_if_cancelled()
        if number == self.fail_on_page:
            raise self.error


class PagingClient:
    def __init__(self, shared: PagingRegistry) -> None:
        self._shared = shared

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        return DiagnosisReport()

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        shared = self._shared
        shared.repository_listings += 1
        for number, start in enumerate(range(0, shared.repository_count, shared.page_size), 1):
            shared.page_gate(number, cancel)
            stop = min(start + shared.page_size, shared.repository_count)
            shared.pages_served += 1
            yield [RepositoryInfo(repository_name(index)) for index in range(start, stop)]

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        self._shared.image_listings.append(repository)
        if repository == "apps/web":
            yield [image_info(detail) for detail in WEB_IMAGE_DETAILS[:2]]
            # The same manifest again on a later page, as a paginated answer may show it.
            yield [image_info(detail) for detail in (WEB_IMAGE_DETAILS[0], WEB_IMAGE_DETAILS[2])]
            return
        if repository.startswith("team-"):
            yield [ImageInfo("sha256:" + "9" * 64, ("latest",), PUSHED, 2048)]
            return
        raise NotFound(f"No repository named {repository}.")

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        return sorted(
            tag
            for page in self.iter_image_pages(repository, cancel)
            for i in page
            for tag in i.tags
        )
