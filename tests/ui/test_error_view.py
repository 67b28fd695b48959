"""ErrorView shows a sentence and the raw error under "Details", never a traceback."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from imagedesk.domain.errors import PermissionMissing
from imagedesk.ui.error_view import ErrorView, error_sentence


def test_an_app_error_shows_its_sentence_and_details_on_demand(qtbot: QtBot) -> None:
    view = ErrorView()
    qtbot.addWidget(view)
    view.show()
    error = PermissionMissing(
        "Authenticated, but not allowed to list repositories (needs ecr:DescribeRepositories).",
        action="ecr:DescribeRepositories",
        details="AccessDeniedException: not authorized to perform ecr:DescribeRepositories",
    )

    view.show_error(error)

    assert view.sentence.endswith("(needs ecr:DescribeRepositories).")
    assert view.details_button.isVisible()
    assert not view.details_box.isVisible()
    view.details_button.click()
    assert view.details.startswith("AccessDeniedException")
    assert view.details_box.isVisible()


def test_an_unexpected_exception_becomes_a_plain_sentence(qtbot: QtBot) -> None:
    view = ErrorView()
    qtbot.addWidget(view)

    view.show_error(KeyError("registry"))

    assert view.sentence == "Something went wrong. Open Details for the raw error."
    assert view.details == "KeyError: 'registry'"
    assert "Traceback" not in view.sentence + view.details


def test_a_plain_sentence_without_details_hides_the_toggle(qtbot: QtBot) -> None:
    view = ErrorView()
    qtbot.addWidget(view)
    view.show()

    view.show_error("The keyring is locked.")

    assert view.sentence == "The keyring is locked."
    assert not view.details_button.isVisible()
    view.clear()
    assert not view.isVisible()
    assert error_sentence("  ") == "Something went wrong. Open Details for the raw error."
