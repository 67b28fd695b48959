"""The PyInstaller one-folder build runs from its output alone.

Building takes minutes, so the default run skips this; CI or a release maker sets
``IMAGEDESK_BUILD_CHECK=1`` to build and run the bundle.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.sh"

pytestmark = pytest.mark.skipif(
    os.environ.get("IMAGEDESK_BUILD_CHECK") != "1",
    reason="the PyInstaller build takes minutes; set IMAGEDESK_BUILD_CHECK=1 to check it",
)


def _sandboxed_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN"):
        environment.pop(name, None)
    return environment


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build once into a temporary folder; the executable of the one-folder build."""
    output = tmp_path_factory.mktemp("pyinstaller")
    environment = _sandboxed_environment()
    environment.update(DIST_DIR=str(output / "dist"), WORK_DIR=str(output / "work"))
    environment.setdefault("PYTHON", str(ROOT / ".venv" / "bin" / "python"))

    result = subprocess.run(
        ["bash", str(BUILD_SCRIPT)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=1500,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    yield output / "dist" / "imagedesk" / "imagedesk"


def _run(bundle: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    # Run from an empty folder so nothing from the source tree can be imported.
    return subprocess.run(
        [str(bundle), *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=_sandboxed_environment(),
        cwd=bundle.parent.parent,
        timeout=120,
    )


@pytest.mark.timeout(1800)
def test_bundle_prints_its_help(bundle: Path) -> None:
    result = _run(bundle, "--help")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: imagedesk")


@pytest.mark.timeout(1800)
def test_bundle_carries_resources_qt_svg_boto_and_moto(bundle: Path) -> None:
    result = _run(bundle, "--bundle-selfcheck")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "bundle self-check passed" in result.stdout


@pytest.mark.timeout(1800)
def test_bundle_runs_the_check_command_help(bundle: Path) -> None:
    if "check" not in _run(bundle, "--help").stdout:
        pytest.skip("`imagedesk check` has not landed in this checkout yet")

    result = _run(bundle, "check", "--help")

    assert result.returncode == 0, result.stderr
    assert "usage: imagedesk check" in result.stdout


@pytest.mark.timeout(1800)
def test_bundle_runs_the_demo_flow_headless(bundle: Path) -> None:
    result = _run(bundle, "--demo", "--smoke")

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
