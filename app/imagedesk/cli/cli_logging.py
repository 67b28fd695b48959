"""Logging for the command line: everything to a rotating file, nothing to the terminal.

The terminal gets the commands' own sentences; tracebacks and library chatter (botocore,
the embedded server) go to the file, through the same redaction filter as the app's log.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from imagedesk.support.redaction import RedactingFilter

LOG_DIR_ENV = "IMAGEDESK_LOG_DIR"
LOG_FILE_NAME = "imagedesk-cli.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3

_installed: dict[Path, logging.Handler] = {}


def cli_log_path() -> Path:
    """``$IMAGEDESK_LOG_DIR/imagedesk-cli.log``, else the platform's log folder."""
    override = os.environ.get(LOG_DIR_ENV, "")
    if override:
        return Path(override).expanduser() / LOG_FILE_NAME
    from imagedesk.store.paths import log_dir

    return log_dir() / LOG_FILE_NAME


def setup_cli_logging(*, verbose: bool = False) -> Path | None:
    """Log debug and up to the CLI log file; returns its path, or None if unwritable.

    Calling it again (tests run many commands in one process) reuses the handler.
    """
    try:
        path = cli_log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError):
        return None

    root = logging.getLogger()
    wanted = logging.DEBUG if verbose else logging.INFO
    root.setLevel(min(root.level, wanted) if root.level else logging.NOTSET)
    if path in _installed:
        return path
    try:
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except (OSError, ValueError):
        return None
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    _installed[path] = handler
    return path
