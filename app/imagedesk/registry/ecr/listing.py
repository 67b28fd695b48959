"""Streams repositories and images out of ECR, page by page.

Pages are as large as the API allows (1000), and each one is handed to the caller as
soon as it arrives, so the first page shows while the rest load. When botocore's own
bounded retries give up on throttling, the listing waits (cancellably) and resumes
from the last page token instead of starting over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import Throttled
from imagedesk.domain.models import ImageInfo, RepositoryInfo
from imagedesk.registry.ecr.errors import classify
from imagedesk.registry.ecr.token_cache import as_utc

if TYPE_CHECKING:
    from mypy_boto3_ecr import ECRClient
    from mypy_boto3_ecr.type_defs import PaginatorConfigTypeDef

logger = logging.getLogger(__name__)

PAGE_SIZE = 1000
NAMES_PER_CALL = 100  # DescribeRepositories accepts at most 100 repositoryNames
THROTTLE_RETRIES = 3
THROTTLE_BACKOFF_SECONDS = (2.0, 5.0, 10.0)

DESCRIBE_REPOSITORIES = "ecr:DescribeRepositories"
DESCRIBE_IMAGES = "ecr:DescribeImages"

RetryNotice = Callable[[str], None]
Page = Mapping[str, Any]


def iter_repository_pages(
    ecr: ECRClient,
    registry_id: str,
    cancel: CancelToken,
    *,
    on_retry: RetryNotice | None = None,
) -> Iterator[list[RepositoryInfo]]:
    """Every repository of the registry, one list per API page."""

    def pages(start: str | None) -> Iterator[Page]:
        paginator = ecr.get_paginator("describe_repositories")
        config: PaginatorConfigTypeDef = {"PageSize": PAGE_SIZE}
        if start:
            config["StartingToken"] = start
        yield from paginator.paginate(registryId=registry_id, PaginationConfig=config)

    for page in _resumable(pages, DESCRIBE_REPOSITORIES, "", cancel, on_retry):
        yield [repository_info(item) for item in page.get("repositories", [])]


def describe_named_repositories(
    ecr: ECRClient, registry_id: str, names: Sequence[str], cancel: CancelToken
) -> list[RepositoryInfo]:
    """The named repositories, in batches of 100. Raises NotFound naming a missing one."""
    found: list[RepositoryInfo] = []
    for start in range(0, len(names), NAMES_PER_CALL):
        cancel.raise_if_cancelled()
        batch = list(names[start : start + NAMES_PER_CALL])
        subject = ", ".join(batch)
        try:
            answer = ecr.describe_repositories(registryId=registry_id, repositoryNames=batch)
        except (ClientError, BotoCoreError) as error:
            raise classify(error, DESCRIBE_REPOSITORIES, subject=subject) from error
        found.extend(repository_info(item) for item in answer.get("repositories", []))
    return found


def iter_image_pages(
    ecr: ECRClient,
    registry_id: str,
    repository: str,
    cancel: CancelToken,
    *,
    on_retry: RetryNotice | None = None,
) -> Iterator[list[ImageInfo]]:
    """One ImageInfo per digest (with all its tags), one list per API page."""

    def pages(start: str | None) -> Iterator[Page]:
        paginator = ecr.get_paginator("describe_images")
        config: PaginatorConfigTypeDef = {"PageSize": PAGE_SIZE}
        if start:
            config["StartingToken"] = start
        yield from paginator.paginate(
            registryId=registry_id, repositoryName=repository, PaginationConfig=config
        )

    for page in _resumable(pages, DESCRIBE_IMAGES, repository, cancel, on_retry):
        yield [image_info(detail) for detail in page.get("imageDetails", [])]


def first_image_page(
    ecr: ECRClient, registry_id: str, repository: str, cancel: CancelToken
) -> list[ImageInfo]:
    """A cheap read of up to 10 images, used by the diagnosis to prove read access."""
    cancel.raise_if_cancelled()
    try:
        answer = ecr.describe_images(
            registryId=registry_id, repositoryName=repository, maxResults=10
        )
    except (ClientError, BotoCoreError) as error:
        raise classify(error, DESCRIBE_IMAGES, subject=repository) from error
    return [image_info(detail) for detail in answer.get("imageDetails", [])]


def _resumable(
    pages: Callable[[str | None], Iterator[Page]],
    action: str,
    subject: str,
    cancel: CancelToken,
    on_retry: RetryNotice | None,
) -> Iterator[Page]:
    """Pages from ``pages(start_token)``, resumed from the last token after throttling."""
    next_token: str | None = None
    retries_left = THROTTLE_RETRIES
    while True:
        cancel.raise_if_cancelled()
        try:
            for page in pages(next_token):
                cancel.raise_if_cancelled()
                yield page
                retries_left = THROTTLE_RETRIES
                next_token = page.get("nextToken")
                if not next_token:
                    return
                cancel.raise_if_cancelled()  # before the paginator fetches the next page
            return
        except (ClientError, BotoCoreError) as error:
            failure = classify(error, action, subject=subject)
            if not isinstance(failure, Throttled) or retries_left == 0:
                raise failure from error
            pause = THROTTLE_BACKOFF_SECONDS[THROTTLE_RETRIES - retries_left]
            retries_left -= 1
            logger.info("%s throttled; retrying in %.0f s", action, pause)
            if on_retry is not None:
                on_retry(f"AWS is throttling {action}; retrying in {pause:.0f} s")
            if cancel.wait(pause):
                cancel.raise_if_cancelled()


def repository_info(item: Mapping[str, Any]) -> RepositoryInfo:
    created = item.get("createdAt")
    return RepositoryInfo(
        name=str(item["repositoryName"]),
        uri=str(item.get("repositoryUri", "")),
        created_at=as_utc(created) if isinstance(created, datetime) else None,
    )


def image_info(detail: Mapping[str, Any]) -> ImageInfo:
    """An image detail as ECR returns it; a missing ``imageTags`` means untagged."""
    pushed = detail.get("imagePushedAt")
    size = detail.get("imageSizeInBytes")
    scan = detail.get("imageScanStatus") or {}
    return ImageInfo(
        digest=str(detail.get("imageDigest", "")),
        tags=tuple(sorted(detail.get("imageTags") or ())),
        pushed_at=as_utc(pushed) if isinstance(pushed, datetime) else None,
        size_bytes=int(size) if isinstance(size, int) else None,
        media_type=str(
            detail.get("imageManifestMediaType") or detail.get("artifactMediaType") or ""
        ),
        scan_status=str(scan.get("status", "")),
    )


def all_tags(pages: Iterator[list[ImageInfo]]) -> list[str]:
    """Every tag found on the pages, sorted."""
    return sorted({tag for page in pages for image in page for tag in image.tags})
