"""The fields of a registry entry, with inline messages under each field.

Used by the Add Registry dialog and by "Edit…" on the Registries
page. The form only collects text and shows field errors; the checks live in
:mod:`imagedesk.ui.registry_form_rules`, which has no Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.demo.seed_model import DemoUser
from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.scope import clean_scope
from imagedesk.ui.registry_form_rules import RegistryFormValues, endpoint_editable
from imagedesk.ui.widgets.accelerators import buddy_label

logger = logging.getLogger(__name__)

ECR_HOST_EXAMPLE = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
ADMIN_LINK = "admin-settings"
IRSA_LINK = "irsa-assistant"
SCOPE_PLACEHOLDER = "one per line: team-a/api or team-a/*\nblank: the whole registry"
INSECURE_WARNING = (
    "Plain HTTP: the password and every image travel unencrypted. Use it only for a "
    "registry on a network you trust."
)
_INVALID_STYLE = (
    "QLineEdit, QComboBox, QPlainTextEdit { border: 1px solid #b3261e; border-radius: 3px; }"
)
_SCOPE_LINES = 3
_KEEP_SECRET_HINT = "stored; leave blank to keep it"
_CHECKING_SECRET_HINT = "checking the keyring…"
_NO_SECRET_HINT = "none stored: enter it"
ENDPOINT_LABEL = "AWS &endpoint URL"
ENDPOINT_HINT = "optional; for LocalStack, moto or a VPC endpoint"
OTHER_ENDPOINT_LABEL = "&Endpoint URL"
OTHER_ENDPOINT_HINT = "blank: reach the registry at its host"
DEMO_ENDPOINT_NOTE = "Demo endpoint: the AWS embedded in this demo session."
SECRET_KEY_LENGTH = 40  # an AWS Secret Access Key


class FieldBox(QWidget):
    """A field widget with its error line right under it."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error_label = QLabel()
        self.error_label.setProperty("role", "field-error")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error_label)

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        target = self.input_widget()
        target.setStyleSheet(_INVALID_STYLE if message else "")

    def input_widget(self) -> QWidget:
        """The widget that takes the typing (and the focus from the row's label)."""
        edit = self.field.findChild(QLineEdit)
        if isinstance(self.field, (QLineEdit, QComboBox, QPlainTextEdit)) or edit is None:
            return self.field
        return edit


def _line(placeholder: str = "", *, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(not secret)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SecretLine(QWidget):
    """A password-echo line edit with a "Show" toggle."""

    def __init__(
        self, placeholder: str = "", parent: QWidget | None = None, *, fits: int = 0
    ) -> None:
        super().__init__(parent)
        self.edit = _line(placeholder, secret=True)
        if fits:
            self.edit.setMinimumWidth(_masked_width(self.edit, fits))
        self.show_button = QToolButton()
        self.show_button.setText("Show")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._set_shown)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)

    def text(self) -> str:
        return self.edit.text()

    def _set_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.show_button.setText("Hide" if shown else "Show")


