"""The Images page: the imported images, filters, Import Image, and per image its tags,
edit, deprecate / bring back and remove."""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.models import Image, RegistryKind
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.image_editor import ImageEditorDialog
from imagedesk.ui.images_model import (
    KIND_ROLE,
    REGISTRY_ID_ROLE,
    SORT_ROLE,
    Column,
    ImagesModel,
)
from imagedesk.ui.import_dialog import ImportDialog
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.tags_panel import TagsDialog, tag_label
from imagedesk.ui.widgets.accelerators import buddy_label

logger = logging.getLogger(__name__)

DialogT = TypeVar("DialogT", bound=QDialog)

EMPTY_TEXT = (
    "No images yet.\n\nImport the first one from a registry: its repository, a tag, "
    "and the CPU, memory and disk it starts with."
)
NO_MATCH_TEXT = "No image matches the filter."
ALL = "all"


def removal_preview(image: Image, registry_name: str) -> str:
    """What removing ``image`` takes with it, for the confirmation."""
    tags = ", ".join(tag_label(tag, image.default_tag) for tag in image.tags)
    if len(image.tags) == 1:
        goes = f"With it go its tag ({tags}) with its recorded digest"
    else:
        goes = f"With it go {len(image.tags)} tags ({tags}) with their recorded digests"
    return (
        f"Remove {registry_name}: {image.repository} from the catalog?\n\n"
        f"{goes}, its description, source URL and resource defaults.\n"
        "The image stays in its registry; the removal is recorded in the audit log."
    )


