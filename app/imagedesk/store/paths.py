"""Where Image Desk keeps its catalog and logs, following the platform's conventions."""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

logger = logging.getLogger(__name__)

APP_NAME = "imagedesk"
CATALOG_FILE_NAME = "catalog.sqlite3"


def data_dir(override: str | None = None) -> Path:
    """The data folder (``--data-dir`` when given, else the platform's), created if missing."""
    if override:
        path = Path(override).expanduser()
    else:
        path = platformdirs.user_data_path(APP_NAME, appauthor=False)

    path.mkdir(parents=True, exist_ok=True)
    logger.debug("data folder: %s", path)
    return path


def catalog_path(data_dir: Path) -> Path:
    return data_dir / CATALOG_FILE_NAME


def log_dir() -> Path:
    """The platform's log folder for Image Desk, created if missing."""
    path = platformdirs.user_log_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path
