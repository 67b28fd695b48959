"""Starting coroutines from Qt slots, with a reference kept and failures logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

from imagedesk.domain.errors import Cancelled

logger = logging.getLogger(__name__)

T = TypeVar("T")


class TaskSet:
    """Owned by a widget: the tasks it started, so none is garbage-collected mid-run and
    :meth:`cancel_all` can stop them when the widget closes."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def __len__(self) -> int:
        return len(self._tasks)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return

        error = task.exception()
        if error is not None and not isinstance(error, Cancelled):
            logger.error("a background step of the window failed", exc_info=error)
