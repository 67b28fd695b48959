"""The benchmark's world: a seeded embedded AWS behind the paging proxy, fake keys only."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from imagedesk.demo.bulk_seed import seed_many_images, seed_many_repositories
from imagedesk.demo.paging_proxy import PagingProxy
from imagedesk.demo.server import DemoServer
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.base import RegistryClient

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
IMAGES_REPOSITORY = "bench/many-images"
# The documentation's example key pair: well-formed, and worthless anywhere but moto.
FAKE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

SAFE_ENVIRONMENT = {
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
    "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
}


def make_safe_environment() -> None:
    """Fake keys, no metadata lookups, no profile: nothing can reach a real account."""
    os.environ.update(SAFE_ENVIRONMENT)
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        os.environ.pop(name, None)


@dataclass(frozen=True)
class World:
    moto_url: str
    proxy_url: str
    repository_count: int
    image_count: int

    def registry(self, name: str = "Bench ECR", registry_id: int | None = None) -> Registry:
        return Registry(
            name=name,
            host=HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            id=registry_id,
            username=FAKE_ACCESS_KEY_ID,
            endpoint_url=self.proxy_url,
        )


def fake_secrets() -> RegistrySecrets:
    return RegistrySecrets(secret=Secret(FAKE_SECRET))


def ecr_client_factory(
    registry: Registry, _secrets: RegistrySecrets, settings: Settings
) -> RegistryClient:
    """Every client gets the fake keys, whatever the (empty) keyring holds."""
    from imagedesk.registry.ecr.client import EcrClient

    return EcrClient(registry, fake_secrets(), settings)


@contextmanager
def seeded_world(repositories: int, images: int) -> Iterator[World]:
    """moto on loopback (access control off: the proxy re-signs nothing), seeded, proxied."""
    make_safe_environment()
    server = DemoServer(purpose="test")
    moto_url = server.start()
    proxy = PagingProxy(moto_url)
    try:
        seed_many_repositories(moto_url, repositories)
        seed_many_images(moto_url, IMAGES_REPOSITORY, images)
        proxy.start()
        yield World(moto_url, proxy.url, repositories + 1, images)
    finally:
        proxy.stop()
        server.stop()


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    """The median wall time of ``repeats`` runs of ``action``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
