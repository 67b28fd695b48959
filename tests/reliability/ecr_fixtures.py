"""Helpers for the ECR fault tests: a seeded account, a client through the proxy, a
catalog holding earlier work. Imported by the test modules of this folder."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from moto.ecr.models import ecr_backends

from imagedesk.domain.models import (
    AuthMethod,
    Image,
    Registry,
    RegistryKind,
    Resources,
    Settings,
)
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr import config, listing
from imagedesk.registry.ecr.client import EcrClient
from imagedesk.store.catalog import Catalog

ACCOUNT = "123456789012"
HOST = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REPOSITORY_COUNT = 2100  # three pages of 1000


def seed_repositories(count: int = REPOSITORY_COUNT) -> None:
    backend = ecr_backends[ACCOUNT]["us-east-1"]
    backend.repositories.clear()
    for number in range(count):
        backend.create_repository(
            repository_name=f"team/{number:05d}",
            registry_id=None,
            encryption_config={},
            image_scan_config={},
            image_tag_mutability="MUTABLE",
            tags=[],
        )


def quick_aws_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorter timeouts and fewer retries than the app's, so each fault takes a second
    or two; the behaviour under test (classification, no half state) is the same."""
    monkeypatch.setattr(config, "READ_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(config, "CONNECT_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(config, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(listing, "THROTTLE_BACKOFF_SECONDS", (0.2, 0.2, 0.2))


def ecr_registry(endpoint_url: str) -> Registry:
    return Registry(
        name="Faulty ECR",
        host=HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username=KEY_ID,
        endpoint_url=endpoint_url,
    )


def ecr_client(endpoint_url: str) -> EcrClient:
    secrets = RegistrySecrets(secret=Secret(SECRET))
    return EcrClient(ecr_registry(endpoint_url), secrets, Settings())


def catalog_with_work(path: Path, endpoint_url: str) -> Catalog:
    """A catalog holding a registry and one imported image: the work a fault must keep."""
    catalog = Catalog.open(path)
    registry = catalog.add_registry(ecr_registry(endpoint_url))
    assert registry.id is not None
    catalog.add_image(
        Image(
            registry_id=registry.id,
            repository="team/00001",
            default_tag="latest",
            resources=Resources(cpu_cores=1, memory_gb=2, disk_gb=10),
            description="imported before the fault",
        )
    )
    return catalog


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
