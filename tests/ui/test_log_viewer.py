"""Help › Log viewer: the end of the log file, refreshed on demand and when following."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from imagedesk.ui.log_viewer import NO_LOG_TEXT, LogViewer, read_tail


def test_read_tail_starts_at_a_whole_line(tmp_path: Path) -> None:
    log = tmp_path / "imagedesk.log"
    log.write_text("".join(f"line {n:04d}\n" for n in range(100)), encoding="utf-8")

    tail = read_tail(log, max_bytes=25)

    assert tail == "line 0098\nline 0099\n"


def test_a_small_file_is_read_whole(tmp_path: Path) -> None:
    log = tmp_path / "imagedesk.log"
    log.write_text("first\nsecond\n", encoding="utf-8")

    assert read_tail(log) == "first\nsecond\n"


def test_the_viewer_shows_the_file_and_refresh_reads_new_lines(
    qtbot: QtBot, tmp_path: Path
) -> None:
    log = tmp_path / "imagedesk.log"
    log.write_text("started\n", encoding="utf-8")
    viewer = LogViewer([log])
    qtbot.addWidget(viewer)
    assert viewer.text.toPlainText() == "started\n"
    assert viewer.path_label.text() == str(log)

    with log.open("a", encoding="utf-8") as stream:
        stream.write("listed 30 repositories\n")
    viewer.refresh_button.click()

    assert viewer.text.toPlainText() == "started\nlisted 30 repositories\n"


def test_follow_reads_the_file_again_on_a_timer(qtbot: QtBot, tmp_path: Path) -> None:
    log = tmp_path / "imagedesk.log"
    log.write_text("a\n", encoding="utf-8")
    viewer = LogViewer([log])
    qtbot.addWidget(viewer)
    viewer._timer.setInterval(20)
    viewer.follow_box.setChecked(True)

    log.write_text("a\nb\n", encoding="utf-8")

    qtbot.waitUntil(lambda: viewer.text.toPlainText() == "a\nb\n", timeout=2000)
    viewer.follow_box.setChecked(False)
    assert not viewer._timer.isActive()


def test_without_a_log_file_the_viewer_says_so(qtbot: QtBot) -> None:
    viewer = LogViewer([])
    qtbot.addWidget(viewer)

    assert viewer.path_label.text() == NO_LOG_TEXT
    assert viewer.text.toPlainText() == ""


def test_an_unreadable_file_is_a_sentence_not_an_error(qtbot: QtBot, tmp_path: Path) -> None:
    viewer = LogViewer([tmp_path / "gone.log"])
    qtbot.addWidget(viewer)

    assert viewer.text.toPlainText().startswith("The log file cannot be read")
