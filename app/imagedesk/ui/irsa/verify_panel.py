"""The Verify tab: admin credentials, the checklist, and “Create it for me”."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import Cancelled, FieldError, ImageDeskError
from imagedesk.domain.irsa import IrsaInputs
from imagedesk.domain.secret import Secret
from imagedesk.jobs.job import JobControl
from imagedesk.jobs.runner import JobRunner
from imagedesk.registry.iam.admin import AdminCredentials
from imagedesk.registry.iam.setup import (
    STS_AUDIENCE,
    SetupOutcome,
    create_oidc_provider,
    create_role,
)
from imagedesk.registry.iam.verifier import VERIFY_PLAN, verify_irsa
from imagedesk.ui.diagnosis_checklist import DiagnosisChecklist
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.irsa.background import PanelWork
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

InputsProvider = Callable[[bool], IrsaInputs | None]
FieldErrorSink = Callable[[FieldError], bool]

CREDENTIALS_HINT = (
    "Your own AWS credentials, used only for these checks and never stored: a profile, "
    "or an access key pair. Leave all blank for the default AWS credential chain."
)


class VerifyPanel(QWidget):
    def __init__(
        self,
        jobs: JobRunner,
        read_inputs: InputsProvider,
        show_field_error: FieldErrorSink,
        *,
        endpoint_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._read_inputs = read_inputs
        self._show_field_error = show_field_error
        self.work = PanelWork(jobs, "IRSA verification")

        self.profile_edit = QLineEdit()
        self.profile_edit.setPlaceholderText("default chain")
        self.key_id_edit = QLineEdit()
        self.key_id_edit.setPlaceholderText("AKIA…")
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.endpoint_edit = QLineEdit(endpoint_url)
        self.endpoint_edit.setPlaceholderText("AWS (leave blank)")
        hint = QLabel(CREDENTIALS_HINT)
        hint.setWordWrap(True)
        set_role(hint, Role.HINT)

        credentials = QFormLayout()
        for text, edit in (
            ("Pro&file", self.profile_edit),
            ("Access &key id", self.key_id_edit),
            ("Secret access ke&y", self.secret_edit),
            ("E&ndpoint URL", self.endpoint_edit),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            credentials.addRow(label, edit)

        self.verify_button = QPushButton("&Verify")
        self.verify_button.clicked.connect(lambda: self.work.spawn(self.verify()))
        self.create_provider_button = QPushButton("Create the &OIDC provider for me…")
        self.create_provider_button.clicked.connect(
            lambda: self.confirm_and_create(create_oidc_provider)
        )
        self.create_role_button = QPushButton("Create the &role for me…")
        self.create_role_button.setToolTip(
            "Creates the role, or replaces the trust policy of an existing one, and adds "
            "the ECR read policy inline."
        )
        self.create_role_button.clicked.connect(lambda: self.confirm_and_create(create_role))
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_provider_button)
        buttons.addWidget(self.create_role_button)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.checklist = DiagnosisChecklist()
        self.checklist.reset(VERIFY_PLAN)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.checklist)
        self.error_view = ErrorView()

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(credentials)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_view)
        layout.addWidget(scroll, 1)

    def credentials(self) -> AdminCredentials:
        secret = self.secret_edit.text()
        return AdminCredentials(
            access_key_id=self.key_id_edit.text().strip(),
            secret_access_key=Secret(secret) if secret else None,
            profile=self.profile_edit.text().strip(),
            endpoint_url=self.endpoint_edit.text().strip(),
        )

    async def verify(self) -> list[StepResult]:
        """Run the checks; the lines fill in as each answer arrives."""
        inputs = self._read_inputs(True)
        if inputs is None:
            return []
        credentials = self.credentials()

        def work(control: JobControl) -> list[StepResult]:
            return verify_irsa(
                inputs, credentials, on_step=control.progress, cancel=control.cancel
            )

        self.error_view.clear()
        self.checklist.reset(VERIFY_PLAN)
        self._set_busy(True, "Checking the IAM objects…")
        try:
            steps = await self.work.run(work, on_progress=self._on_step)
        except Cancelled:
            return []
        except ImageDeskError as error:
            self._show_error(error)
            return []
        finally:
            self._set_busy(False)

        for step in steps:
            self.checklist.apply_step(step)
        failed = sum(step.state is StepState.FAILED for step in steps)
        self.status_label.setText(
            f"{failed} check(s) failed: see the fix on each red line."
            if failed
            else "Every check passed."
        )
        return steps

    def confirm_and_create(
        self, operation: Callable[[IrsaInputs, AdminCredentials], SetupOutcome]
    ) -> bool:
        """Say what will be created in which account, and create it only on "Create"."""
        inputs = self._read_inputs(operation is create_role)
        if inputs is None:
            return False
        question = creation_question(inputs, self.credentials(), role=operation is create_role)
        box = QMessageBox(QMessageBox.Icon.Question, "Create IAM objects", question, parent=self)
        create = box.addButton("&Create", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not create:
            return False
        self.work.spawn(self.create_for_me(operation))
        return True

    async def create_for_me(
        self, operation: Callable[[IrsaInputs, AdminCredentials], SetupOutcome]
    ) -> None:
        """Create (or repair) one IAM object, then verify again."""
        inputs = self._read_inputs(operation is create_role)
        if inputs is None:
            return
        credentials = self.credentials()

        self.error_view.clear()
        self._set_busy(True, "Creating…")
        try:
            outcome = await self.work.run(lambda _control: operation(inputs, credentials))
        except Cancelled:
            return
        except ImageDeskError as error:
            self._show_error(error)
            return
        finally:
            self._set_busy(False)

        await self.verify()
        self.status_label.setText(f"{outcome.summary} {self.status_label.text()}")

    def close_panel(self) -> None:
        self.work.close()

    def _on_step(self, value: object) -> None:
        if isinstance(value, StepResult):
            self.checklist.apply_step(value)

    def _show_error(self, error: ImageDeskError) -> None:
        if isinstance(error, FieldError) and self._show_field_error(error):
            return
        self.error_view.show_error(error)

    def _set_busy(self, busy: bool, status: str = "") -> None:
        for button in (self.verify_button, self.create_provider_button, self.create_role_button):
            button.setEnabled(not busy)
        if busy:
            self.status_label.setText(status)
        elif self.status_label.text().endswith("…"):
            self.status_label.setText("")


def creation_question(inputs: IrsaInputs, credentials: AdminCredentials, *, role: bool) -> str:
    """What "Create … for me" is about to do, in which account and with whose credentials."""
    if credentials.profile:
        signer = f'the profile "{credentials.profile}"'
    elif credentials.access_key_id:
        signer = f"the access key {credentials.access_key_id}"
    else:
        signer = "the default AWS credential chain"
    where = f" through {credentials.endpoint_url}" if credentials.endpoint_url else ""
    if role:
        what = (
            f"the IAM role {inputs.role_arn}, trusted by {inputs.provider_arn} for "
            f"{inputs.subject}, with an inline ECR read policy. If the role exists, its "
            "trust policy is replaced"
        )
    else:
        what = (
            f"the IAM OIDC provider {inputs.provider_arn} (audience {STS_AUDIENCE}) for "
            "the cluster's issuer"
        )
    return (
        f"Create {what}?\n\nAWS account {inputs.account_id}, signed with {signer}{where}. "
        "The credentials must be allowed to change IAM in that account."
    )
