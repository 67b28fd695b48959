"""A hung endpoint (accepts, never answers) is reported with live retry notices and
within bounded time (defect C)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr import config
from imagedesk.registry.ecr.client import EcrClient

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


@pytest.fixture
def hung_endpoint() -> Iterator[str]:
    """A 127.0.0.1 socket that accepts connections and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_retries_are_reported_live_and_the_test_ends(
    hung_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "READ_TIMEOUT_SECONDS", 1)
    registry = Registry(
        name="hung",
        host=HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username="AKIAIOSFODNN7EXAMPLE",
        endpoint_url=hung_endpoint,
    )
    secrets = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
    client = EcrClient(registry, secrets, Settings())
    seen: list[StepResult] = []

    started = time.monotonic()
    report = client.test_connection(seen.append, CancelToken())
    elapsed = time.monotonic() - started

    running = [step.message for step in seen if step.state is StepState.RUNNING]
    assert "No answer yet; retrying (attempt 2 of 3)…" in running
    assert "No answer yet; retrying (attempt 3 of 3)…" in running
    assert report.steps[-1].key == "identity"
    assert report.steps[-1].state is StepState.FAILED
    assert elapsed < 3 * 1 + 4 + 2  # three reads of 1 s, standard-mode backoff, set-up


def test_a_passed_deadline_stops_further_attempts(
    hung_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "READ_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr("imagedesk.registry.ecr.diagnosis.DIAGNOSIS_DEADLINE_SECONDS", 0)
    registry = Registry(
        name="hung",
        host=HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username="AKIAIOSFODNN7EXAMPLE",
        endpoint_url=hung_endpoint,
    )
    secrets = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))

    report = EcrClient(registry, secrets, Settings()).test_connection(
        lambda step: None, CancelToken()
    )

    assert report.steps[-1].state is StepState.FAILED
    assert report.steps[-1].message.startswith("The endpoint did not answer in time")
