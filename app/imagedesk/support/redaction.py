"""Masks anything shaped like a credential in text: log records, error details, bundles.

This is the Qt-free home of the redaction the desktop logging uses, so the command
line, the diagnostic bundle and the tests share one set of patterns. Each pattern
keeps just enough of what it hid (``AKIA***``, ``eyJ***``) to tell what it was.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

logger = logging.getLogger(__name__)

MASK = "***"
ACCOUNT_MASK = "<account>"

_SECRET_WORDS = (
    r"password|passwd|pwd|secret(?:_?access_?key)?|session_?token|security_?token"
    r"|access_?token|refresh_?token|id_?token|token|api_?key|client_?secret"
)

# (pattern, replacement), applied in this order.
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # HTTP Authorization headers (Basic, Bearer, AWS4 signatures): the whole value.
    (
        re.compile(r"(?i)\b((?:proxy-)?authorization[\"']?\s*[=:]\s*[\"']?)[^\"'\r\n]+"),
        rf"\1{MASK}",
    ),
    # key=value or "key": "value" forms, including x-amz-security-token headers.
    (
        re.compile(rf"(?i)\b((?:x-amz-)?(?:{_SECRET_WORDS})[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;}}]+"),
        rf"\1{MASK}",
    ),
    # JSON Web Tokens (web identity tokens): header.payload.signature
    (re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*"), f"eyJ{MASK}"),
    # ECR authorization tokens: base64 of "AWS:<password>"
    (re.compile(r"\bQVdTO[A-Za-z0-9+/=]{20,}"), f"QVdTO{MASK}"),
    # AWS access key ids (long-term and temporary)
    (re.compile(r"\b(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b"), rf"\1{MASK}"),
    # AWS secret access keys: 40 characters of base64 standing alone
    (re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"), MASK),
    # Session tokens and other long base64 blobs (80+ characters; a sha256 hex is 64)
    # (mixed case and digits, so long paths and words are left alone)
    (
        re.compile(
            r"(?<![A-Za-z0-9/+=_-])(?=[A-Za-z0-9/+]*[0-9])(?=[A-Za-z0-9/+]*[a-z])"
            r"(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{80,}={0,2}"
        ),
        MASK,
    ),
)

# A 12-digit AWS account id standing alone (in ARNs, ECR hosts, messages).
_ACCOUNT_ID = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")


def redact(text: str) -> str:
    """``text`` with everything shaped like a credential replaced by a mask."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def mask_account_ids(text: str) -> str:
    """``text`` with every 12-digit AWS account id replaced by ``<account>``."""
    return _ACCOUNT_ID.sub(ACCOUNT_MASK, text)


def mask_known(text: str, secrets: Iterable[str], *, shortest: int = 4) -> str:
    """``text`` with each of the given secret values (and nothing shorter than
    ``shortest`` characters, which would mask ordinary words) replaced by the mask."""
    for secret in sorted({s for s in secrets if len(s) >= shortest}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) through :func:`redact`.

    Put it on every handler: a filter on the root logger does not see the records
    of child loggers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
