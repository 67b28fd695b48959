"""The job runner: per-queue serialisation, parallel queues, cancel, stale results, shutdown."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest

from imagedesk.domain.errors import Cancelled, NotFound
from imagedesk.jobs.job import JobControl
from imagedesk.jobs.latest import LatestRequest, Superseded
from imagedesk.jobs.runner import JobRunner, RunnerClosed


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def runner(loop: asyncio.AbstractEventLoop) -> Iterator[JobRunner]:
    runner = JobRunner(loop, max_workers=4)
    yield runner
    loop.run_until_complete(runner.shutdown(timeout=2.0))


def _recorder(log: list[str], label: str, seconds: float = 0.05):  # type: ignore[no-untyped-def]
    def work(control: JobControl) -> str:
        log.append(f"start {label}")
        time.sleep(seconds)
        log.append(f"end {label}")
        return label

    return work


def test_jobs_of_one_queue_run_one_after_the_other(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    log: list[str] = []
    first = runner.submit(_recorder(log, "a"), queue="registry-1")
    second = runner.submit(_recorder(log, "b"), queue="registry-1")

    async def both() -> list[str]:
        return [await first, await second]

    assert loop.run_until_complete(both()) == ["a", "b"]
    assert log == ["start a", "end a", "start b", "end b"]


def test_jobs_of_different_queues_run_side_by_side(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    barrier = threading.Barrier(2, timeout=5)

    def meet(control: JobControl) -> bool:
        barrier.wait()  # raises BrokenBarrierError unless both run at once
        return True

    jobs = [runner.submit(meet, queue="registry-1"), runner.submit(meet, queue="registry-2")]

    async def both() -> list[bool]:
        return [await job for job in jobs]

    assert loop.run_until_complete(both()) == [True, True]


def test_result_and_error_are_delivered(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    def fail(control: JobControl) -> None:
        raise NotFound("No repository named team-z/api.")

    assert loop.run_until_complete(runner.call(sum, [1, 2, 3]).result()) == 6
    with pytest.raises(NotFound, match="team-z/api"):
        loop.run_until_complete(runner.submit(fail).result())


def test_cancel_makes_awaiters_see_cancelled_at_once_and_keeps_the_queue_serial(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    started = threading.Event()
    release = threading.Event()
    log: list[str] = []

    def slow(control: JobControl) -> str:
        started.set()
        release.wait(5)
        log.append("slow finished")
        return "late"

    def next_one(control: JobControl) -> str:
        log.append("next started")
        return "next"

    slow_job = runner.submit(slow, queue="q")
    next_job = runner.submit(next_one, queue="q")

    async def scenario() -> str:
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
        slow_job.cancel()
        with pytest.raises(Cancelled):
            await slow_job
        assert log == []  # the cancelled thread still holds the queue
        release.set()
        return await next_job

    assert loop.run_until_complete(scenario()) == "next"
    assert log == ["slow finished", "next started"]


def test_a_job_cancelled_while_queued_never_runs(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    log: list[str] = []
    first = runner.submit(_recorder(log, "a"), queue="q")
    queued = runner.submit(_recorder(log, "b"), queue="q")
    queued.cancel()

    loop.run_until_complete(first.result())
    with pytest.raises(Cancelled):
        loop.run_until_complete(queued.result())
    assert log == ["start a", "end a"]


def test_progress_arrives_on_the_loop_thread_in_order(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    received: list[tuple[object, bool]] = []
    loop_thread = threading.get_ident()

    def pages(control: JobControl) -> int:
        for page in range(3):
            control.progress(page)
        return 3

    job = runner.submit(
        pages, on_progress=lambda v: received.append((v, threading.get_ident() == loop_thread))
    )
    assert loop.run_until_complete(job.result()) == 3
    loop.run_until_complete(asyncio.sleep(0))
    assert received == [(0, True), (1, True), (2, True)]


def test_progress_after_cancel_is_dropped(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    received: list[object] = []
    gate = threading.Event()

    def pages(control: JobControl) -> None:
        gate.wait(5)
        control.progress("late page")

    job = runner.submit(pages, on_progress=received.append)
    job.cancel()
    gate.set()
    loop.run_until_complete(runner.shutdown(timeout=2.0))
    assert received == []


def test_latest_request_drops_a_superseded_result(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    latest = LatestRequest("tags")
    old = runner.submit(_recorder([], "old", 0.2))
    new = runner.submit(_recorder([], "new", 0.0))

    async def scenario() -> tuple[str, str]:
        old_task = asyncio.ensure_future(latest.run(old))
        await asyncio.sleep(0)
        new_value = await latest.run(new)
        try:
            await old_task
        except Superseded:
            return ("superseded", new_value)
        except Cancelled:
            return ("cancelled", new_value)
        return ("applied", new_value)

    assert loop.run_until_complete(scenario()) == ("cancelled", "new")
    assert old.cancelled


def test_latest_request_drops_a_result_arriving_after_close(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    latest = LatestRequest("repos")
    job = runner.submit(_recorder([], "r", 0.1))

    async def scenario() -> str:
        task = asyncio.ensure_future(latest.run(job))
        await asyncio.sleep(0)
        latest.close()
        try:
            return await task
        except Cancelled:
            return "dropped"

    assert loop.run_until_complete(scenario()) == "dropped"
    with pytest.raises(Superseded):
        loop.run_until_complete(latest.run(runner.call(int)))


def test_shutdown_cancels_everything_and_refuses_new_jobs(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    def until_cancelled(control: JobControl) -> None:
        while not control.cancel.wait(0.01):
            pass
        control.raise_if_cancelled()

    jobs = [runner.submit(until_cancelled, queue=n) for n in range(3)]

    started = time.monotonic()
    assert loop.run_until_complete(runner.shutdown(timeout=2.0)) is True
    assert time.monotonic() - started < 1.0
    assert all(job.cancelled for job in jobs)
    assert runner.active_jobs == []
    with pytest.raises(RunnerClosed):
        runner.call(int)


def test_shutdown_gives_up_on_a_stuck_job_within_its_timeout(
    loop: asyncio.AbstractEventLoop, runner: JobRunner
) -> None:
    release = threading.Event()
    runner.submit(lambda control: release.wait(10), name="stuck call")

    started = time.monotonic()
    assert loop.run_until_complete(runner.shutdown(timeout=0.2)) is False
    assert time.monotonic() - started < 2.0
    release.set()
