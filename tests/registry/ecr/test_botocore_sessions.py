"""One botocore data loader for every registry's session, safe across threads; UTC
timestamps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr.botocore_sessions import (
    SharedDataLoader,
    new_session,
    parse_utc_timestamp,
    preload_service_data,
    shared_data_loader,
)
from imagedesk.registry.ecr.client import EcrClient

ACCOUNT = "123456789012"
REGIONS = ("us-east-1", "eu-west-1")


@pytest.fixture
def two_regions() -> Iterator[None]:
    """One repository in each region, named after it."""
    with mock_aws():
        for region in REGIONS:
            boto3.client("ecr", region_name=region).create_repository(
                repositoryName=f"team/{region}"
            )
        yield


def _client(region: str, key_id: str) -> EcrClient:
    registry = Registry(
        name=f"ECR {region}",
        host=f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com",
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username=key_id,
    )
    secrets = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
    return EcrClient(registry, secrets, Settings())


def _loader_of(client: EcrClient) -> Any:
    # boto3 keeps its botocore session private; the loader is one of its components.
    return client.credentials().session._session.get_component("data_loader")


def test_two_registries_share_one_loader_and_each_lists_its_own_region(
    two_regions: None,
) -> None:
    east = _client("us-east-1", "AKIAIOSFODNN7EXAMPLE")
    west = _client("eu-west-1", "AKIAI44QH8DHBEXAMPLE")

    listed = {
        client.registry.name: [
            repo.name for page in client.iter_repository_pages(CancelToken()) for repo in page
        ]
        for client in (east, west)
    }

    assert _loader_of(east) is _loader_of(west)
    assert isinstance(_loader_of(east), SharedDataLoader)
    assert east.credentials().session is not west.credentials().session
    assert east.ecr().meta.region_name == "us-east-1"
    assert west.ecr().meta.region_name == "eu-west-1"
    assert listed == {"ECR us-east-1": ["team/us-east-1"], "ECR eu-west-1": ["team/eu-west-1"]}


def test_the_sessions_keep_their_own_credentials() -> None:
    first = new_session("us-east-1", access_key_id="AKIAFIRST", secret_access_key="one")
    second = new_session("us-east-1", access_key_id="AKIASECOND", secret_access_key="two")

    first_keys, second_keys = first.get_credentials(), second.get_credentials()

    assert first_keys is not None and second_keys is not None
    assert (first_keys.access_key, second_keys.access_key) == ("AKIAFIRST", "AKIASECOND")


def test_new_sessions_do_not_grow_the_search_paths() -> None:
    new_session("us-east-1")
    paths_before = list(shared_data_loader().search_paths)

    for _ in range(5):
        new_session("us-east-1").client("ecr", endpoint_url="http://127.0.0.1:9")

    assert shared_data_loader().search_paths == paths_before
    assert len(set(paths_before)) == len(paths_before)


def test_threads_loading_one_model_at_once_get_one_merged_copy() -> None:
    loader = SharedDataLoader()
    start = threading.Barrier(6)
    models: list[object] = []

    def load() -> None:
        start.wait(timeout=10)
        models.append(loader.load_service_model("ecr", "service-2"))

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(models) == 6
    assert all(model is models[0] for model in models)
    assert "DescribeRepositories" in models[0]["operations"]  # type: ignore[index]


def test_timestamps_are_parsed_into_utc_whatever_their_form() -> None:
    moment = datetime(2024, 5, 17, 8, 30, 15, tzinfo=UTC)

    assert parse_utc_timestamp(1715934615) == moment
    assert parse_utc_timestamp(1715934615.25) == moment + timedelta(milliseconds=250)
    assert parse_utc_timestamp("2024-05-17T10:30:15+02:00") == moment
    assert parse_utc_timestamp("2024-05-17T08:30:15Z").tzinfo is UTC
    assert parse_utc_timestamp(1715934615).tzinfo is UTC


def test_listed_repositories_carry_utc_creation_times(two_regions: None) -> None:
    before = datetime.now(UTC) - timedelta(minutes=5)

    pages = _client("us-east-1", "AKIAIOSFODNN7EXAMPLE").iter_repository_pages(CancelToken())
    created = [repo.created_at for page in pages for repo in page]

    assert len(created) == 1 and created[0] is not None
    assert created[0].utcoffset() == timedelta(0)
    assert before < created[0] <= datetime.now(UTC)


def test_after_the_preload_new_clients_read_no_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    preload_service_data()
    file_loader = shared_data_loader().file_loader
    read: list[str] = []
    original = file_loader.load_file

    def load_file(path: str) -> Any:
        read.append(path)
        return original(path)

    monkeypatch.setattr(file_loader, "load_file", load_file)

    session = new_session("eu-west-1", access_key_id="AKIAFIRST", secret_access_key="one")
    session.client("ecr").get_paginator("describe_images")
    session.client("sts")

    assert read == []
