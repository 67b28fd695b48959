"""The Images page: the imported images, a filter, Import Image and Remove."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from imagedesk.domain.models import Image
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.images_model import SORT_ROLE, Column, ImagesModel
from imagedesk.ui.import_dialog import ImportDialog
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

EMPTY_TEXT = (
    "No images yet.\n\nImport the first one from a registry: its repository, a tag, "
    "and the CPU, memory and disk it starts with."
)


class ImagesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.import_dialog: ImportDialog | None = None

        self.model = ImagesModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by registry, repository, tag or description")
        self.filter_box.setClearButtonEnabled(True)
        self.import_button = QPushButton("Import Image")
        self.import_button.setDefault(True)
        self.remove_button = QPushButton("Remove")
        self.table = self._build_table()
        self.empty_state = self._build_empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.table)
        self.error_view = ErrorView()

        self._build_layout()
        self._connect()
        self.reload()

    # --- public ----------------------------------------------------------------------------

    def reload(self) -> None:
        names = {r.id: r.name for r in self._context.catalog.list_registries() if r.id}
        self.model.set_images(self._context.catalog.list_images(), names)
        has_images = self.model.rowCount() > 0
        self.stack.setCurrentWidget(self.table if has_images else self.empty_state)
        self.filter_box.setEnabled(has_images)
        self._update_actions()

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self._context, self)
        self.import_dialog = dialog

        def finished(_result: int) -> None:
            self.import_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def selected_image(self) -> Image | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.image_at(self.proxy.mapToSource(rows[0]).row())

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

    # --- slots -----------------------------------------------------------------------------

    def _on_remove_clicked(self) -> None:
        image = self.selected_image()
        if image is None:
            return

        answer = QMessageBox.question(
            self,
            "Remove image",
            f"Remove {image.repository} ({len(image.tags)} tag(s)) from the catalog?\n"
            "The image stays in its registry.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_image(image)

    def _update_actions(self) -> None:
        self.remove_button.setEnabled(self.selected_image() is not None)

    def _connect(self) -> None:
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.import_button.clicked.connect(self.open_import)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._context.events.images_changed.connect(self.reload)
        self._context.events.registries_changed.connect(self.reload)

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

        tools = QHBoxLayout()
        tools.addWidget(self.filter_box, 1)
        tools.addWidget(self.remove_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self.error_view)
        layout.addWidget(self.stack, 1)
