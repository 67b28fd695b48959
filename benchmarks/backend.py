"""(a) Backend listing time: EcrClient against a bare boto3 paginator and the AWS CLI.

All three read the same pages from the same child-process server in the same run."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.report import Figure
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
from imagedesk.registry.ecr.client import EcrClient

CLI_TIMEOUT_S = 120


def backend_figures(world: World, repeats: int) -> list[Figure]:
    """Listing on ready clients (the app keeps one per registry in its pool, so a
    listing never pays for it); building the clients is measured on its own."""
    ours = EcrClient(world.registry(), fake_secrets(), Settings())
    ours.ecr()
    bare = _bare_client(world)

    figures: list[Figure] = []
    for label, ours_listing, bare_listing, cli_args, expected in (
        (
            "repositories",
            lambda: _count(ours),
            lambda: _bare(bare, "describe_repositories", "repositories", {}),
            ["describe-repositories"],
            world.repository_count,
        ),
        (
            "images",
            lambda: _count(ours, IMAGES_REPOSITORY),
            lambda: _bare(
                bare, "describe_images", "imageDetails", {"repositoryName": IMAGES_REPOSITORY}
            ),
            ["describe-images", "--repository-name", IMAGES_REPOSITORY],
            world.image_count,
        ),
    ):
        figures.extend(
            _compare(label, ours_listing, bare_listing, cli_args, expected, world, repeats)
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
    bare: Callable[[], int],
    cli_args: list[str],
    expected: int,
    world: World,
    repeats: int,
) -> list[Figure]:
    counted = ours()  # also the warm-up run, for both (they read the same answers)
    bare()
    ours_s, bare_s = _interleaved_medians(ours, bare, repeats)
    ratio = ours_s / bare_s
    figures = [
        Figure(f"{label}: items listed by EcrClient", f"{counted:,}", f"{expected:,}", None),
        Figure(f"{label}: EcrClient listing", f"{ours_s * 1000:.0f} ms"),
        Figure(f"{label}: bare boto3 paginator", f"{bare_s * 1000:.0f} ms"),
        Figure(f"{label}: EcrClient / boto3", f"{ratio:.2f}", "<= 1.10", ratio <= 1.10),
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


def _interleaved_medians(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median times of both, run in turns so that a busy moment of the machine
    weighs on both alike rather than on whichever ran then."""
    first_times: list[float] = []
    second_times: list[float] = []
    for _ in range(repeats):
        first_times.append(median_seconds(first, 1))
        second_times.append(median_seconds(second, 1))
    return statistics.median(first_times), statistics.median(second_times)


def _count(client: EcrClient, repository: str | None = None) -> int:
    cancel = CancelToken()
    if repository is None:
        pages = client.iter_repository_pages(cancel)
        return sum(len(page) for page in pages)
    return sum(len(page) for page in client.iter_image_pages(repository, cancel))


def _bare_client(world: World) -> Any:
    """The plainest boto3 client for the same endpoint, with the same timeouts."""
    return boto3.client(
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
