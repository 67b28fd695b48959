"""The offer shown when a registry's stored secret is gone.

Where no keyring exists, secrets are kept for one run only; after a restart such a
registry has its key id but no secret. A listing then fails on the secret field the
Import Image dialog does not have, so the dialog says what is missing and offers the
registry's edit dialog, where the secret is entered again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.models import AuthMethod, Registry
from imagedesk.domain.text import quoted
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

# The fields of the registry form whose value lives in the keyring.
SECRET_FIELDS = ("secret_access_key", "password", "secret")
EDIT_BUTTON_TEXT = "&Enter the secret…"


def uses_stored_secret(registry: Registry) -> bool:
    """Whether the registry's calls need a secret kept in the keyring."""
    return registry.auth in (AuthMethod.KEYS, AuthMethod.PASSWORD)


def secret_name(registry: Registry) -> str:
    """What the registry's stored secret is called in its form."""
    return "Secret Access Key" if registry.auth is AuthMethod.KEYS else "password"


def is_missing_secret(registry: Registry, error: ImageDeskError) -> bool:
    """True when ``error`` is about a secret field of a registry that uses one: the
    stored secret is missing (the dialog that failed has no such field)."""
    field = getattr(error, "field", "")
    return uses_stored_secret(registry) and field in SECRET_FIELDS


def missing_secret_sentence(registry: Registry) -> str:
    what = secret_name(registry)
    return (
        f"The registry {quoted(registry.name)} has no stored {what}: it was kept for an "
        "earlier run only (no keyring was available). Enter it again in the registry's "
        "settings, then the repositories are listed."
    )


class MissingSecretOffer(QWidget):
    """A sentence and a button that asks for the registry's edit dialog."""

    edit_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._registry_id: int | None = None
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        set_role(self.sentence, Role.FIELD_ERROR)
        self.edit_button = QPushButton(EDIT_BUTTON_TEXT)
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self._on_clicked)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sentence, 1)
        layout.addWidget(self.edit_button)
        self.hide()

    def offer(self, registry: Registry) -> None:
        self._registry_id = registry.id
        self.sentence.setText(missing_secret_sentence(registry))
        self.show()

    def withdraw(self) -> None:
        self._registry_id = None
        self.hide()

    def _on_clicked(self) -> None:
        if self._registry_id is not None:
            self.edit_requested.emit(self._registry_id)
