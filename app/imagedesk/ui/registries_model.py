"""The table behind the Registries page: one row per registry entry."""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

_AUTH_LABELS = {
    AuthMethod.KEYS: "access keys",
    AuthMethod.ROLE: "role",
    AuthMethod.PASSWORD: "password",
    AuthMethod.NONE: "none",
}


class Column(enum.IntEnum):
    NAME = 0
    HOST = 1
    SCOPE = 2
    KIND = 3
    AUTH = 4
    SECRET = 5
    LAST_TEST = 6

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Column.NAME: "Name",
    Column.HOST: "Host",
    Column.SCOPE: "Scope",
    Column.KIND: "Kind",
    Column.AUTH: "Credentials",
    Column.SECRET: "Secret stored",
    Column.LAST_TEST: "Last test",
}


def secret_label(registry: Registry, present: bool | None, persistent: bool) -> str:
    """ "yes", "this session only", "missing", or "—" when the entry has no secret."""
    if registry.auth not in (AuthMethod.KEYS, AuthMethod.PASSWORD):
        return "—"
    if present is None:
        return "…"
    if not present:
        return "missing"
    return "yes" if persistent else "this session only"


def scope_label(registry: Registry) -> str:
    """The repositories an ECR entry's credentials are meant for; "whole registry" when
    it has no scope, and "—" for kinds that have none."""
    if registry.kind is not RegistryKind.ECR:
        return "—"
    return ", ".join(registry.scope) if registry.scope else "whole registry"


def last_test_label(registry: Registry) -> str:
    test = registry.last_test
    if test is None:
        return "never"
    when = test.at.astimezone().strftime("%Y-%m-%d %H:%M")
    outcome = "passed" if test.ok else f"failed: {test.summary}"
    return f"{when}, {outcome}"


def last_test_tooltip(registry: Registry) -> str:
    """The whole stored summary: outcome, the identity that signed and its source."""
    test = registry.last_test
    return "Never tested." if test is None else test.summary


class RegistriesModel(QAbstractTableModel):
    """Registries from the catalog, plus whether each one's secret is in the keyring."""

    def __init__(self) -> None:
        super().__init__()
        self._registries: list[Registry] = []
        self._secret_present: dict[int, bool] = {}
        self._persistent = True

    # --- content ------------------------------------------------------------------------

    def set_registries(self, registries: list[Registry], *, persistent: bool) -> None:
        self.beginResetModel()
        self._registries = list(registries)
        self._persistent = persistent
        self.endResetModel()

    def set_secret_presence(self, present: dict[int, bool]) -> None:
        self._secret_present = dict(present)
        if self._registries:
            top = self.index(0, Column.SECRET)
            bottom = self.index(len(self._registries) - 1, Column.SECRET)
            self.dataChanged.emit(top, bottom)

    def registry_at(self, row: int) -> Registry:
        return self._registries[row]

    def row_of(self, registry_id: int) -> int | None:
        return next((row for row, r in enumerate(self._registries) if r.id == registry_id), None)

    @property
    def registries(self) -> list[Registry]:
        return list(self._registries)

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._registries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return Column(section).title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        registry = self._registries[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.LAST_TEST:
            return last_test_tooltip(registry)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(registry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.LAST_TEST:
            test = registry.last_test
            if test is not None:
                return QBrush(QColor("#26a269" if test.ok else "#b3261e"))
        return None

    def _text(self, registry: Registry, column: Column) -> str:
        if column is Column.NAME:
            return registry.name
        if column is Column.HOST:
            return registry.host
        if column is Column.SCOPE:
            return scope_label(registry)
        if column is Column.KIND:
            return registry.kind.label
        if column is Column.AUTH:
            return _AUTH_LABELS[registry.auth]
        if column is Column.SECRET:
            present = self._secret_present.get(registry.id or -1)
            return secret_label(registry, present, self._persistent)
        return last_test_label(registry)
