"""Table models of the browser, fed page by page as a listing arrives.

Each model keeps, next to its items, one lower-cased filter text per row and one
sort key per row and column, computed once when the page arrives. The
:class:`~imagedesk.ui.browser.row_filter.RowFilterProxy` filters and sorts on
those plain lists, so a keystroke never calls back into ``data()`` per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from imagedesk.domain.models import ImageInfo, RepositoryInfo
from imagedesk.ui.browser.formatting import (
    UNTAGGED,
    human_size,
    local_time,
    short_digest,
)

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
SortKey = Any

_ROOT = QModelIndex()
# Plain ints: cell_data runs for every role of every painted cell.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ColumnSpec(Generic[T]):
    header: str
    text: Callable[[T], str]
    sort_key: Callable[[T], SortKey]
    tooltip: Callable[[T], str] | None = None


class ListingTableModel(QAbstractTableModel, Generic[T]):
    """Rows only ever grow (one ``beginInsertRows`` per page) or are cleared at once."""

    def __init__(self, columns: Sequence[ColumnSpec[T]]) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self._items: list[T] = []
        self._filter_texts: list[str] = []
        self._sort_keys: list[list[SortKey]] = [[] for _ in self._columns]

    # --- feeding ---------------------------------------------------------------------

    def append_page(self, page: Sequence[T]) -> None:
        if not page:
            return

        first = len(self._items)
        self.beginInsertRows(_ROOT, first, first + len(page) - 1)
        self._items.extend(page)
        self._filter_texts.extend(self.filter_text_of(item) for item in page)
        for keys, column in zip(self._sort_keys, self._columns, strict=True):
            keys.extend(column.sort_key(item) for item in page)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._items = []
        self._filter_texts = []
        self._sort_keys = [[] for _ in self._columns]
        self.endResetModel()

    def filter_text_of(self, item: T) -> str:
        """The lower-cased text a filter matches against; subclasses choose it."""
        return self._columns[0].text(item).lower()

    # --- reading -----------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        return self._items

    @property
    def filter_texts(self) -> list[str]:
        return self._filter_texts

    def sort_keys(self, column: int) -> list[SortKey]:
        return self._sort_keys[column]

    def item_at(self, row: int) -> T:
        return self._items[row]

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell_data(index.row(), index.column(), role)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        """What ``data()`` answers for a cell; the filter proxy calls it directly."""
        item = self._items[row]
        spec = self._columns[column]
        if role == _DISPLAY:
            return spec.text(item)
        if role == _TOOLTIP and spec.tooltip is not None:
            return spec.tooltip(item)
        return self.extra_data(item, column, role)

    def extra_data(self, item: T, column: int, role: int) -> Any:
        return None


# --- repositories ------------------------------------------------------------------------


def _repository_columns() -> list[ColumnSpec[RepositoryInfo]]:
    return [
        ColumnSpec("Repository", lambda repo: repo.name, lambda repo: repo.name.lower()),
        ColumnSpec(
            "Created",
            lambda repo: local_time(repo.created_at),
            lambda repo: repo.created_at or _NEVER,
        ),
    ]


class RepositoryTableModel(ListingTableModel[RepositoryInfo]):
    NAME = 0
    CREATED = 1

    def __init__(self) -> None:
        super().__init__(_repository_columns())


# --- images ------------------------------------------------------------------------------


def tags_text(image: ImageInfo) -> str:
    return ", ".join(image.tags) if image.tags else UNTAGGED


def _image_columns() -> list[ColumnSpec[ImageInfo]]:
    return [
        ColumnSpec("Tags", tags_text, lambda image: (image.untagged, tags_text(image).lower())),
        ColumnSpec(
            "Digest",
            lambda image: short_digest(image.digest),
            lambda image: image.digest,
            tooltip=lambda image: image.digest,
        ),
        ColumnSpec(
            "Pushed at",
            lambda image: local_time(image.pushed_at),
            lambda image: image.pushed_at or _NEVER,
        ),
        ColumnSpec(
            "Size",
            lambda image: human_size(image.size_bytes),
            lambda image: image.size_bytes if image.size_bytes is not None else -1,
        ),
    ]


_RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ImageTableModel(ListingTableModel[ImageInfo]):
    """One row per digest. A digest met again on a later page is merged into its row."""

    TAGS = 0
    DIGEST = 1
    PUSHED_AT = 2
    SIZE = 3

    def __init__(self) -> None:
        super().__init__(_image_columns())
        self._row_of_digest: dict[str, int] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def append_page(self, page: Sequence[ImageInfo]) -> None:
        known = len(self._items)
        fresh: list[ImageInfo] = []
        for image in page:
            row = self._row_of_digest.get(image.digest)
            if row is None:
                self._row_of_digest[image.digest] = known + len(fresh)
                fresh.append(image)
            elif row >= known:
                fresh[row - known] = merged_image(fresh[row - known], image)
            else:
                self._merge(row, image)
        super().append_page(fresh)

    def clear(self) -> None:
        self._row_of_digest = {}
        super().clear()

    def filter_text_of(self, item: ImageInfo) -> str:
        return f"{tags_text(item)} {item.digest}".lower()

    def extra_data(self, item: ImageInfo, column: int, role: int) -> Any:
        if role == _FONT and column == self.TAGS and item.untagged:
            return self._italic
        if role == _ALIGNMENT and column == self.SIZE:
            return _RIGHT_ALIGNED
        return None

    def _merge(self, row: int, image: ImageInfo) -> None:
        merged = merged_image(self._items[row], image)
        self._items[row] = merged
        self._filter_texts[row] = self.filter_text_of(merged)
        for keys, column in zip(self._sort_keys, self._columns, strict=True):
            keys[row] = column.sort_key(merged)
        last = len(self._columns) - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))


def merged_image(old: ImageInfo, new: ImageInfo) -> ImageInfo:
    """One digest seen twice: all tags of both, the first known value of the rest."""
    return ImageInfo(
        digest=old.digest,
        tags=tuple(sorted(set(old.tags) | set(new.tags))),
        pushed_at=old.pushed_at or new.pushed_at,
        size_bytes=old.size_bytes if old.size_bytes is not None else new.size_bytes,
        media_type=old.media_type or new.media_type,
        scan_status=old.scan_status or new.scan_status,
    )
