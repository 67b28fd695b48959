"""Exit leaves no task pending and waits at most a second for background work."""

from __future__ import annotations

import asyncio
import time

from imagedesk.ui import app
from imagedesk.ui.context import AppContext


def test_exit_cancels_and_awaits_the_tasks_windows_left(
    qasync_loop: asyncio.AbstractEventLoop, ui_context: AppContext
) -> None:
    async def forever() -> None:
        await asyncio.Event().wait()

    left = [qasync_loop.create_task(forever()) for _ in range(3)]
    started = time.monotonic()

    assert app._shut_down(qasync_loop, ui_context, 0) == 0

    assert time.monotonic() - started < 1.0
    assert all(task.cancelled() for task in left)


def test_a_blocked_worker_is_waited_for_at_most_one_second() -> None:
    assert app.SHUTDOWN_TIMEOUT_S <= 1.0