class RegistryForm(QWidget):
    """Name, host, kind and the credentials of the chosen kind."""

    admin_settings_requested = Signal()
    irsa_assistant_requested = Signal()
    edited = Signal()

    def __init__(
        self,
        settings: Callable[[], Settings],
        *,
        password_kinds_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._editing: Registry | None = None
        self._secret_stored: bool | None = None

        self.name_edit = _line("e.g. production ECR")
        self.host_edit = _line(ECR_HOST_EXAMPLE)
        self.kind_combo = QComboBox()
        for kind in (RegistryKind.ECR, RegistryKind.GENERIC, RegistryKind.ACR):
            self.kind_combo.addItem(kind.label, kind)
        self._enable_password_kinds(password_kinds_available)

        self.access_key_edit = _line("AKIA…, 20 characters")
        self.secret_key = SecretLine("40 characters", fits=SECRET_KEY_LENGTH)
        self.more_button = QToolButton()
        self.more_button.setText("&More")
        self.more_button.setCheckable(True)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.demo_fill_button = QToolButton()
        self.demo_fill_button.setText("&Fill from demo user")
        self.demo_fill_button.setToolTip("Fill both keys with a demo user's keys")
        self.demo_fill_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.demo_fill_button.setMenu(QMenu(self.demo_fill_button))
        self.demo_fill_button.hide()
        self.more_row = QWidget()
        more_layout = QHBoxLayout(self.more_row)
        more_layout.setContentsMargins(0, 0, 0, 0)
        more_layout.addWidget(self.more_button)
        more_layout.addStretch(1)
        more_layout.addWidget(self.demo_fill_button)
        self.session_token = SecretLine("optional, for temporary keys")
        self.endpoint_edit = _line(ENDPOINT_HINT)
        self.endpoint_edit.setToolTip(
            f"{ENDPOINT_LABEL.replace('&', '')} ({ENDPOINT_HINT}); blank: AWS itself"
        )
        self.endpoint_note = QLabel(DEMO_ENDPOINT_NOTE)
        self.endpoint_note.setStyleSheet("color: #555555;")
        self.endpoint_note.setWordWrap(True)
        self._demo_endpoint = ""

        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_note.setTextFormat(Qt.TextFormat.RichText)
        # Tab reaches the note's link and Enter opens it (a QLabel link is mouse-only).
        self.role_note.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.role_note.linkActivated.connect(self._on_link)

        self.role_arn_edit = _line("arn:aws:iam::123456789012:role/NAME (optional)")
        self.token_file_edit = _line("path to a web identity token file (optional)")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse_token_file)
        token_file_row = QWidget()
        row_layout = QHBoxLayout(token_file_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.token_file_edit, 1)
        row_layout.addWidget(browse)
        self.web_identity_token = SecretLine("or paste a token (kubectl create token …)")
        self.profile_edit = _line("AWS profile name (optional)")

        self.scope_edit = QPlainTextEdit()
        self.scope_edit.setPlaceholderText(SCOPE_PLACEHOLDER)
        self.scope_edit.setTabChangesFocus(True)
        line_height = self.scope_edit.fontMetrics().lineSpacing()
        self.scope_edit.setFixedHeight(line_height * _SCOPE_LINES + 14)

        self.username_edit = _line("user name")
        self.password = SecretLine("password or token")
        self.ca_file_edit = _line("PEM file with the registry's CA (optional)")
        ca_browse = QPushButton("&Browse…")
        ca_browse.clicked.connect(self._browse_ca_file)
        ca_file_row = QWidget()
        ca_layout = QHBoxLayout(ca_file_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_file_edit, 1)
        ca_layout.addWidget(ca_browse)
        self.insecure_box = QCheckBox("Insecure (HTTP): no TLS for this re&gistry")
        self.insecure_warning = QLabel(INSECURE_WARNING)
        self.insecure_warning.setWordWrap(True)
        self.insecure_warning.setStyleSheet("color: #c64600;")

        self.boxes: dict[str, FieldBox] = {}
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_row("name", "&Name*", self.name_edit)
        self._add_row("host", "Registry &host*", self.host_edit)
        self._add_row("kind", "Kin&d", self.kind_combo)
        self._add_row("access_key_id", "&Access Key ID", self.access_key_edit)
        self._add_row("secret_access_key", "&Secret Access Key", self.secret_key)
        self._layout.addRow("", self.more_row)
        self._add_row("session_token", "Session t&oken", self.session_token)
        self._add_row("endpoint_url", ENDPOINT_LABEL, self.endpoint_edit)
        self._layout.addRow("", self.endpoint_note)
        self._layout.addRow(self.role_note)
        self._add_row("role_arn", "Role A&RN", self.role_arn_edit)
        self._add_row("web_identity_token_file", "Token f&ile", token_file_row)
        self._add_row("web_identity_token", "To&ken", self.web_identity_token)
        self._add_row("profile", "&Profile", self.profile_edit)
        self._add_row("scope", "Repositor&y scope", self.scope_edit)
        self._add_row("username", "&Username", self.username_edit)
        self._add_row("password", "Pass&word", self.password)
        self._add_row("ca_file", "CA bund&le file", ca_file_row)
        self._add_row("insecure", "Transport", self.insecure_box)
        self._layout.addRow("", self.insecure_warning)

        self._connect_edits()
        self.refresh_visibility()

    # --- reading and filling ------------------------------------------------------------

    @property
    def kind(self) -> RegistryKind:
        return RegistryKind(self.kind_combo.currentData())

    @property
    def editing(self) -> Registry | None:
        return self._editing

    @property
    def secret_stored(self) -> bool | None:
        """Whether the keyring holds the edited entry's secret; None until it is known."""
        return self._secret_stored

    def set_secret_stored(self, stored: bool) -> None:
        """The secret fields' placeholder follows what the keyring really holds."""
        self._secret_stored = stored
        self._set_secret_hint(_KEEP_SECRET_HINT if stored else _NO_SECRET_HINT)

    def _set_secret_hint(self, hint: str) -> None:
        editing = self._editing
        if editing is not None and editing.auth in (AuthMethod.KEYS, AuthMethod.PASSWORD):
            self.secret_key.edit.setPlaceholderText(hint)
            self.password.edit.setPlaceholderText(hint)

    def values(self) -> RegistryFormValues:
        return RegistryFormValues(
            name=self.name_edit.text(),
            host=self.host_edit.text(),
            kind=self.kind,
            access_key_id=self.access_key_edit.text(),
            secret_access_key=self.secret_key.text(),
            session_token=self.session_token.text(),
            role_arn=self.role_arn_edit.text(),
            web_identity_token_file=self.token_file_edit.text(),
            web_identity_token=self.web_identity_token.text(),
            profile=self.profile_edit.text(),
            username=self.username_edit.text(),
            password=self.password.text(),
            scope=self.scope_edit.toPlainText(),
            ca_file=self.ca_file_edit.text(),
            insecure=self.insecure_box.isChecked(),
            endpoint_url=self.endpoint_edit.text(),
        )

    def load_registry(self, registry: Registry) -> None:
        """Fill the form to edit ``registry``; secrets stay blank and are never shown."""
        self._editing = registry
        self.name_edit.setText(registry.name)
        self.host_edit.setText(registry.host)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(registry.kind)))
        self.kind_combo.setEnabled(False)
        if registry.kind is RegistryKind.ECR:
            self.access_key_edit.setText(registry.username)
        else:
            self.username_edit.setText(registry.username)
        self.role_arn_edit.setText(registry.role_arn)
        self.token_file_edit.setText(registry.web_identity_token_file)
        self.profile_edit.setText(registry.profile)
        self.scope_edit.setPlainText("\n".join(registry.scope))
        self.ca_file_edit.setText(registry.ca_file)
        self.insecure_box.setChecked(registry.insecure)
        self.endpoint_edit.setText(registry.endpoint_url)
        self.more_button.setChecked(bool(registry.endpoint_url))
        self._set_secret_hint(_CHECKING_SECRET_HINT)
        self.refresh_visibility()

    def prefill_endpoint(self, url: str) -> None:
        """Start a new entry on the demo's endpoint, with a note saying what it is."""
        self._demo_endpoint = url
        self.endpoint_edit.setText(url)
        self.refresh_visibility()

    def set_demo_users(self, users: Sequence[DemoUser]) -> None:
        """Offer "Fill from demo user" with one entry per seeded user (demo mode only)."""
        menu = self.demo_fill_button.menu()
        menu.clear()
        for user in users:
            action = menu.addAction(user.name)
            action.setToolTip(user.description)
            action.triggered.connect(lambda _checked=False, u=user: self.fill_keys(u))
        self.demo_fill_button.setVisible(bool(users))

    def fill_keys(self, user: DemoUser) -> None:
        """Put a demo user's keys in the key fields; the secret stays masked."""
        self.access_key_edit.setText(user.access_key_id)
        self.secret_key.edit.setText(user.secret_access_key)
        self.secret_key.edit.setCursorPosition(0)
        self._on_edited()

    # --- field errors ---------------------------------------------------------------------

    def show_field_errors(self, errors: list[FieldError]) -> list[FieldError]:
        """Show each error under its field; return the ones that have no field here."""
        self.clear_field_errors()
        unplaced: list[FieldError] = []
        first: QWidget | None = None
        for error in errors:
            box = self.boxes.get(error.field)
            if box is None or not self._layout.isRowVisible(box):
                unplaced.append(error)
                continue
            box.set_error(error.message)
            first = first or box.field
        if first is not None:
            first.setFocus()
        return unplaced

    def clear_field_errors(self) -> None:
        for box in self.boxes.values():
            box.set_error("")

    def field_error(self, field: str) -> str:
        return self.boxes[field].error

    # --- which rows show -------------------------------------------------------------------

    def refresh_visibility(self) -> None:
        kind = self.kind
        ecr = kind is RegistryKind.ECR
        keys_blank = not self.access_key_edit.text().strip() and not (
            self.secret_key.text().strip()
        )
        role_mode = ecr and keys_blank
        role_allowed = self._settings().ecr_role_auth

        for field in ("access_key_id", "secret_access_key"):
            self._layout.setRowVisible(self.boxes[field], ecr)
        more = self.more_button.isChecked()
        endpoint = endpoint_editable(kind, self._editing)
        self._layout.setRowVisible(self.more_row, ecr or endpoint)
        self._layout.setRowVisible(self.boxes["session_token"], ecr and more)
        self._layout.setRowVisible(self.boxes["endpoint_url"], endpoint and more)
        self._set_endpoint_label(ecr)
        demo_endpoint = bool(self._demo_endpoint) and (
            self.endpoint_edit.text().strip() == self._demo_endpoint
        )
        self._layout.setRowVisible(self.endpoint_note, endpoint and more and demo_endpoint)
        self.more_button.setArrowType(
            Qt.ArrowType.DownArrow if self.more_button.isChecked() else Qt.ArrowType.RightArrow
        )

        self._layout.setRowVisible(self.role_note, role_mode)
        self.role_note.setText(_role_note(role_allowed))
        for field in ("role_arn", "web_identity_token_file", "web_identity_token", "profile"):
            self._layout.setRowVisible(self.boxes[field], role_mode and role_allowed)

        self._layout.setRowVisible(self.boxes["scope"], ecr)
        for field in ("username", "password", "ca_file", "insecure"):
            self._layout.setRowVisible(self.boxes[field], not ecr)
        self._layout.setRowVisible(
            self.insecure_warning, not ecr and self.insecure_box.isChecked()
        )
        self.host_edit.setPlaceholderText(_host_placeholder(kind))

    # --- internals -------------------------------------------------------------------------

    def _set_endpoint_label(self, ecr: bool) -> None:
        label = self._layout.labelForField(self.boxes["endpoint_url"])
        if isinstance(label, QLabel):
            label.setText(ENDPOINT_LABEL if ecr else OTHER_ENDPOINT_LABEL)
        self.endpoint_edit.setPlaceholderText(ENDPOINT_HINT if ecr else OTHER_ENDPOINT_HINT)

    def _add_row(self, field: str, label: str, widget: QWidget) -> None:
        box = FieldBox(widget)
        self.boxes[field] = box
        self._layout.addRow(buddy_label(label, box.input_widget()), box)

    def _connect_edits(self) -> None:
        edits = (
            self.name_edit,
            self.host_edit,
            self.access_key_edit,
            self.secret_key.edit,
            self.session_token.edit,
            self.role_arn_edit,
            self.token_file_edit,
            self.web_identity_token.edit,
            self.profile_edit,
            self.username_edit,
            self.password.edit,
            self.ca_file_edit,
            self.endpoint_edit,
        )
        for edit in edits:
            edit.textChanged.connect(self._on_edited)
        self.scope_edit.textChanged.connect(self._on_scope_edited)
        self.insecure_box.toggled.connect(self._on_edited)
        self.kind_combo.currentIndexChanged.connect(self._on_edited)
        self.more_button.toggled.connect(self.refresh_visibility)

    def _on_edited(self) -> None:
        self.refresh_visibility()
        self.edited.emit()

    def _on_scope_edited(self) -> None:
        """Check the scope as it is typed: the naming rule shows at the field at once."""
        try:
            clean_scope(self.scope_edit.toPlainText().splitlines())
        except FieldError as error:
            self.boxes["scope"].set_error(error.message)
        else:
            self.boxes["scope"].set_error("")
        self.edited.emit()

    def _enable_password_kinds(self, available: bool) -> None:
        model = self.kind_combo.model()
        for row in range(1, self.kind_combo.count()):
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(available)
        if not available:
            self.kind_combo.setToolTip("Generic and Azure registries arrive with their backend.")

    def _on_link(self, link: str) -> None:
        if link == ADMIN_LINK:
            self.admin_settings_requested.emit()
        elif link == IRSA_LINK:
            self.irsa_assistant_requested.emit()

    def _browse_token_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Web identity token file")
        if path:
            self.token_file_edit.setText(path)
            self._on_edited()

    def _browse_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "CA bundle file", "", "Certificates (*.pem *.crt *.cer);;All files (*)"
        )
        if path:
            self.ca_file_edit.setText(path)


