"""One background job: its cancel token, its progress channel and its awaited result."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Generator, Hashable
from typing import Any, Generic, TypeVar

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import Cancelled

logger = logging.getLogger(__name__)

T = TypeVar("T")

ProgressCallback = Callable[[Any], None]


class JobControl:
    """What the blocking work function sees: the cancel token and a progress channel.

    ``progress`` may be called from the worker thread; the value is handed to the
    job's ``on_progress`` callback on the event loop thread, unless the job was
    cancelled by then.
    """

    def __init__(self, job: Job[Any]) -> None:
        self._job = job

    @property
    def cancel(self) -> CancelToken:
        return self._job.cancel_token

    def progress(self, value: object) -> None:
        self._job.post_progress(value)

    def raise_if_cancelled(self) -> None:
        self._job.cancel_token.raise_if_cancelled()


class Job(Generic[T]):
    """A handle on background work. ``await job`` gives the result.

    Awaiting a cancelled job raises :class:`Cancelled` at once, even while the
    worker thread is still finishing its current call; the job's queue stays
    busy until that thread returns, so jobs of one registry never overlap.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        name: str,
        queue: Hashable | None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.name = name
        self.queue = queue
        self.cancel_token = CancelToken()
        self._loop = loop
        self._on_progress = on_progress
        self._future: asyncio.Future[T] = loop.create_future()
        self._future.add_done_callback(_mark_retrieved)

    def __repr__(self) -> str:
        return f"<Job {self.name!r} queue={self.queue!r} state={self.state}>"

    # --- state ---------------------------------------------------------------------

    @property
    def state(self) -> str:
        if self.cancel_token.cancelled:
            return "cancelled"
        if self._future.done():
            return "failed" if self._future.exception() is not None else "done"
        return "pending"

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled

    def done(self) -> bool:
        return self._future.done()

    def cancel(self) -> None:
        """Ask the work to stop and make every awaiter see :class:`Cancelled` now."""
        if self.cancel_token.cancelled:
            return

        logger.debug("cancelling %r", self)
        self.cancel_token.cancel()
        if not self._future.done():
            self._future.cancel()

    # --- result --------------------------------------------------------------------

    async def result(self) -> T:
        """The work's return value; raises its error, or Cancelled if cancelled."""
        try:
            return await asyncio.shield(self._future)
        except asyncio.CancelledError:
            if self._future.cancelled():
                raise Cancelled() from None
            raise

    def __await__(self) -> Generator[Any, None, T]:
        return self.result().__await__()

    def add_done_callback(self, callback: Callable[[Job[T]], None]) -> None:
        self._future.add_done_callback(lambda _future: callback(self))

    # --- used by the runner (loop thread) and the work (any thread) -------------------

    def set_result(self, value: T) -> None:
        if not self._future.done():
            self._future.set_result(value)

    def set_exception(self, error: BaseException) -> None:
        if self._future.done():
            return
        if isinstance(error, Cancelled):
            self._future.cancel()
            return
        self._future.set_exception(error)

    def post_progress(self, value: object) -> None:
        """Thread-safe: deliver ``value`` to ``on_progress`` on the loop thread."""
        if self._on_progress is None or self.cancel_token.cancelled:
            return

        try:
            self._loop.call_soon_threadsafe(self._deliver_progress, value)
        except RuntimeError:
            logger.debug("loop closed; progress of %r dropped", self)

    def _deliver_progress(self, value: object) -> None:
        if self._on_progress is None or self.cancel_token.cancelled:
            return

        try:
            self._on_progress(value)
        except Exception:
            logger.exception("progress callback of %r failed", self)


def completed_job(loop: asyncio.AbstractEventLoop, name: str, value: T) -> Job[T]:
    """A job that is already done, e.g. a listing served from the session cache."""
    job: Job[T] = Job(loop, name, None)
    job.set_result(value)
    return job


def _mark_retrieved(future: asyncio.Future[Any]) -> None:
    """A failed job that nobody awaits (superseded, closed dialog) must not log
    "exception was never retrieved": the runner has already logged it."""
    if not future.cancelled():
        future.exception()
