"""The Try it tab: assume the role with a service-account token and run the ECR steps."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.errors import Cancelled, FieldError, ImageDeskError
from imagedesk.domain.irsa import IrsaInputs
from imagedesk.domain.secret import Secret
from imagedesk.jobs.job import JobControl
from imagedesk.jobs.runner import JobRunner
from imagedesk.registry.iam.try_role import try_role
from imagedesk.ui.diagnosis_checklist import ECR_PLAN, DiagnosisChecklist
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.irsa.background import PanelWork
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.field_error import FieldErrorLabel

logger = logging.getLogger(__name__)

InputsProvider = Callable[[bool], IrsaInputs | None]

TRY_HINT = (
    "Does what a pod would do: assume the role with a service-account token, then log in "
    "to the account's ECR registry and list it. Get a token with the last kubectl line."
)


class TryPanel(QWidget):
    def __init__(
        self,
        jobs: JobRunner,
        read_inputs: InputsProvider,
        *,
        endpoint_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._read_inputs = read_inputs
        self._endpoint_url = endpoint_url
        self.work = PanelWork(jobs, "IRSA trial")

        hint = QLabel(TRY_HINT)
        hint.setWordWrap(True)
        set_role(hint, Role.HINT)
        self.role_arn_edit = QLineEdit()
        self.role_arn_edit.setPlaceholderText("arn:aws:iam::123456789012:role/NAME")
        self.token_file_edit = QLineEdit()
        self.token_file_edit.setPlaceholderText("a file holding the token")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.token_edit = QPlainTextEdit()
        self.token_edit.setPlaceholderText("…or paste the token here")
        self.token_edit.setTabChangesFocus(True)
        self.token_edit.setFixedHeight(self.token_edit.fontMetrics().lineSpacing() * 4)
        self._errors = {
            "role_arn": FieldErrorLabel(self.role_arn_edit),
            "web_identity_token_file": FieldErrorLabel(self.token_file_edit),
            "web_identity_token": FieldErrorLabel(self.token_edit),
        }

        file_row = QHBoxLayout()
        file_row.addWidget(self.token_file_edit, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        rows = (
            (
                "Role AR&N*",
                self.role_arn_edit,
                _stacked(self.role_arn_edit, self._errors["role_arn"]),
            ),
            (
                "Token &file",
                self.token_file_edit,
                _stacked(file_row, self._errors["web_identity_token_file"]),
            ),
            (
                "Tok&en",
                self.token_edit,
                _stacked(self.token_edit, self._errors["web_identity_token"]),
            ),
        )
        for text, buddy, cell in rows:
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, cell)

        self.try_button = QPushButton("&Try it")
        self.try_button.clicked.connect(lambda: self.work.spawn(self.try_it()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.try_button)
        buttons.addStretch(1)

        self.checklist = DiagnosisChecklist()
        self.checklist.reset(ECR_PLAN)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.checklist)
        self.error_view = ErrorView()

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error_view)
        layout.addWidget(scroll, 1)

    def suggest_role_arn(self, role_arn: str) -> None:
        """Follow the assistant's role until the admin types an ARN of their own."""
        if not self.role_arn_edit.isModified():
            self.role_arn_edit.setText(role_arn)

    async def try_it(self) -> DiagnosisReport | None:
        inputs = self._read_inputs(False)
        if inputs is None:
            return None
        role_arn = self.role_arn_edit.text()
        token_text = self.token_edit.toPlainText()
        token = Secret(token_text) if token_text.strip() else None
        token_file = self.token_file_edit.text()
        endpoint_url = self._endpoint_url

        def work(control: JobControl) -> DiagnosisReport:
            return try_role(
                inputs,
                role_arn,
                token=token,
                token_file=token_file,
                endpoint_url=endpoint_url,
                on_step=control.progress,
                cancel=control.cancel,
            )

        for label in self._errors.values():
            label.clear_error()
        self.error_view.clear()
        self.checklist.reset(ECR_PLAN)
        self.try_button.setEnabled(False)
        try:
            report = await self.work.run(work, on_progress=self._on_step)
        except Cancelled:
            return None
        except ImageDeskError as error:
            self._show_error(error)
            return None
        finally:
            self.try_button.setEnabled(True)

        self.checklist.apply_report(report)
        return report

    def close_panel(self) -> None:
        self.work.close()

    def _on_step(self, value: object) -> None:
        if isinstance(value, StepResult):
            self.checklist.apply_step(value)

    def _show_error(self, error: ImageDeskError) -> None:
        if isinstance(error, FieldError) and error.field in self._errors:
            self._errors[error.field].show_error(error.message)
            return
        self.error_view.show_error(error)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Web identity token file")
        if path:
            self.token_file_edit.setText(path)


def _stacked(top: QWidget | QHBoxLayout, error: FieldErrorLabel) -> QVBoxLayout:
    cell = QVBoxLayout()
    cell.setSpacing(2)
    if isinstance(top, QWidget):
        cell.addWidget(top)
    else:
        cell.addLayout(top)
    cell.addWidget(error)
    return cell
