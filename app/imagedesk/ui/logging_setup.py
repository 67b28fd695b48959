"""Logging for the desktop app: a rotating file, redaction, and Qt's messages routed in.

The redaction filter sits on every handler (filters on the root logger would not see
records from child loggers), so nothing shaped like a key, secret, token or password
reaches a file or the terminal, whoever logged it.
"""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

logger = logging.getLogger(__name__)

LOG_FILE_NAME = "imagedesk.log"
LOG_FILE_BYTES = 2 * 1024 * 1024
LOG_FILE_BACKUPS = 5
MASK = "***"

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

# (pattern, replacement): each keeps just enough to tell what was hidden.
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # key=value style: password=..., secret: ..., "token": "..."
    (
        re.compile(
            r"(?i)\b((?:password|passwd|secret(?:_?access_?key)?|session_?token|token)"
            r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;}]+"
        ),
        rf"\1{MASK}",
    ),
    # JSON Web Tokens (web identity tokens): header.payload.signature
    (re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*"), f"eyJ{MASK}"),
    # ECR authorization tokens: base64 of "AWS:<password>"
    (re.compile(r"\bQVdTO[A-Za-z0-9+/=]{20,}"), f"QVdTO{MASK}"),
    # AWS access key ids (long-term and temporary)
    (re.compile(r"\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b"), rf"\1{MASK}"),
    # AWS secret access keys: 40 characters of base64 standing alone
    (re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"), MASK),
)


def redact(text: str) -> str:
    """``text`` with everything shaped like a credential replaced by a mask."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


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


def _qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "qt"
    _qt_logger.log(_QT_LEVELS.get(kind, logging.WARNING), "[%s] %s", category, message)
