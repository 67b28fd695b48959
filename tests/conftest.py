"""Fixtures shared by every test folder."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend

from imagedesk.store.memory_keyring import MemoryKeyring

# Shared machines are noisy: no per-example deadline. CI replays the same examples
# every run, so a run fails for a change, not for the draw.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def _aws_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real AWS account or an instance-metadata address."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Select an in-memory keyring backend through keyring's own API."""
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def qasync_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """The one qasync loop of the test session, shared by every UI and end-to-end test.

    A loop per test left closed loops' Qt timers for the garbage collector, which could
    free them from a worker thread; a timer firing later then crashed the process.
    Closing a dialog must not quit the application (that would stop the loop).
    """
    import qasync

    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def _hide_leftover_windows() -> Iterator[None]:
    """Hide every window a test left open.

    A dialog the app made without a parent can outlive its test in a reference
    cycle; when the collector later destroys it while it is still shown, Qt's
    offscreen platform crashes while hiding it. Hidden, it is destroyed quietly.

    TODO: collecting a UI test's garbage right here (gc.collect()) still crashes,
    but only inside the D-Bus + gnome-keyring session of scripts/run-tests; find
    the object whose destruction crashes and then collect here on purpose.
    """
    yield

    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for window in app.topLevelWidgets():
        if window.isVisible():
            window.hide()
