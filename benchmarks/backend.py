"""(a) Backend listing time: EcrClient against a bare boto3 paginator and the AWS CLI.

All read the same pages from the same child-process server in the same run. The bare
loop is boto3 as it comes; EcrClient's sessions parse timestamps straight into UTC
(``registry.ecr.botocore_sessions``), so a second bare loop with that one setting is
timed too, as a reference: it shows how much of the difference that setting makes and
what the rest of EcrClient costs."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.report import Figure, spread
from benchmarks.setting import (
    FAKE_ACCESS_KEY_ID,
    FAKE_SECRET,
    IMAGES_REPOSITORY,
    SAFE_ENVIRONMENT,
    World,
    fake_secrets,
    median_seconds,
)
from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.models import Settings
from imagedesk.registry.ecr.botocore_sessions import parse_utc_timestamp
from imagedesk.registry.ecr.client import EcrClient

CLI_TIMEOUT_S = 120


def backend_figures(world: World, repeats: int) -> list[Figure]:
    """Listing on ready clients (the app keeps one per registry in its pool, so a
    listing never pays for it); building the clients is measured on its own."""
    ours = EcrClient(world.registry(), fake_secrets(), Settings())
    ours.ecr()
    bare = _bare_client(world)
    bare_utc = _bare_client(world, utc_timestamps=True)

    figures: list[Figure] = []
    images = {"repositoryName": IMAGES_REPOSITORY}
    for label, ours_listing, bare_listings, cli_args, expected in (
        (
            "repositories",
            lambda: _count(ours),
            (
                lambda: _bare(bare, "describe_repositories", "repositories", {}),
                lambda: _bare(bare_utc, "describe_repositories", "repositories", {}),
            ),
            ["describe-repositories"],
            world.repository_count,
        ),
        (
            "images",
            lambda: _count(ours, IMAGES_REPOSITORY),
            (
                lambda: _bare(bare, "describe_images", "imageDetails", images),
                lambda: _bare(bare_utc, "describe_images", "imageDetails", images),
            ),
            ["describe-images", "--repository-name", IMAGES_REPOSITORY],
            world.image_count,
        ),
    ):
        figures.extend(
            _compare(label, ours_listing, bare_listings, cli_args, expected, world, repeats)
        )
    return figures + _setup_figures(world, repeats)


def _setup_figures(world: World, repeats: int) -> list[Figure]:
    """Building a client: EcrClient resolves keys into its own boto3 session (so no
    two registries share credentials); the bare loop uses boto3's default session."""
    ours_s = median_seconds(
        lambda: EcrClient(world.registry(), fake_secrets(), Settings()).ecr(), repeats
    )
    bare_s = median_seconds(lambda: _bare_client(world), repeats)
    return [
        Figure("client setup: EcrClient (session + client)", f"{ours_s * 1000:.1f} ms"),
        Figure("client setup: bare boto3.client", f"{bare_s * 1000:.1f} ms"),
    ]


def _compare(
    label: str,
    ours: Callable[[], int],
    bare: tuple[Callable[[], int], Callable[[], int]],
    cli_args: list[str],
    expected: int,
    world: World,
    repeats: int,
) -> list[Figure]:
    counted = ours()  # also the warm-up run, for all (they read the same answers)
    for loop in bare:
        loop()
    ours_times, bare_times, utc_times = _interleaved_times((ours, *bare), repeats)
    ours_s, bare_s, utc_s = (statistics.median(t) for t in (ours_times, bare_times, utc_times))
    ratios = [o / b for o, b in zip(ours_times, bare_times, strict=True)]
    ratio = statistics.median(ratios)
    utc_ratio = statistics.median(o / u for o, u in zip(ours_times, utc_times, strict=True))
    figures = [
        Figure(f"{label}: items listed by EcrClient", f"{counted:,}", f"{expected:,}", None),
        Figure(f"{label}: EcrClient listing", f"{ours_s * 1000:.0f} ms"),
        Figure(f"{label}: bare boto3 paginator", f"{bare_s * 1000:.0f} ms"),
        Figure(f"{label}: EcrClient / boto3", f"{ratio:.2f}", "<= 1.10", ratio <= 1.10),
        Figure(f"{label}: EcrClient / boto3, min/median/max of runs", spread(ratios)),
        Figure(f"{label}: bare boto3, UTC timestamps (reference)", f"{utc_s * 1000:.0f} ms"),
        Figure(f"{label}: EcrClient / boto3 with UTC timestamps", f"{utc_ratio:.2f}"),
    ]

    if shutil.which("aws") is None:
        figures.append(Figure(f"{label}: aws cli", "not installed"))
        return figures
    cli_s = median_seconds(lambda: _aws_cli(world, cli_args), max(1, repeats - 1))
    cli_ratio = ours_s / cli_s
    figures.append(Figure(f"{label}: aws cli process", f"{cli_s * 1000:.0f} ms"))
    figures.append(
        Figure(f"{label}: EcrClient / aws cli", f"{cli_ratio:.2f}", "< 0.5", cli_ratio < 0.5)
    )
    return figures


def _interleaved_times(
    actions: tuple[Callable[[], object], ...], repeats: int
) -> list[list[float]]:
    """Wall times of each action over ``repeats`` rounds, run in turns so that a busy
    moment of the machine weighs on all alike rather than on whichever ran then."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, record in zip(actions, times, strict=True):
            record.append(median_seconds(action, 1))
    return times


def _count(client: EcrClient, repository: str | None = None) -> int:
    cancel = CancelToken()
    if repository is None:
        pages = client.iter_repository_pages(cancel)
        return sum(len(page) for page in pages)
    return sum(len(page) for page in client.iter_image_pages(repository, cancel))


def _bare_client(world: World, *, utc_timestamps: bool = False) -> Any:
    """The plainest boto3 client for the same endpoint, with the same timeouts; with
    ``utc_timestamps``, in a session of its own parsing timestamps as EcrClient does."""
    make_client: Any = boto3.client  # boto3's default session
    if utc_timestamps:
        session = boto3.Session()
        parsers = session._session.get_component("response_parser_factory")
        parsers.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
        make_client = session.client
    return make_client(
        "ecr",
        region_name="us-east-1",
        endpoint_url=world.proxy_url,
        aws_access_key_id=FAKE_ACCESS_KEY_ID,
        aws_secret_access_key=FAKE_SECRET,
        config=Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 2}),
    )


def _bare(ecr: Any, operation: str, key: str, arguments: dict[str, str]) -> int:
    """The plainest boto3 loop over the same data: one paginator, items counted."""
    paginator = ecr.get_paginator(operation)
    pages = paginator.paginate(PaginationConfig={"PageSize": 1000}, **arguments)
    return sum(len(page[key]) for page in pages)


def _aws_cli(world: World, arguments: list[str]) -> None:
    environment = {**os.environ, **SAFE_ENVIRONMENT}
    command = [
        "aws",
        "--endpoint-url",
        world.proxy_url,
        "ecr",
        *arguments,
        "--page-size",
        "1000",
        "--region",
        "us-east-1",
        "--output",
        "json",
    ]
    subprocess.run(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=CLI_TIMEOUT_S,
    )
