"""The Audit page: every recorded change (when, what, old and new value), newest first,
filtered by text and by what kind of thing changed."""

from __future__ import annotations

import enum
import logging
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.models import AuditEntry
from imagedesk.ui.context import AppContext
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.accelerators import buddy_label

logger = logging.getLogger(__name__)

HEADERS = ("When", "What", "Old value", "New value")
_VALUE_WIDTH = 120  # old and new values are short; "What" takes the rest of the width

# ``image "prod: team-a/api": tag v1 deprecated`` and ``...: tag added`` are tag changes.
_TAG_CHANGE = re.compile(r'^image ".*": (tag |default tag)')


class ChangeKind(enum.StrEnum):
    ALL = "All changes"
    REGISTRIES = "Registries"
    IMAGES = "Images"
    TAGS = "Tags"
    SETTINGS = "Admin switches"


def kind_of(entry: AuditEntry) -> ChangeKind:
    """What an entry is about, read from how the catalog words its subject."""
    if entry.what.startswith("registry "):
        return ChangeKind.REGISTRIES
    if _TAG_CHANGE.match(entry.what):
        return ChangeKind.TAGS
    if entry.what.startswith("image "):
        return ChangeKind.IMAGES
    return ChangeKind.SETTINGS


class AuditPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by what changed, or an old or new value")
        self.filter_box.setClearButtonEnabled(True)
        self.kind_box = QComboBox()
        for kind in ChangeKind:
            self.kind_box.addItem(kind.value)
        self.count_label = QLabel()
        set_role(self.count_label, Role.HINT)
        self.table = QTableWidget(0, len(HEADERS))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a change to read it in full here.")
        self._entries: list[AuditEntry] = []
        self._build_layout()

        self.filter_box.textChanged.connect(self.reload)
        self.kind_box.currentIndexChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._show_details)
        events = context.events
        for signal in (events.images_changed, events.registries_changed, events.settings_changed):
            signal.connect(self.reload)
        self.reload()

    def reload(self, *_args: object) -> None:
        entries = self._context.catalog.list_audit(self.filter_box.text())
        kind = ChangeKind(self.kind_box.currentText() or ChangeKind.ALL)
        if kind is not ChangeKind.ALL:
            entries = [entry for entry in entries if kind_of(entry) is kind]

        self._entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (_when(entry), entry.what)
            for column, text in enumerate((*cells, entry.old, entry.new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._show_details()
        self.count_label.setText(f"{len(entries)} change{'s' if len(entries) != 1 else ''}")

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (what the admin sees, without the time)."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in range(1, len(HEADERS))]
            found.append(tuple(cell.text() if cell is not None else "" for cell in cells))
        return found

    def _show_details(self) -> None:
        """The selected change in full: long subjects and values are elided in the table."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._entries):
            self.details.clear()
            return
        self.details.setPlainText(entry_details(self._entries[rows[0].row()]))

    def _build_layout(self) -> None:
        table = self.table
        table.setHorizontalHeaderLabels(HEADERS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(2, _VALUE_WIDTH)
        header.resizeSection(3, _VALUE_WIDTH)

        heading = QLabel("Audit log")
        set_role(heading, Role.HEADING)
        note = QLabel(
            "Every change to registries, images, tags and admin switches. Never a secret."
        )
        set_role(note, Role.HINT)
        filters = QHBoxLayout()
        filters.addWidget(buddy_label("Fi&lter", self.filter_box))
        filters.addWidget(self.filter_box, 1)
        filters.addWidget(buddy_label("&Show", self.kind_box))
        filters.addWidget(self.kind_box)
        filters.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(filters)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        # A subject is "image "prod: team/repo": tag v1 …": the middle is the least telling.
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)


def entry_details(entry: AuditEntry) -> str:
    return (
        f"When: {_when(entry)}\nWhat: {entry.what}\n"
        f"Old value: {entry.old or '—'}\nNew value: {entry.new or '—'}"
    )


def _when(entry: AuditEntry) -> str:
    return entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
