"""``imagedesk --demo --screenshots DIR`` writes every picture at its size."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, path.name
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_every_screenshot_is_written_at_its_size(tmp_path: Path) -> None:
    from imagedesk.ui.screenshots import SHOT_SIZES

    shots = tmp_path / "shots"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_STATE_HOME=str(tmp_path / "state"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )

    result = subprocess.run(
        [sys.executable, "-m", "imagedesk", "--demo", "--screenshots", str(shots)],
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in shots.iterdir()) == sorted(SHOT_SIZES)
    for name, size in SHOT_SIZES.items():
        width, height = _png_size(shots / name)
        assert width == size.width(), name
        if size.height():
            assert height == size.height(), name
        else:  # as tall as the dialog's content: at least a form's worth
            assert 300 <= height <= 1000, name
        assert (shots / name).stat().st_size > 10_000, name
