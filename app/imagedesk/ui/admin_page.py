"""Manage › Admin › Infrastructure: the admin switches, stored in the catalog."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.models import AuthMethod, Registry, Settings
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView

logger = logging.getLogger(__name__)

ADMIN_TITLE = "Manage › Admin › Infrastructure"
ROLE_AUTH_HELP = (
    "Lets an Amazon ECR registry leave both keys blank and authenticate with an IAM "
    "role instead: web identity (IRSA on EKS), a named profile, or the default AWS "
    "credential chain."
)
DEFAULT_REGISTRY_HELP = (
    "Keeps a Docker Hub entry (docker.io) in the registry list, so public images can "
    "be imported without adding a registry."
)


def _help_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setIndent(24)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _alpha_badge() -> QLabel:
    badge = QLabel("ALPHA")
    badge.setToolTip("An early feature: it works, but may change.")
    badge.setStyleSheet(
        "background: #c64600; color: white; border-radius: 3px; padding: 1px 5px;"
        "font-size: 8pt; font-weight: bold;"
    )
    return badge


class AdminPage(QWidget):
    """The infrastructure switches; each change is saved at once."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context

        self.role_auth_box = QCheckBox("ECR IAM &Role Authentication")
        self.default_registry_box = QCheckBox("Import &Default Registry")
        self.role_warning = QLabel()
        self.role_warning.setWordWrap(True)
        self.role_warning.setStyleSheet("color: #c64600;")
        self.role_warning.hide()
        self.error_view = ErrorView()

        self._show_settings(context.settings)
        self.role_auth_box.toggled.connect(self._on_role_auth_toggled)
        self.default_registry_box.toggled.connect(self._on_default_registry_toggled)
        self._build_layout()

    # --- switches ---------------------------------------------------------------------------

    def set_role_auth(self, enabled: bool) -> None:
        self.role_auth_box.setChecked(enabled)

    def set_import_default_registry(self, enabled: bool) -> None:
        self.default_registry_box.setChecked(enabled)

    def _on_role_auth_toggled(self, enabled: bool) -> None:
        self.error_view.clear()
        settings = replace(self._context.settings, ecr_role_auth=enabled)
        if not self._save(settings):
            return

        logger.info("ECR IAM Role Authentication turned %s", "on" if enabled else "off")
        affected = [] if enabled else self._role_registries()
        self.role_warning.setText(_role_warning(affected))
        self.role_warning.setVisible(bool(affected))

    def _on_default_registry_toggled(self, enabled: bool) -> None:
        self.error_view.clear()
        settings = replace(self._context.settings, import_default_registry=enabled)
        if self._save(settings):
            self._context.events.registries_changed.emit()

    def _save(self, settings: Settings) -> bool:
        """Store the switches; the catalog adds or removes the Docker Hub entry and refuses
        to remove it while images use it (RegistryInUse), saving nothing then."""
        try:
            self._context.save_settings(settings)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            self._show_settings(self._context.settings)
            return False
        return True

    def _show_settings(self, settings: Settings) -> None:
        """Show ``settings`` without treating it as a change."""
        for box, value in (
            (self.role_auth_box, settings.ecr_role_auth),
            (self.default_registry_box, settings.import_default_registry),
        ):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)

    def _role_registries(self) -> list[Registry]:
        return [r for r in self._context.catalog.list_registries() if r.auth is AuthMethod.ROLE]

    def _build_layout(self) -> None:
        role_row = QHBoxLayout()
        role_row.addWidget(self.role_auth_box)
        role_row.addWidget(_alpha_badge())
        role_row.addStretch(1)

        group = QGroupBox("Infrastructure")
        group_layout = QVBoxLayout(group)
        group_layout.addLayout(role_row)
        group_layout.addWidget(_help_label(ROLE_AUTH_HELP))
        group_layout.addWidget(self.role_warning)
        group_layout.addSpacing(8)
        group_layout.addWidget(self.default_registry_box)
        group_layout.addWidget(_help_label(DEFAULT_REGISTRY_HELP))

        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addWidget(self.error_view)
        layout.addStretch(1)


def _role_warning(registries: list[Registry]) -> str:
    if not registries:
        return ""
    names = ", ".join(registry.name for registry in registries)
    return (
        "Role authentication is now off. These registries use it and will be refused "
        f"until it is on again, or until they get keys: {names}."
    )


def admin_settings_dialog(context: AppContext, parent: QWidget | None = None) -> QDialog:
    """A dialog holding the :class:`AdminPage`, with a Close button."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(ADMIN_TITLE)
    dialog.setMinimumWidth(520)
    page = AdminPage(context, dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)

    layout = QVBoxLayout(dialog)
    layout.addWidget(page)
    layout.addWidget(buttons, alignment=Qt.AlignmentFlag.AlignRight)
    return dialog


def open_admin_settings(context: AppContext, parent: QWidget | None = None) -> None:
    """Show Manage › Admin › Infrastructure modally; changes are saved as they are made."""
    admin_settings_dialog(context, parent).exec()
