"""The command line logs to a private folder during tests, never to the platform's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imagedesk.cli.cli_logging import LOG_DIR_ENV


@pytest.fixture(autouse=True)
def _cli_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.getbasetemp() / "cli-log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(LOG_DIR_ENV, str(folder))
        yield folder
