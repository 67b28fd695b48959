"""Each benchmark runs on tiny data and prints its table (figures are not asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "repositories: EcrClient / boto3",
    "repositories: EcrClient / aws cli",
    "images: EcrClient / boto3",
    "browser: items received per second",
    "browser: time to first page shown",
    "repositories loading",
    "filter latency per keystroke, 3,000 rows (median)",
    "longest UI stall, filtering 3,000 rows",
    "peak RSS with 3,000 repositories",
    "longest UI stall, 10 registries at once",
)


@pytest.mark.timeout(180)
def test_every_benchmark_runs_on_tiny_data_and_prints_its_figures() -> None:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    command = [sys.executable, "-m", "benchmarks"]
    command += ["--repositories", "120", "--images", "40", "--filter-rows", "3000"]
    command += ["--repeats", "1"]

    finished = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=170
    )

    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "121 repositories, 40 images in one" in finished.stdout
    for figure in FIGURES:
        assert figure in finished.stdout
    assert "Traceback" not in finished.stderr
