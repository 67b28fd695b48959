"""Runs one kind of backend call of a panel off the UI thread, newest request winning."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from imagedesk.jobs.job import JobControl
from imagedesk.jobs.latest import LatestRequest
from imagedesk.jobs.runner import JobRunner
from imagedesk.ui.widgets.tasks import TaskSet

logger = logging.getLogger(__name__)

T = TypeVar("T")


class PanelWork:
    """A panel's background calls: a job per request, results of old requests dropped."""

    def __init__(self, jobs: JobRunner, name: str) -> None:
        self._jobs = jobs
        self._latest = LatestRequest(name)
        self.tasks = TaskSet()

    @property
    def busy(self) -> bool:
        return self._latest.busy

    async def run(
        self,
        work: Callable[[JobControl], T],
        on_progress: Callable[[Any], None] | None = None,
    ) -> T:
        """Await ``work`` on a worker thread; raises Superseded if a newer call replaced it."""
        return await self._latest.run(self._jobs.submit(work, on_progress=on_progress))

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.tasks.spawn(coroutine)

    def close(self) -> None:
        self._latest.close()
        self.tasks.cancel_all()
