"""One side of the browser: a heading, a filter box, a sortable table, progress with
Cancel while pages arrive, the listing's age with Refresh, and the error view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import ImageDeskError
from imagedesk.ui.browser.row_filter import RowFilterProxy
from imagedesk.ui.browser.table_models import ListingTableModel
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.style import Role, set_role


class ListingPane(QWidget):
    refresh_requested = Signal()
    cancel_requested = Signal()

    def __init__(
        self,
        heading: str,
        model: ListingTableModel[Any],
        filter_hint: str,
        parent: QWidget | None = None,
        *,
        column_samples: dict[int, str] | None = None,
    ) -> None:
        """``column_samples`` gives the widest expected text of fixed-width columns;
        the other columns share the rest (measuring 100,000 rows would stall)."""
        super().__init__(parent)
        self.model = model
        self.proxy = RowFilterProxy(model)

        self.heading = QLabel(heading)
        set_role(self.heading, Role.HEADING)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(filter_hint)
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.table = self._make_table(column_samples or {})

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        self.progress_text = QLabel()
        set_role(self.progress_text, Role.HINT)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)

        self.status = QLabel()
        set_role(self.status, Role.HINT)
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.error_view = ErrorView()

        self._lay_out()
        self.set_loading(False)

    # --- state shown -----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return not self.progress.isHidden()

    def set_loading(self, loading: bool, text: str = "") -> None:
        self.progress.setVisible(loading)
        self.progress_text.setVisible(loading)
        self.cancel_button.setVisible(loading)
        self.progress_text.setText(text)
        self.refresh_button.setEnabled(not loading)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_error(self, error: ImageDeskError) -> None:
        self.error_view.show_error(error)

    def clear_error(self) -> None:
        self.error_view.clear()

    def add_below_filter(self, widget: QWidget) -> None:
        """Put ``widget`` (such as the scoped registry's "Open repository") under the
        filter box."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.filter_box) + 1, widget)

    def select_item(self, row: int) -> bool:
        """Select source ``row`` when the filter shows it; False when it is hidden."""
        shown = self.proxy.mapFromSource(self.model.index(row, 0))
        if not shown.isValid():
            return False
        self.table.selectRow(shown.row())
        return True

    def selected_source_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.source_row(rows[0].row())

    # --- building ------------------------------------------------------------------------------

    def _make_table(self, column_samples: dict[int, str]) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        metrics = table.fontMetrics()
        for column in range(self.model.columnCount()):
            sample = column_samples.get(column)
            if sample is None:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        return table

    def _lay_out(self) -> None:
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text, 2)
        progress_row.addWidget(self.cancel_button)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(progress_row)
        layout.addLayout(status_row)
        layout.addWidget(self.error_view)
