"""The ``imagedesk`` GUI start: ``--smoke`` opens the main window and exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_smoke_run_opens_the_window_and_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"))
    data_dir = tmp_path / "data"

    result = subprocess.run(
        [sys.executable, "-m", "imagedesk", "--smoke", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (data_dir / "catalog.sqlite3").is_file()
    assert "Traceback" not in result.stderr
