"""Live word of botocore's retries, and an overall deadline for one connection test.

botocore emits ``request-created`` for every attempt of a call, with the attempt number
in the request's retry context. A :class:`RetryWatch` registered on a client turns a
second or later attempt into "retrying (attempt 2 of 3)…" for whoever listens, and
refuses to start another attempt once the listener's deadline has passed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from imagedesk.domain.errors import Unreachable
from imagedesk.registry.ecr.config import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

RetryListener = Callable[[str], None]


def retry_message(attempt: int, total: int = MAX_ATTEMPTS) -> str:
    return f"No answer yet; retrying (attempt {attempt} of {total})…"


class RetryWatch:
    """One per registry client; the listener is per thread (one test runs on one worker)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def register(self, client: Any) -> None:
        """Watch every request ``client`` (a boto3 client) creates."""
        client.meta.events.register("request-created", self._on_request_created)

    @contextmanager
    def listening(self, listener: RetryListener, deadline: float | None = None) -> Iterator[None]:
        """Within the block, retries on this thread are told to ``listener``; after
        ``deadline`` (``time.monotonic()``), no further attempt starts."""
        previous = getattr(self._local, "state", None)
        self._local.state = (listener, deadline)
        try:
            yield
        finally:
            self._local.state = previous

    def _on_request_created(self, request: Any = None, **_kwargs: Any) -> None:
        state = getattr(self._local, "state", None)
        context = getattr(request, "context", None) or {}
        attempt = int(context.get("retries", {}).get("attempt", 1))
        if state is None or attempt < 2:
            return

        listener, deadline = state
        if deadline is not None and time.monotonic() > deadline:
            logger.info("connection test deadline passed before attempt %d", attempt)
            raise Unreachable(
                "The endpoint did not answer in time, so the test stopped. Check the host, "
                "the network and any proxy or firewall, then test again."
            )
        logger.debug("retrying, attempt %d of %d", attempt, MAX_ATTEMPTS)
        listener(retry_message(attempt))
