"""The one job runner for all background work.

Blocking work (boto3, httpx, keyring) runs on worker threads and is awaited on the
asyncio loop, which qasync makes the Qt loop. Jobs that name the same queue run one
after the other in submission order (one queue per registry, so two calls on one
registry never race); jobs of different queues run side by side, up to
``max_workers`` at a time.

Worker threads are daemon threads: a backend call stuck past its own timeout can
never hold the process open after :meth:`JobRunner.shutdown` gave up on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from imagedesk.domain.errors import Cancelled, ImageDeskError
from imagedesk.jobs.job import Job, JobControl, ProgressCallback

logger = logging.getLogger(__name__)

T = TypeVar("T")

KEYRING_QUEUE = "keyring"
"""Queue for keyring reads and writes: one at a time, never on the UI thread."""


class RunnerClosed(RuntimeError):
    """A job was submitted after shutdown began."""


class JobRunner:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None = None,
        *,
        max_workers: int = 4,
    ) -> None:
        self._loop = loop or asyncio.get_event_loop()
        self._slots = asyncio.Semaphore(max_workers)
        self._queues: dict[Hashable, asyncio.Lock] = {}
        self._tasks: dict[asyncio.Task[None], Job[Any]] = {}
        self._closed = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    @property
    def active_jobs(self) -> list[Job[Any]]:
        return list(self._tasks.values())

    # --- submitting ------------------------------------------------------------------

    def submit(
        self,
        work: Callable[[JobControl], T],
        *,
        queue: Hashable | None = None,
        name: str = "",
        on_progress: ProgressCallback | None = None,
    ) -> Job[T]:
        """Run ``work(control)`` on a worker thread; ``control`` carries the cancel
        token and ``progress(value)``, which reaches ``on_progress`` on this loop."""
        if self._closed:
            raise RunnerClosed("the job runner is shutting down")

        job: Job[T] = Job(self._loop, name or _name_of(work), queue, on_progress)
        task = self._loop.create_task(self._run(job, work))
        self._tasks[task] = job
        task.add_done_callback(self._forget)
        logger.debug("submitted %r", job)
        return job

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        queue: Hashable | None = None,
        name: str = "",
    ) -> Job[T]:
        """Run a plain blocking ``fn(*args)`` that needs neither token nor progress."""
        return self.submit(lambda _control: fn(*args), queue=queue, name=name or _name_of(fn))

    # --- cancelling and stopping ---------------------------------------------------------

    def cancel_queue(self, queue: Hashable) -> None:
        for job in self.active_jobs:
            if job.queue == queue:
                job.cancel()

    def cancel_all(self) -> None:
        for job in self.active_jobs:
            job.cancel()

    async def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancel every job and wait up to ``timeout`` seconds for their threads.

        Returns True when everything stopped in time. Work still running after the
        timeout is abandoned (its thread is a daemon) and named in the log.
        """
        self._closed = True
        self.cancel_all()
        tasks = list(self._tasks)
        if not tasks:
            return True

        logger.info("waiting up to %.1f s for %d background job(s)", timeout, len(tasks))
        _done, pending = await asyncio.wait(tasks, timeout=timeout)
        if not pending:
            return True

        for task in pending:
            job = self._tasks[task]
            logger.info("abandoning %r: it did not stop within %.1f s", job, timeout)
            task.cancel()
        await asyncio.wait(pending, timeout=1.0)
        return False

    # --- internals -----------------------------------------------------------------------

    async def _run(self, job: Job[T], work: Callable[[JobControl], T]) -> None:
        try:
            async with self._queue_lock(job.queue):
                job.cancel_token.raise_if_cancelled()
                async with self._slots:
                    job.cancel_token.raise_if_cancelled()
                    value = await self._in_thread(job, work)
            job.cancel_token.raise_if_cancelled()
            job.set_result(value)
            logger.debug("finished %r", job)
        except Cancelled:
            logger.debug("dropped the outcome of cancelled %r", job)
            job.set_exception(Cancelled())
        except ImageDeskError as error:
            logger.info("%r failed: %s", job, error.message)
            job.set_exception(error)
        except Exception as error:
            logger.exception("%r failed unexpectedly", job)
            job.set_exception(error)

    def _queue_lock(self, queue: Hashable | None) -> contextlib.AbstractAsyncContextManager[Any]:
        if queue is None:
            return contextlib.nullcontext()
        return self._queues.setdefault(queue, asyncio.Lock())

    async def _in_thread(self, job: Job[T], work: Callable[[JobControl], T]) -> T:
        outcome: asyncio.Future[T] = self._loop.create_future()
        control = JobControl(job)

        def target() -> None:
            try:
                value = work(control)
            except BaseException as error:
                self._post(outcome.set_exception, outcome, error)
            else:
                self._post(outcome.set_result, outcome, value)

        threading.Thread(target=target, name=f"job:{job.name}", daemon=True).start()
        return await outcome

    def _post(
        self, setter: Callable[[Any], None], outcome: asyncio.Future[Any], value: object
    ) -> None:
        def settle() -> None:
            if not outcome.done():
                setter(value)

        try:
            self._loop.call_soon_threadsafe(settle)
        except RuntimeError:
            logger.debug("loop closed before a worker thread finished")

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)


def _name_of(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)
