"""The IRSA assistant: from four answers to a working, verified role for a service account.

Left, the inputs (and a cluster lookup for the issuer); right, one tab per generated
snippet, then Verify and Try it. Every AWS call runs on the job runner.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import Cancelled, FieldError, ImageDeskError
from imagedesk.domain.irsa import (
    IrsaInputs,
    as_json,
    ecr_read_policy,
    helm_upgrade_line,
    helm_values_snippet,
    kubectl_lines,
    trust_policy,
)
from imagedesk.registry.iam.lookup import lookup_issuer
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.irsa.background import PanelWork
from imagedesk.ui.irsa.inputs_form import IrsaInputsForm
from imagedesk.ui.irsa.snippet_view import SnippetView
from imagedesk.ui.irsa.try_panel import TryPanel
from imagedesk.ui.irsa.verify_panel import VerifyPanel
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.field_error import FieldErrorLabel

logger = logging.getLogger(__name__)

WAITING_TEXT = "Fill in the account id and the OIDC issuer to see this."
SNIPPET_HINTS = {
    "trust": "The role's trust policy: only this service account of this cluster may assume it.",
    "ecr": "Least-privilege ECR read access; attach it to the role.",
    "helm": "Save as irsa-values.yaml, then run the helm upgrade line below it.",
    "kubectl": "Check the annotation, list ECR as the service account, and get a token.",
}


class IrsaAssistant(QDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        account_id: str = "",
        role_arn: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("IRSA assistant: an IAM role for a Kubernetes service account")
        self._context = context
        endpoint_url = context.default_endpoint_url or ""

        self.form = IrsaInputsForm()
        self.form.set_value("account_id", account_id)
        self.form.changed.connect(self.refresh_snippets)
        self.lookup_error_view = ErrorView()
        self.lookup_work = PanelWork(context.jobs, "issuer lookup")
        lookup_box = self._build_lookup()
        left = QVBoxLayout()
        heading = QLabel("Cluster and service account")
        set_role(heading, Role.HEADING)
        left.addWidget(heading)
        left.addWidget(self.form)
        left.addWidget(lookup_box)
        left.addStretch(1)

        self.snippets = {key: SnippetView(hint) for key, hint in SNIPPET_HINTS.items()}
        self.verify_panel = VerifyPanel(
            context.jobs,
            self._inputs_for_action,
            self.form.show_field_error,
            endpoint_url=endpoint_url,
        )
        self.try_panel = TryPanel(context.jobs, self._inputs_for_action, endpoint_url=endpoint_url)
        if role_arn:
            self.try_panel.role_arn_edit.setText(role_arn)
            self.try_panel.role_arn_edit.setModified(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.snippets["trust"], "Trust policy")
        self.tabs.addTab(self.snippets["ecr"], "ECR policy")
        self.tabs.addTab(self.snippets["helm"], "Helm")
        self.tabs.addTab(self.snippets["kubectl"], "kubectl")
        self.tabs.addTab(self.verify_panel, "Verify")
        self.tabs.addTab(self.try_panel, "Try it")

        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(400)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(left_widget)
        columns.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self.resize(1060, 740)
        self._set_up_enter_key()
        self.refresh_snippets()

    # --- snippets ----------------------------------------------------------------------

    def refresh_snippets(self) -> None:
        inputs = self.form.inputs()
        if inputs is None:
            for view in self.snippets.values():
                view.set_text(WAITING_TEXT, ready=False)
            return

        helm = f"{helm_values_snippet(inputs)}\n# then:\n{helm_upgrade_line(inputs)}\n"
        self.snippets["trust"].set_text(as_json(trust_policy(inputs)))
        self.snippets["ecr"].set_text(as_json(ecr_read_policy(inputs)))
        self.snippets["helm"].set_text(helm)
        self.snippets["kubectl"].set_text(kubectl_lines(inputs))
        if inputs.role_name:
            self.try_panel.suggest_role_arn(inputs.role_arn)

    # --- keyboard ----------------------------------------------------------------------

    def _set_up_enter_key(self) -> None:
        """Enter runs the current tab's check (Verify, Try it) and never "Look up" or a
        "Create … for me" by surprise; in the cluster name field it looks the issuer up."""
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.tabs.currentChanged.connect(self._follow_tab)
        self.cluster_edit.installEventFilter(self)
        self._follow_tab()

    def _follow_tab(self, _index: int = 0) -> None:
        current = self.tabs.currentWidget()
        self.verify_panel.verify_button.setDefault(current is self.verify_panel)
        self.try_panel.try_button.setDefault(current is self.try_panel)

    def default_button(self) -> QPushButton | None:
        """The button Enter presses in a field of the assistant, if any."""
        for button in self.findChildren(QPushButton):
            if button.isDefault():
                return button
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        cluster_edit = self.__dict__.get("cluster_edit")
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is cluster_edit and isinstance(event, QKeyEvent) and event.key() in enter:
            if event.type() is QEvent.Type.KeyPress:
                self.lookup_button.click()
            return True
        return super().eventFilter(watched, event)

    def _inputs_for_action(self, role_required: bool) -> IrsaInputs | None:
        return self.form.inputs(role_required=role_required, show_all=True)

    # --- issuer lookup -----------------------------------------------------------------

    def _build_lookup(self) -> QGroupBox:
        box = QGroupBox("Look up the issuer from the cluster")
        self.cluster_edit = QLineEdit()
        self.cluster_edit.setPlaceholderText("cluster name")
        cluster_label = QLabel("Cluster")  # reached by Tab; its letters are taken
        cluster_label.setBuddy(self.cluster_edit)
        self.cluster_error = FieldErrorLabel(self.cluster_edit)
        self.lookup_button = QPushButton("Look &up")
        self.lookup_button.setToolTip(
            "eks:DescribeCluster in the region above, with the credentials of the Verify tab"
        )
        self.lookup_button.clicked.connect(lambda: self.lookup_work.spawn(self.look_up_issuer()))
        row = QHBoxLayout()
        row.addWidget(cluster_label)
        row.addWidget(self.cluster_edit, 1)
        row.addWidget(self.lookup_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.cluster_error)
        layout.addWidget(self.lookup_error_view)
        return box

    async def look_up_issuer(self) -> None:
        cluster, region = self.cluster_edit.text(), self.form.value("region")
        credentials = self.verify_panel.credentials()
        self.cluster_error.clear_error()
        self.lookup_error_view.clear()
        self.lookup_button.setEnabled(False)
        try:
            issuer = await self.lookup_work.run(
                lambda _control: lookup_issuer(cluster, region, credentials)
            )
        except Cancelled:
            return
        except FieldError as error:
            if error.field == "cluster_name":
                self.cluster_error.show_error(error.message)
            elif not self.form.show_field_error(error):
                self.lookup_error_view.show_error(error)
            return
        except ImageDeskError as error:
            self.lookup_error_view.show_error(error)
            return
        finally:
            self.lookup_button.setEnabled(True)
        self.form.set_value("issuer", issuer)

    # --- closing -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_work()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._stop_work()
        super().done(result)

    def _stop_work(self) -> None:
        """Cancel every running call; their late results are dropped, never applied."""
        self.lookup_work.close()
        self.verify_panel.close_panel()
        self.try_panel.close_panel()


def open_irsa_assistant(
    context: AppContext,
    parent: QWidget | None = None,
    *,
    account_id: str = "",
    role_arn: str = "",
) -> IrsaAssistant:
    """Show the assistant (not modal) and return it; it deletes itself when closed."""
    assistant = IrsaAssistant(context, parent, account_id=account_id, role_arn=role_arn)
    assistant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assistant.show()
    return assistant
