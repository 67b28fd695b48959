""" "Open repository" for a scoped registry: a repository typed by name.

Keys meant for some repositories often may not list the whole registry, so a prefix
scope (``team-a/*``) cannot be expanded into names. The admin then types the
repository; it is checked against the scope here, and its images are listed as usual.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from imagedesk.domain.scope import is_valid_repository_name, scope_allows
from imagedesk.domain.text import quoted
from imagedesk.ui.style import Role, set_role


def refusal_for(scope: Sequence[str], name: str) -> str | None:
    """Why ``name`` cannot be opened with keys meant for ``scope``; None when it can."""
    if not name:
        return "Type the name of a repository to open."
    if not is_valid_repository_name(name):
        return (
            f"{quoted(name)} is not a repository name: ECR names use lower-case letters, "
            "digits and the separators . _ - between them, with / between parts."
        )
    if not scope_allows(scope, name):
        return (
            f"{name} is outside the repositories these keys are meant for "
            f"({', '.join(scope)}). Open one inside that scope, or use a registry "
            "entry whose keys are meant for it."
        )
    return None


class OpenRepositoryBar(QWidget):
    """A name field with an "Open repository" button and a refusal under the field.

    It only collects the name; :func:`refusal_for` is applied by the browser, so a
    name given in the filter box is checked the same way.
    """

    open_requested = Signal(str)

    def __init__(self, scope: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = tuple(scope)

        self.name_box = QLineEdit()
        self.name_box.setPlaceholderText(f"Repository name in {', '.join(self.scope)}")
        self.name_box.setClearButtonEnabled(True)
        self.name_box.setAccessibleName("Repository to open")
        self.open_button = QPushButton("Open repository")
        self.message = QLabel()
        set_role(self.message, Role.FIELD_ERROR)
        self.message.setWordWrap(True)
        self.message.hide()

        self.name_box.returnPressed.connect(self.request_open)
        self.name_box.textEdited.connect(self.clear_refusal)
        self.open_button.clicked.connect(self.request_open)
        self._lay_out()

    @property
    def refusal(self) -> str:
        """The sentence shown at the field, or "" while none is shown."""
        return "" if self.message.isHidden() else self.message.text()

    def request_open(self) -> None:
        """Ask for the repository in the field; the browser checks it and answers with
        :meth:`show_refusal` or by opening it."""
        self.open_requested.emit(self.name_box.text().strip())

    def show_refusal(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def clear_refusal(self) -> None:
        self.message.clear()
        self.message.hide()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_box, 1)
        row.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
