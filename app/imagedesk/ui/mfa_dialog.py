"""Asking for an MFA code while a registry call waits on a worker thread.

The ECR client calls its ``mfa_prompt(text) -> str`` on a worker thread, in the middle
of resolving a profile's role. :class:`MfaPromptBridge` is that callable: it schedules
the dialog on the UI loop and waits on a ``concurrent.futures.Future`` with a timeout,
so the worker never waits on something nobody may answer. A cancelled or unanswered
dialog raises :class:`MfaCodeMissing`, which the diagnosis shows as a sentence.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import threading
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import MfaCodeMissing
from imagedesk.domain.models import Registry, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.jobs.client_pool import ClientFactory
from imagedesk.registry.base import RegistryClient

logger = logging.getLogger(__name__)

MFA_TIMEOUT = 300.0  # seconds: a code from a phone app, typed by a person
MFA_TIMED_OUT = (
    "No MFA code was entered within {minutes} minutes, so the test stopped. "
    "Test again and enter the current code from your MFA device."
)
_CODE = re.compile(r"\d{6}")
_SERIAL = re.compile(r"arn:[\w-]+:iam::\d{12}:mfa/[\w+=,.@/-]+")


class MfaDialog(QDialog):
    """One six-digit code for the MFA device named in ``prompt``."""

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("MFA code")
        self.setMinimumWidth(440)

        serial = _SERIAL.search(prompt)
        device = serial.group(0) if serial else prompt.strip().rstrip(":")
        self.explanation = QLabel(
            "The AWS profile assumes a role that needs a code from your MFA device:"
        )
        self.explanation.setWordWrap(True)
        self.device_label = QLabel(device or "your MFA device")
        self.device_label.setStyleSheet("font-weight: bold;")
        self.device_label.setWordWrap(True)
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("6 digits")
        self.code_edit.setMaxLength(6)
        self.code_edit.setValidator(QRegularExpressionValidator(r"\d{0,6}", self.code_edit))
        self.code_edit.textChanged.connect(self._on_code_changed)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.device_label)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.buttons)

    def code(self) -> str:
        return self.code_edit.text().strip()

    def _on_code_changed(self, text: str) -> None:
        self.ok_button.setEnabled(_CODE.fullmatch(text.strip()) is not None)


class MfaPromptBridge:
    """``mfa_prompt`` for registry clients: call it from a worker thread only.

    ``parent`` returns the window to centre the dialog on (it may be gone by then).
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        parent: Callable[[], QWidget | None] = lambda: None,
        *,
        timeout: float = MFA_TIMEOUT,
    ) -> None:
        self._loop = loop
        self._parent = parent
        self._timeout = timeout
        self._lock = threading.Lock()
        self.open_dialog: MfaDialog | None = None  # while one is shown (for tests)

    def __call__(self, prompt: str) -> str:
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("the MFA prompt waits for the UI thread; call it from a worker")

        # One dialog at a time: a second registry asking meanwhile waits its turn.
        with self._lock:
            future: concurrent.futures.Future[str] = concurrent.futures.Future()
            self._loop.call_soon_threadsafe(self._open, prompt, future)
            try:
                return future.result(timeout=self._timeout)
            except concurrent.futures.TimeoutError:
                self._loop.call_soon_threadsafe(self._give_up, future)
                minutes = max(1, round(self._timeout / 60))
                raise MfaCodeMissing(MFA_TIMED_OUT.format(minutes=minutes)) from None

    # --- on the UI thread ---------------------------------------------------------------

    def _open(self, prompt: str, future: concurrent.futures.Future[str]) -> None:
        if future.done():
            return
        dialog = MfaDialog(prompt, self._parent())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._settle(dialog, future, result))
        self.open_dialog = dialog
        logger.info("asking for an MFA code")
        dialog.open()

    def _settle(
        self, dialog: MfaDialog, future: concurrent.futures.Future[str], result: int
    ) -> None:
        if self.open_dialog is dialog:
            self.open_dialog = None
        if future.done():
            return
        if result == QDialog.DialogCode.Accepted and dialog.code():
            future.set_result(dialog.code())
        else:
            logger.info("the MFA code dialog was cancelled")
            future.set_exception(MfaCodeMissing())

    def _give_up(self, future: concurrent.futures.Future[str]) -> None:
        """The worker stopped waiting: close the dialog it was waiting for."""
        if not future.done():
            future.set_exception(MfaCodeMissing())
        dialog = self.open_dialog
        if dialog is not None:
            self.open_dialog = None
            dialog.reject()


def with_mfa_prompt(factory: ClientFactory, prompt: Callable[[str], str]) -> ClientFactory:
    """``factory`` whose clients ask ``prompt`` for MFA codes (those that can ask)."""

    def make(registry: Registry, secrets: RegistrySecrets, settings: Settings) -> RegistryClient:
        client = factory(registry, secrets, settings)
        if hasattr(client, "mfa_prompt"):
            client.mfa_prompt = prompt
        return client

    return make
