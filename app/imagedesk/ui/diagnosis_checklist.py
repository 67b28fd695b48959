"""A checklist that fills in live as a connection test reports its steps."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState

logger = logging.getLogger(__name__)

# The ECR steps, shown as pending before the first report arrives.
ECR_PLAN: tuple[tuple[str, str], ...] = (
    ("parse_host", "Parse the registry host"),
    ("credentials", "Resolve the credentials"),
    ("identity", "sts:GetCallerIdentity"),
    ("token", "ecr:GetAuthorizationToken"),
    ("list", "ecr:DescribeRepositories"),
)
# The v2 registry steps; the keys are those of registry.generic.diagnosis.STEPS.
GENERIC_PLAN: tuple[tuple[str, str], ...] = (
    ("parse_host", "Registry host"),
    ("reach", "Reach /v2/ (TLS)"),
    ("authenticate", "Log in"),
    ("list", "List repositories (/v2/_catalog)"),
    ("tags", "List tags of one repository"),
)

_MARKS = {
    StepState.PENDING: ("○", "#777777"),
    StepState.RUNNING: ("…", "#1a5fb4"),
    StepState.PASSED: ("✓", "#26a269"),
    StepState.FAILED: ("✗", "#b3261e"),
    StepState.WARNING: ("!", "#c64600"),
    StepState.SKIPPED: ("–", "#777777"),
}


class ChecklistLine(QWidget):
    """One step: a state mark, the step title, its sentence and optional details."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.state = StepState.PENDING

        self._mark = QLabel()
        self._mark.setFixedWidth(18)
        self._mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel(title)
        self._title.setStyleSheet("font-weight: bold;")
        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._toggle = QToolButton()
        self._toggle.setText("Details")
        self._toggle.setCheckable(True)
        self._toggle.setAutoRaise(True)
        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._details.setMaximumHeight(90)
        self._details.hide()
        self._toggle.toggled.connect(self._details.setVisible)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        # Mark and title share one line; the sentence and details go below the title.
        grid.addWidget(self._mark, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self._title, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self._toggle, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self._message, 1, 1, 1, 2)
        grid.addWidget(self._details, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.apply(StepResult(key=key, title=title, state=StepState.PENDING))

    @property
    def title(self) -> str:
        return self._title.text()

    @property
    def message(self) -> str:
        return self._message.text()

    @property
    def details(self) -> str:
        return self._details.toPlainText()

    @property
    def details_button(self) -> QToolButton:
        return self._toggle

    def apply(self, step: StepResult) -> None:
        self.state = step.state
        mark, color = _MARKS[step.state]
        self._mark.setText(mark)
        self._mark.setStyleSheet(f"color: {color}; font-weight: bold;")
        self._mark.setToolTip(step.state.value)
        if step.title:
            self._title.setText(step.title)
        self._message.setText(step.message)
        self._message.setVisible(bool(step.message))
        self._details.setPlainText(step.details)
        self._toggle.setVisible(bool(step.details))
        if not step.details:
            self._toggle.setChecked(False)


class DiagnosisChecklist(QWidget):
    """Lines keyed by step id; a report's steps update them in place, in order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: dict[str, ChecklistLine] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        # Spare height goes below the last line, not between the lines (in a resizable
        # scroll area the lines were pulled apart, each mark above its title).
        self._layout.addStretch(1)

    def lines(self) -> list[ChecklistLine]:
        return list(self._lines.values())

    def line(self, key: str) -> ChecklistLine | None:
        return self._lines.get(key)

    def reset(self, plan: tuple[tuple[str, str], ...] = ()) -> None:
        """Drop every line and show ``plan`` as pending steps."""
        for line in self._lines.values():
            self._layout.removeWidget(line)
            line.deleteLater()
        self._lines.clear()
        for key, title in plan:
            self._add_line(key, title)

    def apply_step(self, step: StepResult) -> None:
        line = self._lines.get(step.key) or self._add_line(step.key, step.title)
        line.apply(step)

    def apply_report(self, report: DiagnosisReport) -> None:
        """Show the final report: every reported step, and planned steps never run skipped."""
        for step in report.steps:
            self.apply_step(step)
        for line in self._lines.values():
            if line.state in (StepState.PENDING, StepState.RUNNING):
                line.apply(StepResult(line.key, line.title, StepState.SKIPPED, "Not run."))

    def stop(self, message: str) -> None:
        """The test ended early (cancelled, or it could not run): no step stays busy.

        The running step shows ``message``; the steps never reached show "Not run."
        """
        for line in self._lines.values():
            if line.state is StepState.RUNNING:
                line.apply(StepResult(line.key, line.title, StepState.SKIPPED, message))
            elif line.state is StepState.PENDING:
                line.apply(StepResult(line.key, line.title, StepState.SKIPPED, "Not run."))

    def _add_line(self, key: str, title: str) -> ChecklistLine:
        line = ChecklistLine(key, title, self)
        self._lines[key] = line
        self._layout.insertWidget(self._layout.count() - 1, line)
        return line
