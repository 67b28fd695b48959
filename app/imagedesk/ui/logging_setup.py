"""Logging for the desktop app: a rotating file, redaction, and Qt's messages routed in.

The redaction filter (:mod:`imagedesk.support.redaction`) sits on every handler (filters
on the root logger would not see records from child loggers), so nothing shaped like a
key, secret, token or password reaches a file or the terminal, whoever logged it.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

# One list of patterns for the whole app: the Qt-free redactor the command line and the
# diagnostic bundle use too. Re-exported here for callers that import it from this module.
from imagedesk.support.redaction import MASK, RedactingFilter, redact

logger = logging.getLogger(__name__)

__all__ = ["MASK", "RedactingFilter", "redact", "setup_logging"]

LOG_FILE_NAME = "imagedesk.log"
LOG_FILE_BYTES = 2 * 1024 * 1024
LOG_FILE_BACKUPS = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """Log debug and up to a rotating file in ``log_dir``; warnings (or everything, when
    verbose) to stderr. Returns the log file path, or None when it could not be made."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    redaction = RedactingFilter()
    formatter = logging.Formatter(_FORMAT)

    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    _add_handler(root, console, formatter, redaction)

    log_path = _add_file_handler(root, log_dir, formatter, redaction)
    for noisy in ("botocore", "boto3", "urllib3", "werkzeug", "httpx", "httpcore", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.INFO)

    qInstallMessageHandler(_qt_message_handler)
    logger.info("Image Desk starting; log file %s", log_path)
    return log_path


def _add_file_handler(
    root: logging.Logger,
    log_dir: Path | None,
    formatter: logging.Formatter,
    redaction: logging.Filter,
) -> Path | None:
    if log_dir is None:
        return None

    path = log_dir / LOG_FILE_NAME
    try:
        handler = RotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        logger.warning("cannot write the log file %s: %s", path, error)
        return None

    handler.setLevel(logging.DEBUG)
    _add_handler(root, handler, formatter, redaction)
    return path


def _add_handler(
    root: logging.Logger,
    handler: logging.Handler,
    formatter: logging.Formatter,
    redaction: logging.Filter,
) -> None:
    handler.setFormatter(formatter)
    handler.addFilter(redaction)
    root.addHandler(handler)


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

_qt_logger = logging.getLogger("qt")


# Qt warnings that say only that the platform lacks a feature (the offscreen platform used
# by --smoke, --screenshots and the tests cannot pass size hints to a window manager).
_PLATFORM_LIMITS = ("This plugin does not support",)


def _qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "qt"
    level = _QT_LEVELS.get(kind, logging.WARNING)
    if level == logging.WARNING and message.startswith(_PLATFORM_LIMITS):
        level = logging.DEBUG
    _qt_logger.log(level, "[%s] %s", category, message)
