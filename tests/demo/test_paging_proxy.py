"""The loopback paging proxy serves moto's ECR listings in pages, and injects faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError
from moto.ecr.models import ecr_backends
from moto.server import ThreadedMotoServer

from imagedesk.demo.paging_proxy import PagingProxy

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def proxy(moto_url: str) -> Iterator[PagingProxy]:
    backend = ecr_backends[ACCOUNT]["us-east-1"]
    backend.repositories.clear()
    for number in range(2200):
        backend.create_repository(
            repository_name=f"team/{number:05d}",
            registry_id=None,
            encryption_config={},
            image_scan_config={},
            image_tag_mutability="MUTABLE",
            tags=[],
        )
    paging = PagingProxy(moto_url)
    paging.start()
    yield paging
    paging.stop()


def _ecr(url: str, attempts: int = 1) -> Any:
    config = Config(retries={"mode": "standard", "total_max_attempts": attempts}, read_timeout=5)
    return boto3.client("ecr", region_name="us-east-1", endpoint_url=url, config=config)


def test_2200_repositories_arrive_in_pages_of_1000_1000_200(proxy: PagingProxy) -> None:
    paginator = _ecr(proxy.url).get_paginator("describe_repositories")

    pages = paginator.paginate(PaginationConfig={"PageSize": 1000})
    sizes = [len(page["repositories"]) for page in pages]

    assert sizes == [1000, 1000, 200]


def test_every_repository_is_listed_once(proxy: PagingProxy) -> None:
    paginator = _ecr(proxy.url).get_paginator("describe_repositories")

    names = [
        repository["repositoryName"]
        for page in paginator.paginate(PaginationConfig={"PageSize": 1000})
        for repository in page["repositories"]
    ]

    assert len(names) == len(set(names)) == 2200


def test_an_injected_error_status_reaches_the_client_with_its_code(proxy: PagingProxy) -> None:
    proxy.faults.error_status = 400
    proxy.faults.error_code = "ThrottlingException"
    proxy.faults.error_count = 1

    with pytest.raises(ClientError) as raised:
        _ecr(proxy.url).describe_repositories()

    assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert len(_ecr(proxy.url).describe_repositories(maxResults=5)["repositories"]) == 5


def test_a_connection_dropped_mid_listing_is_seen_by_the_client(proxy: PagingProxy) -> None:
    proxy.faults.drop_connection_after_pages = 1
    paginator = _ecr(proxy.url).get_paginator("describe_repositories")
    pages = iter(paginator.paginate(PaginationConfig={"PageSize": 1000}))

    first = next(pages)

    assert len(first["repositories"]) == 1000
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        next(pages)


def test_the_proxy_refuses_a_non_loopback_upstream() -> None:
    with pytest.raises(ValueError, match="loopback"):
        PagingProxy("http://192.0.2.10:5000")
