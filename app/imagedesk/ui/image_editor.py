"""Edit an imported image: description, source repo URL and its resource defaults.

Each field is checked as it is typed, so ``-1`` or ``abc`` GB is refused at the field
before Save; Save checks them all again and writes them in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, ImageDeskError
from imagedesk.domain.models import Image, Resources
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.accelerators import buddy_label
from imagedesk.ui.widgets.field_error import FieldErrorLabel

logger = logging.getLogger(__name__)

Check = Callable[[str], object]

_CHECKS: dict[str, Check] = {
    "description": validation.description,
    "source_url": validation.source_url,
    "cpu_cores": validation.cpu_cores,
    "memory_gb": validation.memory_gb,
    "disk_gb": validation.disk_gb,
}


class ImageEditorDialog(QDialog):
    """After acceptance, :attr:`saved` holds the image as stored."""

    def __init__(self, context: AppContext, image: Image, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._image = image
        self.saved: Image | None = None
        self.setWindowTitle("Edit image")
        self.setMinimumWidth(520)

        resources = image.resources
        self.fields: dict[str, QLineEdit] = {
            "description": QLineEdit(image.description),
            "source_url": QLineEdit(image.source_url),
            "cpu_cores": QLineEdit(f"{resources.cpu_cores:g}"),
            "memory_gb": QLineEdit(f"{resources.memory_gb:g}"),
            "disk_gb": QLineEdit(f"{resources.disk_gb:g}"),
        }
        self.fields["source_url"].setPlaceholderText("https://… (optional)")
        self.errors = {name: FieldErrorLabel(field) for name, field in self.fields.items()}
        self.error_view = ErrorView()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._build_layout()

        for name, field in self.fields.items():
            field.textChanged.connect(lambda _text, name=name: self.check_field(name))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # --- checks ----------------------------------------------------------------------------

    def check_field(self, name: str) -> bool:
        """Check one field as typed; the sentence appears under it when it is wrong."""
        try:
            _CHECKS[name](self.fields[name].text())
        except FieldError as error:
            self.errors[name].show_error(error.message)
            return False
        self.errors[name].clear_error()
        return True

    def error_of(self, name: str) -> str:
        return self.errors[name].message

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        results = [self.check_field(name) for name in self.fields]
        if not all(results):
            return False

        text = {name: field.text() for name, field in self.fields.items()}
        edited = replace(
            self._image,
            description=validation.description(text["description"]),
            source_url=validation.source_url(text["source_url"]),
            resources=Resources(
                cpu_cores=validation.cpu_cores(text["cpu_cores"]),
                memory_gb=validation.memory_gb(text["memory_gb"]),
                disk_gb=validation.disk_gb(text["disk_gb"]),
            ),
        )
        try:
            self.saved = self._context.catalog.update_image(edited)
        except FieldError as error:
            self.errors.get(error.field, self.errors["description"]).show_error(error.message)
            return False
        except ImageDeskError as error:
            self.error_view.show_error(error)
            return False

        logger.info("edited image %s", edited.repository)
        self._context.images_saved()
        self.accept()
        return True

    # --- layout ----------------------------------------------------------------------------

    def _row(self, name: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.fields[name])
        layout.addWidget(self.errors[name])
        return box

    def _build_layout(self) -> None:
        title = QLabel(self._image.repository)
        set_role(title, Role.HEADING)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        labels = {
            "description": "&Description",
            "source_url": "&Source repo URL",
            "cpu_cores": "Default &CPU cores*",
            "memory_gb": "Default &memory GB*",
            "disk_gb": "Default dis&k GB*",
        }
        for name, label in labels.items():
            form.addRow(buddy_label(label, self.fields[name]), self._row(name))

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error_view)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