class ImageFilter(QSortFilterProxyModel):
    """Text over every column, plus one registry and one registry kind (or all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry_id: int | None = None
        self.kind = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_registry(self, registry_id: int | None) -> None:
        self.beginFilterChange()
        self.registry_id = registry_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self.kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.registry_id is not None and index.data(REGISTRY_ID_ROLE) != self.registry_id:
            return False
        if self.kind and index.data(KIND_ROLE) != self.kind:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class ImagesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.import_dialog: ImportDialog | None = None
        self.child_dialog: QDialog | None = None
        self._registry_names: dict[int, str] = {}

        self.model = ImagesModel()
        self.proxy = ImageFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by registry, repository, tag or description")
        self.filter_box.setClearButtonEnabled(True)
        self.registry_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", "")
        for kind in RegistryKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.import_button = QPushButton("&Import Image")
        self.import_button.setDefault(True)
        self.tags_button = QPushButton("&Tags…")
        self.edit_button = QPushButton("&Edit…")
        self.deprecate_button = QPushButton("&Deprecate")
        self.remove_button = QPushButton("&Remove…")
        self.table = self._build_table()
        self.empty_state = self._build_empty_state()
        self.no_match = QLabel(NO_MATCH_TEXT)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.no_match, Role.HINT)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.no_match)
        self.error_view = ErrorView()

        self._build_layout()
        self._connect()
        self.reload()

    # --- public ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the catalog again, keeping the selected image selected (a deprecation, a
        tag change or an edit reloads the page; the admin's place must stay)."""
        selected = self.selected_image()
        registries = self._context.catalog.list_registries()
        self._registry_names = {r.id: r.name for r in registries if r.id is not None}
        kinds = {r.id: r.kind for r in registries if r.id is not None}
        self._fill_registry_filter()
        self.model.set_images(self._context.catalog.list_images(), self._registry_names, kinds)
        has_images = self.model.rowCount() > 0
        for widget in (self.filter_box, self.registry_filter, self.kind_filter):
            widget.setEnabled(has_images)
        if selected is not None and selected.id is not None:
            self._select_image_id(selected.id)
        self._show_rows()

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self._context, self)
        self.import_dialog = dialog

        def finished(_result: int) -> None:
            self.import_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def open_tags(self, image: Image) -> TagsDialog:
        return self._open_child(TagsDialog(self._context, image, self))

    def open_editor(self, image: Image) -> ImageEditorDialog:
        return self._open_child(ImageEditorDialog(self._context, image, self))

    def selected_image(self) -> Image | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.image_at(self.proxy.mapToSource(rows[0]).row())

    def select_repository(self, repository: str) -> bool:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if self.model.image_at(source).repository == repository:
                self.table.selectRow(row)
                return True
        return False

    def _select_image_id(self, image_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            if self.model.image_at(source).id == image_id:
                self.table.selectRow(row)
                return

    def set_deprecated(self, image: Image, deprecated: bool) -> bool:
        """Deprecate a whole image (kept, struck through) or bring it back."""
        if image.id is None:
            return False
        try:
            self._context.catalog.set_image_deprecated(image.id, deprecated)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            return False

        logger.info("image %s deprecated: %s", image.repository, deprecated)
        self._context.images_saved()
        return True

    def remove_image(self, image: Image) -> bool:
        """Remove ``image`` from the catalog (the registry keeps it)."""
        if image.id is None:
            return False
        try:
            self._context.catalog.delete_image(image.id)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            return False

        logger.info("removed image %s", image.repository)
        self._context.images_saved()
        return True

    def removal_preview(self, image: Image) -> str:
        return removal_preview(image, self._registry_names.get(image.registry_id, "?"))

    # --- slots -----------------------------------------------------------------------------

    def _on_remove_clicked(self) -> None:
        image = self.selected_image()
        if image is None:
            return

        answer = QMessageBox.question(self, "Remove image", self.removal_preview(image))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_image(image)

    def _on_deprecate_clicked(self) -> None:
        image = self.selected_image()
        if image is not None:
            self.set_deprecated(image, not image.deprecated)

    def _with_selected(self, action: str) -> None:
        image = self.selected_image()
        if image is None:
            return
        if action == "tags":
            self.open_tags(image)
        else:
            self.open_editor(image)

    def _update_actions(self) -> None:
        image = self.selected_image()
        for button in (self.tags_button, self.edit_button, self.remove_button):
            button.setEnabled(image is not None)
        self.deprecate_button.setEnabled(image is not None)
        self.deprecate_button.setText(
            "&Bring back" if image and image.deprecated else "&Deprecate"
        )

    def _show_rows(self) -> None:
        if self.model.rowCount() == 0:
            self.stack.setCurrentWidget(self.empty_state)
        elif self.proxy.rowCount() == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
        self._update_actions()

    def _on_registry_filter(self, _index: int) -> None:
        value = self.registry_filter.currentData()
        self.proxy.set_registry(value if isinstance(value, int) else None)
        self._show_rows()

    def _on_kind_filter(self, _index: int) -> None:
        self.proxy.set_kind(str(self.kind_filter.currentData() or ""))
        self._show_rows()

    def _on_text_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._show_rows()

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(self._on_text_filter)
        self.registry_filter.currentIndexChanged.connect(self._on_registry_filter)
        self.kind_filter.currentIndexChanged.connect(self._on_kind_filter)
        self.import_button.clicked.connect(self.open_import)
        self.tags_button.clicked.connect(lambda: self._with_selected("tags"))
        self.edit_button.clicked.connect(lambda: self._with_selected("edit"))
        self.deprecate_button.clicked.connect(self._on_deprecate_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.doubleClicked.connect(lambda _index: self._with_selected("tags"))
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._context.events.images_changed.connect(self.reload)
        self._context.events.registries_changed.connect(self.reload)

    def _open_child(self, dialog: DialogT) -> DialogT:
        self.child_dialog = dialog

        def finished(_result: int) -> None:
            if self.child_dialog is dialog:
                self.child_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def _fill_registry_filter(self) -> None:
        """Keep the chosen registry selected across reloads while it still exists."""
        chosen = self.registry_filter.currentData()
        self.registry_filter.blockSignals(True)
        self.registry_filter.clear()
        self.registry_filter.addItem("All registries", None)
        for registry_id, name in sorted(self._registry_names.items(), key=lambda i: i[1]):
            self.registry_filter.addItem(name, registry_id)
        index = self.registry_filter.findData(chosen) if chosen is not None else 0
        self.registry_filter.setCurrentIndex(max(index, 0))
        self.registry_filter.blockSignals(False)
        if index < 0:
            self.proxy.set_registry(None)

    # --- layout ----------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.IMPORTED_AT, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_empty_state(self) -> QWidget:
        text = QLabel(EMPTY_TEXT)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Import your first image")
        button.clicked.connect(self.open_import)

        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return panel

    def _build_layout(self) -> None:
        heading = QLabel("Images")
        set_role(heading, Role.HEADING)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.import_button)

        filters = QHBoxLayout()
        filters.addWidget(buddy_label("Fi&lter", self.filter_box))
        filters.addWidget(self.filter_box, 1)
        filters.addWidget(self.registry_filter)
        filters.addWidget(self.kind_filter)

        actions = QHBoxLayout()
        for button in (self.tags_button, self.edit_button, self.deprecate_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.error_view)
        layout.addWidget(self.stack, 1)
