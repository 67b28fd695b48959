"""The log redaction filter: keys, secrets, tokens and passwords never reach a log line."""

from __future__ import annotations

import logging
import sys

import pytest

from imagedesk.ui.logging_setup import RedactingFilter, redact

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQ"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"calling with secret {SECRET} now", SECRET),
        ("key AKIAIOSFODNN7EXAMPLE refused", "IOSFODNN7EXAMPLE"),
        (f"token file held {JWT}", "eyJzdWIiOiJzeXN0ZW06c2EifQ"),
        ("login password=hunter2&user=bob", "hunter2"),
        ('{"token": "abc.def.ghi"}', "abc.def.ghi"),
        ("auth QVdTOmV5SndZWGxzYjJGa0lqb2lN done", "QVdTOmV5SndZWGxzYjJGa0lqb2lN"),
    ],
)
def test_credential_shapes_are_masked(text: str, hidden: str) -> None:
    assert hidden not in redact(text)
    assert "***" in redact(text)


def test_ordinary_text_is_left_alone() -> None:
    text = "listed 42 repositories of 123456789012.dkr.ecr.us-east-1.amazonaws.com"
    assert redact(text) == text


def test_the_filter_redacts_arguments_and_tracebacks() -> None:
    try:
        raise ValueError(f"bad secret {SECRET}")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "key %s", ("AKIAIOSFODNN7EXAMPLE",), None
        )
        record.exc_info = sys.exc_info()

    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == "key AKIA***"
    assert record.exc_text is not None
    assert SECRET not in record.exc_text
    assert "ValueError" in record.exc_text


def test_the_desktop_log_uses_the_shared_redactor() -> None:
    from imagedesk.support import redaction
    from imagedesk.ui import logging_setup

    assert logging_setup.redact is redaction.redact
    assert logging_setup.RedactingFilter is redaction.RedactingFilter


def test_platform_limits_of_the_offscreen_plugin_are_not_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from imagedesk.ui.logging_setup import _qt_message_handler

    with caplog.at_level(logging.DEBUG, logger="qt"):
        _qt_message_handler(
            QtMsgType.QtWarningMsg,
            QMessageLogContext(),
            "This plugin does not support propagateSizeHints()",
        )
        _qt_message_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "something else")

    assert [r.levelno for r in caplog.records] == [logging.DEBUG, logging.WARNING]
