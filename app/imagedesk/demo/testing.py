"""A seeded demo endpoint for tests in any folder (test folders are not packages).

Usage::

    from imagedesk.demo.testing import running_demo

    @pytest.fixture(scope="module")
    def demo() -> Iterator[DemoSession]:
        with running_demo() as session:
            yield session

Start-up takes 1.6 to 2.5 s on 2 cores (server, seeding 42 repositories with 165
images, 5 users, 2 roles; the first start in a process also loads moto's
modules); stopping takes 0.5 s.

Do not scope it to the whole session: moto's data and its access-control switch
are process-wide, so a ``mock_aws`` test that runs while a demo is up would wipe
the demo's data, and the demo's access control would refuse that test's keys.
Module scope (or function scope) keeps them apart, since tests run one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from imagedesk.demo.session import DemoSession


@contextmanager
def running_demo() -> Iterator[DemoSession]:
    """A started, seeded, access-controlled demo for tests; stopped on exit."""
    session = DemoSession.start(purpose="test")
    try:
        yield session
    finally:
        session.stop()
