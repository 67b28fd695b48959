"""A seeded demo endpoint shared by the tests of one module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        with running_demo() as session:
            yield session
