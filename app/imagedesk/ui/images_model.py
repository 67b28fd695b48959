"""The table model behind the Images page: one row per imported image."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from imagedesk.domain.models import Image, RegistryKind

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
IMAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
REGISTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 3
KIND_ROLE = Qt.ItemDataRole.UserRole + 4

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class Column(enum.IntEnum):
    REGISTRY = 0
    REPOSITORY = 1
    DEFAULT_TAG = 2
    DESCRIPTION = 3
    CPU = 4
    MEMORY = 5
    DISK = 6
    IMPORTED_AT = 7


HEADERS = {
    Column.REGISTRY: "Registry",
    Column.REPOSITORY: "Repository",
    Column.DEFAULT_TAG: "Default tag",
    Column.DESCRIPTION: "Description",
    Column.CPU: "CPU cores",
    Column.MEMORY: "Memory (GB)",
    Column.DISK: "Disk (GB)",
    Column.IMPORTED_AT: "Imported at",
}

_NUMERIC = (Column.CPU, Column.MEMORY, Column.DISK)


class ImagesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._images: list[Image] = []
        self._registry_names: dict[int, str] = {}
        self._registry_kinds: dict[int, RegistryKind] = {}

    def set_images(
        self,
        images: list[Image],
        registry_names: dict[int, str],
        registry_kinds: dict[int, RegistryKind] | None = None,
    ) -> None:
        self.beginResetModel()
        self._images = list(images)
        self._registry_names = dict(registry_names)
        self._registry_kinds = dict(registry_kinds or {})
        self.endResetModel()

    def image_at(self, row: int) -> Image:
        return self._images[row]

    # --- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._images)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None

        image = self._images[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(image, column)
        if role == SORT_ROLE:
            return self._sort_key(image, column)
        if role == IMAGE_ID_ROLE:
            return image.id
        if role == REGISTRY_ID_ROLE:
            return image.registry_id
        if role == KIND_ROLE:
            kind = self._registry_kinds.get(image.registry_id)
            return kind.value if kind is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and image.deprecated:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(image, column)
        return None

    # --- cells -------------------------------------------------------------------------

    def _display(self, image: Image, column: Column) -> str:
        if column is Column.DEFAULT_TAG:
            moved = any(tag.moved for tag in image.tags if tag.name == image.default_tag)
            return f"{image.default_tag} (tag moved)" if moved else image.default_tag
        if column in _NUMERIC:
            return f"{self._sort_key(image, column):g}"
        if column is Column.IMPORTED_AT:
            return _local_time(image.imported_at)
        return str(self._sort_key(image, column))

    def _tooltip(self, image: Image, column: Column) -> str | None:
        if image.deprecated:
            return "Deprecated: kept in the catalog, not offered for new use."
        if column is Column.DESCRIPTION:
            return image.description or None
        if column is Column.DEFAULT_TAG:
            moved = [tag for tag in image.tags if tag.moved]
            if moved:
                return "Tag moved: " + ", ".join(tag.name for tag in moved) + ". Open Tags."
        return None

    def _sort_key(self, image: Image, column: Column) -> str | float:
        resources = image.resources
        keys: dict[Column, str | float] = {
            Column.REGISTRY: self._registry_names.get(image.registry_id, "?"),
            Column.REPOSITORY: image.repository,
            Column.DEFAULT_TAG: image.default_tag,
            Column.DESCRIPTION: image.description,
            Column.CPU: resources.cpu_cores,
            Column.MEMORY: resources.memory_gb,
            Column.DISK: resources.disk_gb,
            Column.IMPORTED_AT: image.imported_at.isoformat() if image.imported_at else "",
        }
        return keys[column]


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
