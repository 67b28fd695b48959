"""Fixtures of the fault, fuzz and secret-leak suites (figures: see figures.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from figures import record_figure
from moto.server import ThreadedMotoServer

from imagedesk.demo.paging_proxy import PagingProxy


@pytest.fixture
def fault_survived(request: pytest.FixtureRequest) -> Iterator[None]:
    """Records the test as a survived fault once it has passed."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        record_figure("fault", request.node.name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    if call.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """A loopback moto server without access control, for the paging proxy."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def proxy(moto_url: str) -> Iterator[PagingProxy]:
    paging = PagingProxy(moto_url)
    paging.start()
    yield paging
    paging.stop()
