"""Fixtures of the fault, fuzz and secret-leak suites, and the figures they record.

When ``IMAGEDESK_RELIABILITY_LOG`` names a file, each passing fault test appends a
"fault survived" line, each fuzz target its example count and the leak suite the
markers it found; ``scripts/reliability-report`` turns that file into a table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from imagedesk.demo.paging_proxy import PagingProxy

FIGURES_ENV = "IMAGEDESK_RELIABILITY_LOG"
EXAMPLES_ENV = "IMAGEDESK_FUZZ_EXAMPLES"


def record_figure(kind: str, name: str, value: int = 1) -> None:
    """Append one figure (``fault``, ``fuzz`` or ``leak``) when the report asked for them."""
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"kind": kind, "name": name, "value": value}) + "\n")


def fuzz_examples(default: int) -> int:
    """Examples per fuzz target: modest by default, more when the report asks."""
    return int(os.environ.get(EXAMPLES_ENV) or default)


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
