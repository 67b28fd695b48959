"""Help › Log viewer: the end of the current log file, refreshed on demand or as it grows.

The file is already redacted when written (see :mod:`imagedesk.ui.logging_setup`); the
viewer reads at most :data:`TAIL_BYTES` from its end, a local read of a few
milliseconds, so it runs on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.support.diagnostics import current_log_files
from imagedesk.ui.icons import icon

logger = logging.getLogger(__name__)

TAIL_BYTES = 256 * 1024
FOLLOW_INTERVAL_MS = 2000
NO_LOG_TEXT = "Image Desk is not writing a log file in this run."


def read_tail(path: Path, max_bytes: int = TAIL_BYTES) -> str:
    """The last ``max_bytes`` of ``path`` as text, starting at a whole line."""
    with path.open("rb") as stream:
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(max(0, size - max_bytes))
        data = stream.read()

    text = data.decode("utf-8", errors="replace")
    if size > max_bytes:
        text = text.partition("\n")[2]  # the first line was cut in the middle
    return text


class LogViewer(QDialog):
    """Shows the tail of the first of ``log_files`` (the app's own log by default)."""

    def __init__(
        self, log_files: Sequence[Path] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log viewer")
        files = list(log_files) if log_files is not None else current_log_files()
        self.log_path: Path | None = files[0] if files else None

        self.path_label = QLabel(str(self.log_path) if self.log_path else NO_LOG_TEXT)
        self.path_label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        self.refresh_button = QPushButton(icon("refresh"), "&Refresh")
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip("Read the log file again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.follow_box = QCheckBox("&Follow")
        self.follow_box.setToolTip("Read the file again every two seconds")
        self.follow_box.toggled.connect(self._on_follow_toggled)
        self.copy_button = QPushButton(icon("copy"), "&Copy all")
        self.copy_button.clicked.connect(self.copy_all)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        self._timer = QTimer(self)
        self._timer.setInterval(FOLLOW_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)

        self._build_layout()
        self.resize(900, 560)
        self.refresh()

    def refresh(self) -> None:
        if self.log_path is None:
            self.text.setPlainText("")
            return

        try:
            tail = read_tail(self.log_path)
        except OSError as error:
            logger.debug("log file %s not readable: %s", self.log_path, error)
            tail = f"The log file cannot be read: {error.strerror or error}"
        if tail != self.text.toPlainText():
            self.text.setPlainText(tail)
            self.text.moveCursor(QTextCursor.MoveOperation.End)
            self.text.ensureCursorVisible()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)

    def _on_follow_toggled(self, follow: bool) -> None:
        if follow:
            self.refresh()
            self._timer.start()
        else:
            self._timer.stop()

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.refresh_button)
        tools.addWidget(self.follow_box)
        tools.addStretch(1)
        tools.addWidget(self.copy_button)
        tools.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.path_label)
        layout.addWidget(self.text, 1)
        layout.addLayout(tools)
