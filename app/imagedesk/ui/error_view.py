"""The one way a failure is shown: a sentence, with the raw error under "Details".

Every page and dialog uses :class:`ErrorView` so that no failure ever reaches
the user as a traceback. The details text is shown as given; callers pass
text that is already free of secrets (``ImageDeskError.details`` is).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError

logger = logging.getLogger(__name__)

_GENERIC_SENTENCE = "Something went wrong. Open Details for the raw error."


def error_sentence(error: BaseException | str) -> str:
    """The user sentence for ``error``; never a traceback or an exception repr."""
    if isinstance(error, ImageDeskError):
        return error.message
    if isinstance(error, str):
        return error.strip() or _GENERIC_SENTENCE
    return _GENERIC_SENTENCE


def error_details(error: BaseException | str, details: str = "") -> str:
    """The raw text for "Details": explicit details first, then the error's own."""
    if details:
        return details
    if isinstance(error, ImageDeskError):
        return error.details
    if isinstance(error, BaseException):
        return f"{type(error).__name__}: {error}"
    return ""


class ErrorView(QFrame):
    """A red sentence and, when there is raw text, a "Details" toggle that reveals it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorView")
        self.setProperty("role", "error-view")

        self._sentence = QLabel()
        self._sentence.setWordWrap(True)
        self._sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._sentence.setStyleSheet("color: #b3261e;")
        self._sentence.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self._toggle = QToolButton()
        self._toggle.setText("Details")
        self._toggle.setCheckable(True)
        self._toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._toggle.setArrowType(Qt.ArrowType.RightArrow)
        self._toggle.toggled.connect(self._set_details_visible)

        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._details.setMaximumHeight(120)
        self._details.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._sentence)
        layout.addWidget(self._toggle, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._details)
        self.clear()

    @property
    def sentence(self) -> str:
        return self._sentence.text()

    @property
    def details(self) -> str:
        return self._details.toPlainText()

    @property
    def details_box(self) -> QPlainTextEdit:
        return self._details

    @property
    def details_button(self) -> QToolButton:
        return self._toggle

    def show_error(self, error: ImageDeskError | BaseException | str, details: str = "") -> None:
        """Show the sentence for ``error``; ``details`` overrides the error's own raw text."""
        raw = error_details(error, details)
        self._sentence.setText(error_sentence(error))
        self._details.setPlainText(raw)
        self._toggle.setVisible(bool(raw))
        self._toggle.setChecked(False)
        self.show()

    def clear(self) -> None:
        self._sentence.clear()
        self._details.clear()
        self._toggle.setChecked(False)
        self.hide()

    def _set_details_visible(self, visible: bool) -> None:
        self._details.setVisible(visible)
        arrow = Qt.ArrowType.DownArrow if visible else Qt.ArrowType.RightArrow
        self._toggle.setArrowType(arrow)
