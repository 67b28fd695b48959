"""The demo's private ECR: namespaced repositories in two regions, each with tags.

Every repository gets a few version tags, ``latest`` shares the digest of the
newest version, and ``team-a/api`` in us-east-1 also holds one untagged image
(an old build whose tag moved on). Images are pushed with ``put_image`` through
the endpoint, like a real push would register them.

moto quirks seen here (5.2.5): ``DescribeImages`` ignores ``filter.tagStatus``
(``ListImages`` honours it), an untagged image has no ``imageTags`` key at all,
and every image's ``imagePushedAt`` is the moment of the push. So that the demo
shows believable history, :func:`seed_ecr` then backdates the push times in
moto's backend objects (``Image.image_pushed_at``, epoch seconds) when the
server runs in this process, which the demo's server always does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from imagedesk.demo.clients import demo_client
from imagedesk.demo.manifests import build_manifest
from imagedesk.demo.seed_model import DEMO_ACCOUNT_ID, DemoImage
from imagedesk.demo.server import DemoServer

logger = logging.getLogger(__name__)

_SHARED_REPOSITORIES = (
    "platform/base",
    "platform/python",
    "platform/node",
    "data/etl",
    "ml/notebook",
    "tools/ci-runner",
    "coder/workspace",
)

DEMO_REPOSITORIES: dict[str, tuple[str, ...]] = {
    "us-east-1": (
        *_SHARED_REPOSITORIES,
        "platform/go",
        "platform/java",
        "platform/dotnet",
        "platform/rust",
        "platform/ubuntu-dev",
        "team-a/api",
        "team-a/worker",
        "team-a/scheduler",
        "team-a/frontend",
        "team-b/web",
        "team-b/auth",
        "team-b/search",
        "team-b/notifications",
        "data/airflow",
        "data/spark",
        "data/dbt",
        "ml/training",
        "ml/serving",
        "ml/cuda-base",
        "security/scanner",
        "tools/terraform",
        "tools/kubectl",
        "coder/enterprise-base",
    ),
    "eu-west-1": (
        *_SHARED_REPOSITORIES,
        "team-eu/api",
        "team-eu/web",
        "team-eu/worker",
        "data/warehouse-loader",
        "compliance/gdpr-export",
    ),
}

# Repositories with tags that follow their own scheme rather than semantic versions.
_SPECIAL_TAGS: dict[str, tuple[str, ...]] = {
    "platform/python": ("3.10", "3.11", "3.12", "3.13"),
    "platform/node": ("18", "20", "22"),
    "platform/ubuntu-dev": ("22.04", "24.04"),
    "platform/java": ("17", "21"),
    "ml/cuda-base": ("12.2-cudnn8", "12.4-cudnn9"),
}

UNTAGGED_IMAGE_AT = ("us-east-1", "team-a/api")

_SEED_THREADS = 4


def version_tags(repository: str) -> tuple[str, ...]:
    """The version tags of ``repository``, oldest first (``latest`` comes on top)."""
    if repository in _SPECIAL_TAGS:
        return _SPECIAL_TAGS[repository]

    count = 2 + sum(repository.encode()) % 4
    return tuple(f"1.{minor}.0" for minor in range(count))


def uses_oci(repository: str) -> bool:
    """ML and data images are pushed as OCI manifests, the rest as Docker v2."""
    return repository.startswith(("ml/", "data/"))


def seed_ecr(endpoint_url: str) -> tuple[DemoImage, ...]:
    """Create the demo repositories and push their images in both regions."""
    work = [
        (region, repository)
        for region, repositories in DEMO_REPOSITORIES.items()
        for repository in repositories
    ]
    clients = {
        region: demo_client("ecr", endpoint_url, region=region) for region in DEMO_REPOSITORIES
    }

    with ThreadPoolExecutor(max_workers=_SEED_THREADS, thread_name_prefix="demo-seed") as pool:
        batches = pool.map(lambda item: _seed_repository(clients[item[0]], *item), work)
        images = tuple(image for batch in batches for image in batch)

    images = _backdate_pushes(endpoint_url, images)
    logger.debug("Seeded %d repositories and %d images", len(work), len(images))
    return images


def _seed_repository(client: Any, region: str, repository: str) -> list[DemoImage]:
    client.create_repository(
        repositoryName=repository,
        imageScanningConfiguration={"scanOnPush": repository.startswith("platform/")},
        tags=[{"Key": "team", "Value": repository.split("/")[0]}],
    )

    images: list[DemoImage] = []
    if (region, repository) == UNTAGGED_IMAGE_AT:
        images.append(_push(client, region, repository, "build-0", tags=()))

    versions = version_tags(repository)
    for version in versions[:-1]:
        images.append(_push(client, region, repository, version, tags=(version,)))
    images.append(_push(client, region, repository, versions[-1], tags=(versions[-1], "latest")))
    return images


def _push(
    client: Any, region: str, repository: str, build: str, *, tags: tuple[str, ...]
) -> DemoImage:
    """Push one manifest under each of ``tags`` (or untagged when there are none)."""
    manifest = build_manifest(f"{region}/{repository}", build, oci=uses_oci(repository))
    common = {
        "repositoryName": repository,
        "imageManifest": manifest.text,
        "imageManifestMediaType": manifest.media_type,
        "imageDigest": manifest.digest,
    }

    if not tags:
        client.put_image(**common)
    for tag in tags:
        client.put_image(**common, imageTag=tag)

    return DemoImage(
        region=region,
        repository=repository,
        digest=manifest.digest,
        tags=tags,
        media_type=manifest.media_type,
        size_bytes=manifest.size_bytes,
    )


def push_times(images: tuple[DemoImage, ...], now: datetime) -> list[datetime]:
    """Believable push times: the newest image of a repository hours old, older ones weeks.

    ``images`` is in push order; the result matches it item for item.
    """
    times: list[datetime] = []
    for index, image in enumerate(images):
        later = [other for other in images[index + 1 :] if other.repository == image.repository]
        later_same_region = [other for other in later if other.region == image.region]
        jitter = int(hashlib.sha256(image.digest.encode()).hexdigest()[:6], 16)
        age = timedelta(hours=2 + jitter % 70, days=11 * len(later_same_region))
        times.append((now - age).replace(microsecond=0))
    return times


def _backdate_pushes(endpoint_url: str, images: tuple[DemoImage, ...]) -> tuple[DemoImage, ...]:
    server = DemoServer.current()
    if server is None or server.endpoint_url != endpoint_url:
        logger.debug("Endpoint not in this process; push times stay as moto set them")
        return images

    from moto.ecr.models import ecr_backends

    times = push_times(images, datetime.now(UTC))
    for image, pushed_at in zip(images, times, strict=True):
        repository = ecr_backends[DEMO_ACCOUNT_ID][image.region].repositories[image.repository]
        for stored in repository.images:
            if stored.image_digest == image.digest:
                stored.image_pushed_at = int(pushed_at.timestamp())

    return tuple(
        dataclasses.replace(image, pushed_at=pushed_at)
        for image, pushed_at in zip(images, times, strict=True)
    )