def _masked_width(edit: QLineEdit, characters: int) -> int:
    """The width that shows ``characters`` mask dots without scrolling (the first dot
    was clipped when a 40-character secret scrolled by a few pixels)."""
    mask = edit.style().styleHint(QStyle.StyleHint.SH_LineEdit_PasswordCharacter, None, edit)
    dots = edit.fontMetrics().horizontalAdvance(chr(mask or 0x25CF) * (characters + 1))
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    margins = edit.textMargins()
    return dots + 2 * frame + margins.left() + margins.right() + 8


def _role_note(allowed: bool) -> str:
    if allowed:
        return (
            "Both keys are blank, so the registry uses <b>role authentication</b>: "
            "a role ARN with a web identity token, a profile, or the default AWS "
            "credential chain (IRSA on EKS). Setting up a role for a Kubernetes service "
            f'account? Open the <a href="{IRSA_LINK}">IRSA assistant…</a>'
        )
    return (
        "Both keys are blank, which means role authentication, and "
        "<b>ECR IAM Role Authentication</b> is off. Enter the keys, or turn it on in "
        f'<a href="{ADMIN_LINK}">Manage › Admin › Infrastructure</a>.'
    )


def _host_placeholder(kind: RegistryKind) -> str:
    if kind is RegistryKind.ACR:
        return "myregistry.azurecr.io"
    if kind is RegistryKind.GENERIC:
        return "registry.example.com:5000"
    return ECR_HOST_EXAMPLE
