"""ECR faults through the loopback paging proxy in front of moto: each gives one typed
error with a sentence, leaves stored work alone, and a retry succeeds once it is gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ecr_fixtures import (
    REPOSITORY_COUNT,
    catalog_with_work,
    ecr_client,
    free_port,
    quick_aws_config,
    seed_repositories,
)
from moto.server import ThreadedMotoServer

from imagedesk.demo.paging_proxy import PagingProxy
from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import RegistryError, Throttled, TokenExpired, Unreachable
from imagedesk.registry.ecr.client import EcrClient
from imagedesk.store.catalog import Catalog

pytestmark = pytest.mark.usefixtures("fault_survived")


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, moto_url: str) -> None:
    quick_aws_config(monkeypatch)
    seed_repositories()


@pytest.fixture
def catalog(tmp_path: Path, proxy: PagingProxy) -> Iterator[Catalog]:
    opened = catalog_with_work(tmp_path / "catalog.sqlite3", proxy.url)
    yield opened
    opened.close()


def list_all(client: EcrClient) -> list[str]:
    return [
        repository.name
        for page in client.iter_repository_pages(CancelToken())
        for repository in page
    ]


def assert_work_intact(catalog: Catalog) -> None:
    images = catalog.list_images()
    assert [(image.repository, image.description) for image in images] == [
        ("team/00001", "imported before the fault")
    ]
    assert [registry.name for registry in catalog.list_registries()][-1] == "Faulty ECR"


def assert_one_sentence(error: RegistryError) -> None:
    assert error.message.endswith(".")
    assert "\n" not in error.message
    assert "Traceback" not in error.message + error.details


def test_server_down_before_a_call_then_up(catalog: Catalog) -> None:
    port = free_port()
    client = ecr_client(f"http://127.0.0.1:{port}")

    with pytest.raises(Unreachable) as raised:
        client.get_token(CancelToken())

    assert_one_sentence(raised.value)
    assert raised.value.message.startswith("The AWS endpoint could not be reached.")
    assert raised.value.retryable
    assert_work_intact(catalog)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        assert client.get_token(CancelToken()).username == "AWS"
    finally:
        server.stop()


def test_connection_dropped_in_the_middle_of_a_listing(
    proxy: PagingProxy, catalog: Catalog
) -> None:
    client = ecr_client(proxy.url)
    proxy.faults.drop_connection_after_pages = 1
    received: list[str] = []

    with pytest.raises(Unreachable) as raised:
        for page in client.iter_repository_pages(CancelToken()):
            received.extend(repository.name for repository in page)

    assert_one_sentence(raised.value)
    assert len(received) == 1000
    assert_work_intact(catalog)

    proxy.faults.clear()
    assert len(list_all(client)) == REPOSITORY_COUNT


def test_answers_delayed_past_the_read_timeout(proxy: PagingProxy, catalog: Catalog) -> None:
    client = ecr_client(proxy.url)
    proxy.faults.delay_seconds = 1.5

    with pytest.raises(Unreachable) as raised:
        client.get_token(CancelToken())

    assert (
        raised.value.message
        == "The AWS endpoint stopped answering. Check the network and try again."
    )
    assert_work_intact(catalog)

    proxy.faults.clear()
    assert client.get_token(CancelToken()).username == "AWS"


def test_500_errors_then_recovery(proxy: PagingProxy, catalog: Catalog) -> None:
    client = ecr_client(proxy.url)
    proxy.faults.error_status = 500
    proxy.faults.error_code = "InternalFailure"

    with pytest.raises(RegistryError) as raised:
        list_all(client)

    assert_one_sentence(raised.value)
    assert "ecr:DescribeRepositories" in raised.value.message
    assert "InternalFailure" in raised.value.details
    assert_work_intact(catalog)

    proxy.faults.clear()
    assert len(list_all(client)) == REPOSITORY_COUNT


def test_brief_throttling_is_ridden_out_by_the_listing(proxy: PagingProxy) -> None:
    client = ecr_client(proxy.url)
    proxy.faults.error_status = 400
    proxy.faults.error_code = "ThrottlingException"
    proxy.faults.error_count = 3  # more than botocore's two attempts, fewer than the resumes

    assert len(list_all(client)) == REPOSITORY_COUNT
    assert proxy.faults.error_status is None


def test_long_throttling_is_one_sentence_then_a_retry_succeeds(
    proxy: PagingProxy, catalog: Catalog
) -> None:
    client = ecr_client(proxy.url)
    proxy.faults.error_status = 400
    proxy.faults.error_code = "ThrottlingException"

    with pytest.raises(Throttled) as raised:
        list_all(client)

    assert_one_sentence(raised.value)
    assert raised.value.retryable
    assert_work_intact(catalog)

    proxy.faults.clear()
    assert len(list_all(client)) == REPOSITORY_COUNT


def test_session_expired_between_two_calls(proxy: PagingProxy, catalog: Catalog) -> None:
    client = ecr_client(proxy.url)
    assert client.get_token(CancelToken()).username == "AWS"
    proxy.faults.error_status = 400
    proxy.faults.error_code = "ExpiredTokenException"
    proxy.faults.error_count = 1

    with pytest.raises(TokenExpired) as raised:
        list_all(client)

    assert_one_sentence(raised.value)
    assert_work_intact(catalog)

    assert len(list_all(client)) == REPOSITORY_COUNT
