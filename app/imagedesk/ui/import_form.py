"""The fields of the Import Image dialog, each with its error line; no behaviour."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import Registry
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.accelerators import buddy_label
from imagedesk.ui.widgets.busy_indicator import BusyIndicator
from imagedesk.ui.widgets.field_error import FieldErrorLabel

DEFAULT_TAG = "latest"
DEFAULT_CPU = "2"
DEFAULT_MEMORY = "4"
DEFAULT_DISK = "20"

FIELD_NAMES = (
    "registry",
    "repository",
    "tag",
    "description",
    "source_url",
    "cpu_cores",
    "memory_gb",
    "disk_gb",
)


def registry_label(registry: Registry) -> str:
    """``name / host``, followed by the scope for a registry whose keys read only some
    repositories: ``prod-a / 1234….amazonaws.com  [team-a/*]``."""
    if not registry.scope:
        return registry.display
    return f"{registry.display}  [{', '.join(registry.scope)}]"


def _completer(model: QStringListModel, parent: QWidget) -> QCompleter:
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


class ImportForm(QWidget):
    """Registry, Image and Resources sections. Field errors appear under their field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry_box = QComboBox()
        self.registry_box.setMinimumContentsLength(40)
        self.registry_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_registry_button = QPushButton("&Add a new registry")
        self.add_registry_button.setFlat(True)
        self.add_registry_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_registry_button.setStyleSheet(
            "text-align: left; padding: 2px; color: palette(link); text-decoration: underline;"
        )
        self.listing_status = BusyIndicator()

        self.repository = QLineEdit()
        self.repository.setPlaceholderText("e.g. team-a/api")
        self.repository_names = QStringListModel(self)
        self.repository.setCompleter(_completer(self.repository_names, self))
        self.tag = QLineEdit(DEFAULT_TAG)
        self.tag.setPlaceholderText("a tag, or sha256:… for an untagged image")
        self.tag_names = QStringListModel(self)
        self.tag.setCompleter(_completer(self.tag_names, self))
        self.tag_status = BusyIndicator()
        self.switch_offer = QLabel()
        self.switch_offer.setWordWrap(True)
        set_role(self.switch_offer, Role.HINT)
        self.switch_button = QPushButton()
        self.switch_row = QWidget()
        self.switch_row.hide()
        self.description = QLineEdit()
        self.description.setPlaceholderText("What the image is for (optional)")
        self.source_url = QLineEdit()
        self.source_url.setPlaceholderText("https://… (optional)")

        self.cpu_cores = QLineEdit(DEFAULT_CPU)
        self.memory_gb = QLineEdit(DEFAULT_MEMORY)
        self.disk_gb = QLineEdit(DEFAULT_DISK)

        self.errors: dict[str, FieldErrorLabel] = {}
        self._build_layout()

    # --- errors --------------------------------------------------------------------------

    def show_field_errors(self, errors: list[FieldError]) -> None:
        """Show each error under its field; the first bad field takes the focus."""
        self.clear_errors()
        for error in errors:
            label = self.errors.get(error.field) or self.errors["repository"]
            label.show_error(error.message)

        first = next((e for e in errors if e.field in self.errors), None)
        if first is not None:
            self._field_widget(first.field).setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def error_of(self, field: str) -> str:
        return self.errors[field].message

    # --- registry selector -----------------------------------------------------------------

    def set_registries(self, registries: list[Registry], selected_id: int | None) -> None:
        self.registry_box.blockSignals(True)
        self.registry_box.clear()
        for registry in registries:
            self.registry_box.addItem(registry_label(registry), registry.id)
        self.registry_box.setPlaceholderText("Add a registry first")
        index = self.registry_box.findData(selected_id) if selected_id is not None else 0
        self.registry_box.setCurrentIndex(max(index, 0) if registries else -1)
        self.registry_box.blockSignals(False)

    def selected_registry_id(self) -> int | None:
        value = self.registry_box.currentData()
        return value if isinstance(value, int) else None

    def select_registry(self, registry_id: int) -> bool:
        """Select the entry of ``registry_id`` (emits ``currentIndexChanged``)."""
        index = self.registry_box.findData(registry_id)
        if index >= 0:
            self.registry_box.setCurrentIndex(index)
        return index >= 0

    # --- offer to switch registries --------------------------------------------------------

    def show_switch_offer(self, text: str, button_text: str) -> None:
        self.switch_offer.setText(text)
        self.switch_button.setText(button_text)
        self.switch_row.show()

    def hide_switch_offer(self) -> None:
        self.switch_offer.clear()
        self.switch_row.hide()

    @property
    def switch_offered(self) -> bool:
        return not self.switch_row.isHidden()

    # --- layout ----------------------------------------------------------------------------

    def _field_widget(self, field: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "registry": self.registry_box,
            "repository": self.repository,
            "tag": self.tag,
            "description": self.description,
            "source_url": self.source_url,
            "cpu_cores": self.cpu_cores,
            "memory_gb": self.memory_gb,
            "disk_gb": self.disk_gb,
        }
        return widgets[field]

    def _with_error(self, field: str, *extra: QWidget) -> QWidget:
        """The field's widget with its error line (and any status widget) under it."""
        widget = self._field_widget(field)
        self.errors[field] = FieldErrorLabel(widget)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        for item in extra:
            layout.addWidget(item)
        layout.addWidget(self.errors[field])
        return box

    def _section(self, title: str, rows: list[tuple[str, QWidget, QWidget]]) -> QGroupBox:
        """A group of rows (label text, the cell, the field its label focuses)."""
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for label, cell, field in rows:
            form.addRow(buddy_label(label, field), cell)
        return group

    def _repository_row(self) -> QWidget:
        """The repository field, its error, then the offer to switch registries."""
        box = self._with_error("repository")
        layout = box.layout()
        assert layout is not None
        layout.addWidget(self.switch_row)
        return box

    def _build_switch_row(self) -> None:
        layout = QHBoxLayout(self.switch_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch_offer, 1)
        layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignTop)

    def _build_layout(self) -> None:
        self._build_switch_row()
        registry = self._section(
            "Registry",
            [
                (
                    "&Registry*",
                    self._with_error("registry", self.add_registry_button, self.listing_status),
                    self.registry_box,
                )
            ],
        )
        image = self._section(
            "Image",
            [
                ("Re&pository*", self._repository_row(), self.repository),
                ("&Tag*", self._with_error("tag", self.tag_status), self.tag),
                ("&Description", self._with_error("description"), self.description),
                ("&Source repo URL", self._with_error("source_url"), self.source_url),
            ],
        )
        resources = self._section(
            "Resources",
            [
                ("Default &CPU cores*", self._with_error("cpu_cores"), self.cpu_cores),
                ("Default &memory GB*", self._with_error("memory_gb"), self.memory_gb),
                ("Default dis&k GB*", self._with_error("disk_gb"), self.disk_gb),
            ],
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(registry)
        layout.addWidget(image)
        layout.addWidget(resources)
