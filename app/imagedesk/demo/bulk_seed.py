"""Bulk data for the benchmarks: thousands of repositories, thousands of images.

When the endpoint is the demo server running in this process (it always is for
the benchmarks, since ``ThreadedMotoServer`` runs in-process), the records are
written straight into moto's ECR backend objects: the same objects the server
answers from, created through the backend's own ``create_repository`` and
``put_image``, so they look exactly like pushed data, but without an HTTP
round trip and a signature check per record. For any other loopback endpoint
the records go through the API with a few threads, which needs keys that
access control accepts (the demo's ``admin``) once it is on.

Measured on 2 cores: 10,000 repositories in 0.2 s and 5,000 images in 1.8 s
in-process; through the API about 4 ms per record (10,000 repositories would
take some 40 s), so the API path (``via_api=True``) is for small counts only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from imagedesk.demo.clients import demo_client
from imagedesk.demo.manifests import BuiltManifest, build_manifest
from imagedesk.demo.seed_model import DEMO_ACCOUNT_ID
from imagedesk.demo.server import DemoServer

logger = logging.getLogger(__name__)

Credentials = tuple[str, str]  # access key id, secret access key
_API_THREADS = 8


def bulk_repository_names(count: int, prefix: str = "bulk") -> list[str]:
    """``count`` distinct namespaced names spread over 40 teams, in creation order."""
    return [f"{prefix}/team-{index % 40:02d}/service-{index:05d}" for index in range(count)]


def seed_many_repositories(
    endpoint_url: str,
    count: int,
    region: str = "us-east-1",
    *,
    prefix: str = "bulk",
    credentials: Credentials | None = None,
    via_api: bool = False,
) -> list[str]:
    """Create ``count`` empty repositories named by :func:`bulk_repository_names`."""
    started = time.perf_counter()
    names = bulk_repository_names(count, prefix)

    backend = None if via_api else _in_process_backend(endpoint_url, region)
    if backend is not None:
        for name in names:
            backend.create_repository(
                repository_name=name,
                registry_id=None,
                encryption_config=None,
                image_scan_config=None,
                image_tag_mutability=None,
                tags=[],
            )
    else:
        client = _client(endpoint_url, region, credentials)
        _run_threaded(lambda name: client.create_repository(repositoryName=name), names)

    logger.info(
        "Created %d repositories in %s in %.2f s", count, region, time.perf_counter() - started
    )
    return names


def seed_many_images(
    endpoint_url: str,
    repository: str,
    count: int,
    *,
    region: str = "us-east-1",
    credentials: Credentials | None = None,
    via_api: bool = False,
) -> list[str]:
    """Push ``count`` distinct images to ``repository`` (created if missing).

    Image ``n`` is tagged ``1.0.n``; the newest also carries ``latest``. Returns
    the digests, oldest first.
    """
    started = time.perf_counter()
    manifests = [build_manifest(repository, f"bulk-{index}") for index in range(count)]
    tags = [f"1.0.{index}" for index in range(count)]

    backend = None if via_api else _in_process_backend(endpoint_url, region)
    if backend is not None:
        if repository not in backend.repositories:
            backend.create_repository(
                repository_name=repository,
                registry_id=None,
                encryption_config=None,
                image_scan_config=None,
                image_tag_mutability=None,
                tags=[],
            )
        for manifest, tag in zip(manifests, tags, strict=True):
            backend.put_image(repository, manifest.text, tag, manifest.media_type, manifest.digest)
        if manifests:
            last = manifests[-1]
            backend.put_image(repository, last.text, "latest", last.media_type, last.digest)
    else:
        client = _client(endpoint_url, region, credentials)
        _ensure_repository(client, repository)
        pairs = list(zip(manifests, tags, strict=True))
        _run_threaded(lambda pair: _put(client, repository, *pair), pairs)
        if manifests:  # after the others: the same manifest must not be pushed twice at once
            _put(client, repository, manifests[-1], "latest")

    logger.info(
        "Pushed %d images to %s in %.2f s", count, repository, time.perf_counter() - started
    )
    return [manifest.digest for manifest in manifests]


def _in_process_backend(endpoint_url: str, region: str) -> Any | None:
    """moto's ECR backend for ``region`` when ``endpoint_url`` is this process's demo server."""
    server = DemoServer.current()
    if server is None or server.endpoint_url != endpoint_url:
        return None

    from moto.ecr.models import ecr_backends

    return ecr_backends[DEMO_ACCOUNT_ID][region]


def _client(endpoint_url: str, region: str, credentials: Credentials | None) -> Any:
    if credentials is None:
        return demo_client("ecr", endpoint_url, region=region)
    access_key_id, secret_access_key = credentials
    return demo_client(
        "ecr",
        endpoint_url,
        region=region,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
    )


def _ensure_repository(client: Any, repository: str) -> None:
    try:
        client.create_repository(repositoryName=repository)
    except client.exceptions.RepositoryAlreadyExistsException:
        logger.debug("Repository %s already exists", repository)


def _put(client: Any, repository: str, manifest: BuiltManifest, tag: str) -> None:
    client.put_image(
        repositoryName=repository,
        imageManifest=manifest.text,
        imageManifestMediaType=manifest.media_type,
        imageDigest=manifest.digest,
        imageTag=tag,
    )


def _run_threaded(action: Callable[[Any], object], items: Iterable[Any]) -> None:
    with ThreadPoolExecutor(max_workers=_API_THREADS, thread_name_prefix="demo-bulk") as pool:
        for _ in pool.map(action, items):
            pass
