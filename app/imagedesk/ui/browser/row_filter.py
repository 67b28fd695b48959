"""A filtering and sorting proxy that stays fast on 100,000 rows.

``QSortFilterProxyModel`` asks Python once per row on every keystroke (through
``filterAcceptsRow`` or ``data()``); measured on 2 cores that is about 1 s for a
fixed-string filter over 100,000 rows, and still 160 ms with a precomputed
answer per row. This proxy instead keeps plain lists: the source rows in sort
order and their lower-cased filter texts in that same order, so a keystroke is
one C-level pass (``compress`` over ``map(contains, ...)``) plus a model reset;
views then ask only for the rows they show.
"""

from __future__ import annotations

import logging
import operator
from itertools import compress, repeat
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QPersistentModelIndex, Qt

from imagedesk.ui.browser.table_models import ListingTableModel

logger = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RowFilterProxy(QAbstractProxyModel):
    """Case-insensitive substring filter over the source's filter texts, and sorting
    by the source's precomputed sort keys. Pages appended to the source show up as
    inserted rows when unsorted, and by a reset when sorted (one per page)."""

    def __init__(self, source: ListingTableModel[Any]) -> None:
        super().__init__()
        self._source = source
        self._text = ""
        self._sort_column = -1
        self._descending = False
        self._order: list[int] = []  # every source row, in sort order
        self._texts_in_order: list[str] = []
        self._visible: list[int] = []  # the source rows shown, in sort order
        self._proxy_row_of: dict[int, int] | None = None  # built when first needed
        self.setSourceModel(source)
        source.rowsInserted.connect(self._on_rows_inserted)
        source.modelReset.connect(self._rebuild)
        source.dataChanged.connect(self._on_data_changed)
        self._rebuild()

    # --- filtering and sorting -----------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._text

    def set_filter_text(self, text: str) -> None:
        text = text.strip().lower()
        if text == self._text:
            return

        self.beginResetModel()
        self._text = text
        self._apply_filter()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._order = list(range(self._source.rowCount()))
        self._sort_order()
        self._apply_filter()
        self.endResetModel()

    def source_row(self, proxy_row: int) -> int:
        return self._visible[proxy_row]

    # --- QAbstractProxyModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if parent.isValid() or not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._source.columnCount()

    def hasChildren(self, parent: AnyIndex = _ROOT) -> bool:
        return not parent.isValid() and bool(self._visible)

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        if not proxy_index.isValid() or proxy_index.row() >= len(self._visible):
            return QModelIndex()
        return self._source.index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._proxy_row_of is None:
            self._proxy_row_of = {row: place for place, row in enumerate(self._visible)}
        place = self._proxy_row_of.get(source_index.row())
        if place is None:
            return QModelIndex()
        return self.createIndex(place, source_index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self._source.headerData(section, orientation, role)
        return None

    # --- following the source ----------------------------------------------------------

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        new_rows = range(first, last + 1)
        if self._sort_column >= 0:
            self.beginResetModel()
            self._order.extend(new_rows)
            self._sort_order()  # two sorted runs: timsort merges them in linear time
            self._apply_filter()
            self.endResetModel()
            return

        texts = self._source.filter_texts
        self._order.extend(new_rows)
        self._texts_in_order.extend(texts[first : last + 1])
        shown = [row for row in new_rows if self._text in texts[row]]
        if not shown:
            return

        start = len(self._visible)
        self.beginInsertRows(_ROOT, start, start + len(shown) - 1)
        self._visible.extend(shown)
        self._proxy_row_of = None
        self.endInsertRows()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        """A merged row (new tags) may now sort or match differently: lay out again."""
        self.beginResetModel()
        self._sort_order()
        self._apply_filter()
        self.endResetModel()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._order = list(range(self._source.rowCount()))
        self._sort_order()
        self._apply_filter()
        self.endResetModel()

    def _sort_order(self) -> None:
        if self._sort_column >= 0:
            keys = self._source.sort_keys(self._sort_column)
            self._order.sort(key=keys.__getitem__, reverse=self._descending)
        texts = self._source.filter_texts
        self._texts_in_order = [texts[row] for row in self._order]

    def _apply_filter(self) -> None:
        if self._text:
            matches = map(operator.contains, self._texts_in_order, repeat(self._text))
            self._visible = list(compress(self._order, matches))
        else:
            self._visible = list(self._order)
        self._proxy_row_of = None
