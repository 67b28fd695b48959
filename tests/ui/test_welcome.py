"""The first-run welcome panel: import, or start the demo in a new process."""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from imagedesk.ui.welcome import (
    DEMO_FAILED_TEXT,
    DEMO_STARTED_TEXT,
    WelcomePanel,
    demo_command,
)


def test_try_the_demo_starts_it_through_the_launcher(qtbot: QtBot) -> None:
    calls: list[str] = []

    def launcher() -> bool:
        calls.append("demo")
        return True

    panel = WelcomePanel(launcher)
    qtbot.addWidget(panel)
    panel.demo_button.click()

    assert calls == ["demo"]
    assert panel.status.text() == DEMO_STARTED_TEXT


def test_a_demo_that_cannot_start_says_where_to_look(qtbot: QtBot) -> None:
    panel = WelcomePanel(lambda: False)
    qtbot.addWidget(panel)

    assert panel.start_demo() is False
    assert panel.status.text() == DEMO_FAILED_TEXT


def test_import_button_asks_for_the_import(qtbot: QtBot) -> None:
    panel = WelcomePanel(lambda: True)
    qtbot.addWidget(panel)

    with qtbot.waitSignal(panel.import_requested, timeout=1000):
        panel.import_button.click()


def test_both_buttons_have_accelerators(qtbot: QtBot) -> None:
    panel = WelcomePanel(lambda: True)
    qtbot.addWidget(panel)

    assert panel.import_button.text().startswith("&Import")
    assert panel.demo_button.text().startswith("&Try")
    assert panel.import_button.isDefault()


def test_the_demo_runs_this_python_with_the_demo_flag() -> None:
    assert demo_command() == [sys.executable, "-m", "imagedesk", "--demo"]
