"""The fast filter proxy: matches, sort orders, pages arriving while filtered or sorted,
and keystrokes that change nothing."""

from __future__ import annotations

from contextlib import ExitStack

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import RepositoryInfo
from imagedesk.ui.browser.formatting import human_size, short_digest
from imagedesk.ui.browser.row_filter import RowFilterProxy
from imagedesk.ui.browser.table_models import RepositoryTableModel


def _names(proxy: RowFilterProxy) -> list[str]:
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def _model(*names: str) -> RepositoryTableModel:
    model = RepositoryTableModel()
    model.append_page([RepositoryInfo(name) for name in names])
    return model


def test_the_filter_matches_substrings_case_insensitively() -> None:
    proxy = RowFilterProxy(_model("team-a/api", "team-b/web", "Platform/API-gw"))

    proxy.set_filter_text("  API ")

    assert _names(proxy) == ["team-a/api", "Platform/API-gw"]


def test_sorting_descending_then_filtering_keeps_the_order() -> None:
    proxy = RowFilterProxy(_model("b", "c", "a", "ab"))

    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    proxy.set_filter_text("a")

    assert _names(proxy) == ["ab", "a"]


def test_a_page_arriving_while_filtered_shows_only_its_matches() -> None:
    model = _model("team-a/api")
    proxy = RowFilterProxy(model)
    proxy.set_filter_text("web")
    inserted: list[tuple[int, int]] = []
    proxy.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    model.append_page([RepositoryInfo("team-b/web"), RepositoryInfo("x"), RepositoryInfo("web")])

    assert _names(proxy) == ["team-b/web", "web"]
    assert inserted == [(0, 1)]


def test_a_page_arriving_while_sorted_lands_in_order() -> None:
    model = _model("m", "c")
    proxy = RowFilterProxy(model)
    proxy.sort(0)

    model.append_page([RepositoryInfo("a"), RepositoryInfo("z")])

    assert _names(proxy) == ["a", "c", "m", "z"]


def test_source_and_proxy_rows_map_both_ways() -> None:
    model = _model("b", "a", "c")
    proxy = RowFilterProxy(model)
    proxy.sort(0)

    assert proxy.mapToSource(proxy.index(0, 0)).row() == 1
    assert proxy.mapFromSource(model.index(2, 0)).row() == 2
    proxy.set_filter_text("c")
    assert not proxy.mapFromSource(model.index(0, 0)).isValid()


def test_values_read_as_people_write_them() -> None:
    assert human_size(None) == ""
    assert human_size(512) == "512 B"
    assert human_size(5 * 1024**3) == "5.0 GB"
    assert short_digest("sha256:" + "ab" * 32) == "sha256:abababababab"
    assert short_digest("not-a-digest") == "not-a-digest"


def test_a_sorted_page_insert_keeps_the_selected_row_on_its_repository(qtbot: QtBot) -> None:
    model = _model("m", "c")
    proxy = RowFilterProxy(model)
    proxy.sort(0)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.selectRow(1)
    assert _selected_names(view) == ["m"]

    with (
        qtbot.waitSignal(proxy.layoutChanged, timeout=0),
        qtbot.assertNotEmitted(proxy.modelReset),
    ):
        model.append_page([RepositoryInfo("b"), RepositoryInfo("a"), RepositoryInfo("z")])

    assert _names(proxy) == ["a", "b", "c", "m", "z"]
    assert _selected_names(view) == ["m"]
    assert view.currentIndex().row() == 3


def test_a_keystroke_that_changes_nothing_shown_emits_nothing(qtbot: QtBot) -> None:
    proxy = RowFilterProxy(_model("team-a/api", "team-b/api", "team-c/web"))
    proxy.set_filter_text("api")
    signals = (
        proxy.modelAboutToBeReset,
        proxy.modelReset,
        proxy.layoutAboutToBeChanged,
        proxy.layoutChanged,
        proxy.rowsInserted,
        proxy.rowsRemoved,
    )

    for text in ("/api", "api", "API "):  # narrowing, widening, same text
        with ExitStack() as quiet:
            for signal in signals:
                quiet.enter_context(qtbot.assertNotEmitted(signal))
            proxy.set_filter_text(text)

    assert _names(proxy) == ["team-a/api", "team-b/api"]
    with qtbot.waitSignal(proxy.modelReset, timeout=0):
        proxy.set_filter_text("a/api")
    assert _names(proxy) == ["team-a/api"]


def _selected_names(view: QTableView) -> list[str]:
    return [index.data() for index in view.selectionModel().selectedRows()]
