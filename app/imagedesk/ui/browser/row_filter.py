"""A filtering and sorting proxy that stays fast on 100,000 rows.

``QSortFilterProxyModel`` asks Python once per row on every keystroke (through
``filterAcceptsRow`` or ``data()``); measured on 2 cores that is about 1 s for a
fixed-string filter over 100,000 rows, and still 160 ms with a precomputed
answer per row. This proxy instead keeps plain lists: the source rows in sort
order and their lower-cased filter texts in that same order, so a keystroke is
one C-level pass (``compress`` over ``map(contains, ...)``); views then ask only
for the rows they show. A keystroke that extends the text searches only the rows
shown, and one that changes nothing shown emits nothing.

Every call from Qt into Python must take the GIL, and while a listing thread
parses pages each such call may wait for it. So the proxy answers ``data``,
``multiData`` (all roles of a cell in one call) and ``flags`` itself instead of
Qt's default route through ``mapToSource`` and the source model, and a page that
arrives while sorted becomes an insertion plus a layout change, not a reset.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

from imagedesk.ui.browser.table_models import ListingTableModel

logger = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class RowFilterProxy(QAbstractProxyModel):
    """Case-insensitive substring filter over the source's filter texts, and sorting
    by the source's precomputed sort keys. Pages appended to the source show up as
    inserted rows; when sorted, the insertion is followed by a layout change that
    moves them into place (selection and current row follow)."""

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

        narrowing = bool(self._text) and self._text in text
        self._text = text
        visible = self._narrowed(self._visible) if narrowing else self._filtered()
        if visible == self._visible:
            return  # the same rows stay shown: nothing for the view to redo

        self.beginResetModel()
        self._visible = visible
        self._proxy_row_of = None
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

    # --- answering the view (one Python call per question) ---------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        return self._source.cell_data(self._visible[index.row()], index.column(), role)

    def multiData(  # type: ignore[override]
        self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan
    ) -> None:
        """Every role the delegate asks for, in one call instead of one per role."""
        # PySide6 iterates the span; its type stubs do not say so.
        span = cast(Iterable[QModelRoleData], roleDataSpan)
        if not index.isValid() or index.row() >= len(self._visible):
            for role_data in span:
                role_data.clearData()
            return

        row, column = self._visible[index.row()], index.column()
        cell_data = self._source.cell_data
        for role_data in span:
            value = cell_data(row, column, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
        texts = self._source.filter_texts
        new_rows = range(first, last + 1)
        shown = [row for row in new_rows if self._text in texts[row]]
        self._order.extend(new_rows)
        if self._sort_column < 0:
            self._texts_in_order.extend(texts[first : last + 1])
        if not shown:
            if self._sort_column >= 0:
                self._sort_order()
            return

        start = len(self._visible)
        self.beginInsertRows(_ROOT, start, start + len(shown) - 1)
        self._visible.extend(shown)
        self._proxy_row_of = None
        self.endInsertRows()
        if self._sort_column >= 0:
            self._relayout(self._sort_and_filter)

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply ``change()`` to the shown rows as a layout change, keeping the
        view's persistent indexes (selection, current row) on their source rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [self.mapToSource(index) for index in persistent]
        change()
        self.changePersistentIndexList(
            persistent, [self.mapFromSource(source) for source in sources]
        )
        self.layoutChanged.emit()

    def _sort_and_filter(self) -> None:
        self._sort_order()  # sorted runs: timsort merges them in about linear time
        self._apply_filter()

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
        self._visible = self._filtered()
        self._proxy_row_of = None

    def _filtered(self) -> list[int]:
        if not self._text:
            return list(self._order)
        matches = map(operator.contains, self._texts_in_order, repeat(self._text))
        return list(compress(self._order, matches))

    def _narrowed(self, rows: list[int]) -> list[int]:
        """The rows among ``rows`` that match the (longer) current text."""
        texts = self._source.filter_texts
        matches = map(operator.contains, map(texts.__getitem__, rows), repeat(self._text))
        return list(compress(rows, matches))
