"""The benchmark's world: a seeded embedded AWS behind the paging proxy, fake keys only."""

from __future__ import annotations

import json
import os
import selectors
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


WORLD_START_TIMEOUT_S = 300.0
WORLD_STOP_TIMEOUT_S = 20.0


@contextmanager
def seeded_world(repositories: int, images: int) -> Iterator[World]:
    """moto on loopback (access control off: the proxy re-signs nothing), seeded and
    proxied in a child process (:mod:`benchmarks.world_process`), stopped on exit."""
    make_safe_environment()
    command = [sys.executable, "-m", "benchmarks.world_process"]
    command += ["--repositories", str(repositories), "--images", str(images)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, **SAFE_ENVIRONMENT},
        text=True,
    )
    try:
        urls = json.loads(_first_line(child, WORLD_START_TIMEOUT_S))
        yield World(urls["moto_url"], urls["proxy_url"], repositories + 1, images)
    finally:
        _stop(child)


def _first_line(child: subprocess.Popen[str], timeout_s: float) -> str:
    """The child's announcement, or RuntimeError when it dies or takes too long."""
    assert child.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            raise RuntimeError(f"the seeded AWS did not start within {timeout_s:.0f} s")
    line = child.stdout.readline()
    if not line:
        raise RuntimeError(f"the seeded AWS exited with status {child.wait()}")
    return line


def _stop(child: subprocess.Popen[str]) -> None:
    """Close the child's stdin (its signal to stop), then wait; kill it if it hangs."""
    assert child.stdin is not None
    child.stdin.close()
    try:
        child.wait(WORLD_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(WORLD_STOP_TIMEOUT_S)
    if child.stdout is not None:
        child.stdout.close()


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    """The median wall time of ``repeats`` runs of ``action``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
