"""``imagedesk --demo --smoke`` runs the demo flow through the real windows and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )
    return subprocess.run(
        [sys.executable, "-m", "imagedesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )


def test_demo_smoke_imports_an_image_and_exits_zero(tmp_path: Path) -> None:
    result = _run(tmp_path, "--demo", "--smoke")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Smoke run passed: imported ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "config").exists()  # the smoke run remembers no window state


def test_screenshots_without_the_demo_are_refused_with_a_sentence(tmp_path: Path) -> None:
    result = _run(tmp_path, "--screenshots", str(tmp_path / "shots"))

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "--screenshots needs --demo: the pictures show the demo's registry."
    )
    assert not (tmp_path / "shots").exists()
