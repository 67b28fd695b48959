"""The assistant's inputs: account, issuer, namespace, service account, role, region, release.

Each field shows its own error beneath it. A field's error appears once the admin
leaves it (or asks for an action); until then only the snippets wait.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from imagedesk.domain.errors import FieldError, ValidationErrors
from imagedesk.domain.irsa import (
    DEFAULT_HELM_RELEASE,
    DEFAULT_NAMESPACE,
    DEFAULT_SERVICE_ACCOUNT,
    IrsaInputs,
    validate_irsa_inputs,
)
from imagedesk.ui.widgets.field_error import FieldErrorLabel

logger = logging.getLogger(__name__)

# field name -> (label, placeholder)
FIELDS: dict[str, tuple[str, str]] = {
    "account_id": ("&AWS account id*", "123456789012"),
    "issuer": ("OIDC &issuer URL*", "https://oidc.eks.REGION.amazonaws.com/id/ID"),
    "namespace": ("Na&mespace", DEFAULT_NAMESPACE),
    "service_account": ("&Service account", DEFAULT_SERVICE_ACCOUNT),
    "role_name": ("Ro&le name", "imagedesk-ecr-read"),
    "region": ("Re&gion", "from the issuer"),
    "helm_release": ("&Helm release", DEFAULT_HELM_RELEASE),
}


class IrsaInputsForm(QWidget):
    """Emits ``changed`` on every edit; :meth:`inputs` gives validated inputs or None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, FieldErrorLabel] = {}
        self._touched: set[str] = set()

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, (label, placeholder) in FIELDS.items():
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self.changed)
            edit.editingFinished.connect(lambda name=name: self._touch(name))
            error = FieldErrorLabel(edit)
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(edit)
            cell.addWidget(error)
            buddy_label = QLabel(label)
            buddy_label.setBuddy(edit)
            form.addRow(buddy_label, cell)
            self.edits[name] = edit
            self._errors[name] = error

    def set_value(self, name: str, value: str) -> None:
        self.edits[name].setText(value)

    def value(self, name: str) -> str:
        return self.edits[name].text()

    def error(self, name: str) -> str:
        return self._errors[name].message

    def inputs(self, *, role_required: bool = False, show_all: bool = False) -> IrsaInputs | None:
        """Validate; show the errors of touched fields (every field with ``show_all``)."""
        if show_all:
            self._touched.update(FIELDS)
        try:
            inputs = validate_irsa_inputs(
                **{name: edit.text() for name, edit in self.edits.items()},
                role_required=role_required,
            )
        except ValidationErrors as errors:
            self._show(errors.errors)
            return None
        self._show([])
        return inputs

    def show_field_error(self, error: FieldError) -> bool:
        """Show an error raised later (by an action) at its field; False if no such field."""
        if error.field not in self._errors:
            return False
        self._touched.add(error.field)
        self._errors[error.field].show_error(error.message)
        return True

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self.inputs()

    def _show(self, errors: list[FieldError]) -> None:
        by_field = {error.field: error.message for error in errors}
        for name, label in self._errors.items():
            shown = by_field.get(name, "") if name in self._touched else ""
            label.show_error(shown)
