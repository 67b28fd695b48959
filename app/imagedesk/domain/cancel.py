"""Cooperative cancellation shared by the worker threads and the UI."""

from __future__ import annotations

import threading

from imagedesk.domain.errors import Cancelled


class CancelToken:
    """Set once by whoever cancels; checked by the job between steps and pages."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when cancelled meanwhile (for backoff waits)."""
        return self._event.wait(seconds)
