"""Latest-request-wins: a generation counter that drops superseded and late results."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from imagedesk.domain.errors import Cancelled
from imagedesk.jobs.job import Job

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Superseded(Cancelled):
    """A newer request replaced this one, or its owner closed; drop the result quietly."""


class LatestRequest:
    """Owned by one widget for one kind of request (e.g. "list tags of the repository").

    Each :meth:`run` starts a new generation and cancels the job of the previous one.
    Its awaited result is returned only while it is still the newest and the owner is
    open; otherwise :class:`Superseded` (a :class:`Cancelled`) is raised, which UI code
    ignores. :meth:`close` is called when the widget goes away.
    """

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._generation = 0
        self._job: Job[Any] | None = None
        self._closed = False

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        return self._job is not None and not self._job.done()

    @property
    def closed(self) -> bool:
        return self._closed

    async def run(self, job: Job[T]) -> T:
        """Make ``job`` the current request and await it; raise Superseded if it lost."""
        generation = self._start(job)

        try:
            value = await job
        finally:
            if self._generation == generation:
                self._job = None

        if self._closed or generation != self._generation:
            logger.debug("%s: dropped the result of generation %d", self.name, generation)
            raise Superseded()
        return value

    def cancel(self) -> None:
        """Cancel the current request; its awaiter sees Cancelled."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def close(self) -> None:
        self._closed = True
        self.cancel()

    def _start(self, job: Job[Any]) -> int:
        if self._closed:
            job.cancel()
            raise Superseded()

        self.cancel()
        self._job = job
        return self._generation
