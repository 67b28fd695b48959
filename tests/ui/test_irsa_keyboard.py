"""The IRSA assistant by keyboard, the confirmation before IAM objects are created, and
the Verify checklist's marks on their titles' line."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from registry_defect_support import answer_next_box

from imagedesk.ui.context import AppContext
from imagedesk.ui.irsa import IrsaAssistant

ACCOUNT = "123456789012"
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5E1F"


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def assistant(qtbot: QtBot, ui_context: AppContext) -> IrsaAssistant:
    window = IrsaAssistant(ui_context, account_id=ACCOUNT)
    qtbot.addWidget(window)
    window.show()
    for name, value in {"issuer": ISSUER, "role_name": "reader"}.items():
        window.form.edits[name].setText(value)
    return window


def _role_names() -> list[str]:
    iam = boto3.client("iam", region_name="us-east-1")
    return [role["RoleName"] for role in iam.list_roles()["Roles"]]


def test_create_the_role_says_what_and_where_and_cancel_creates_nothing(
    aws: None, qtbot: QtBot, assistant: IrsaAssistant
) -> None:
    panel = assistant.verify_panel
    panel.profile_edit.setText("admin")

    answered = answer_next_box("Cancel")
    panel.create_role_button.click()

    assert len(answered.texts) == 1
    question = answered.texts[0]
    assert "the IAM role arn:aws:iam::123456789012:role/reader" in question
    assert 'AWS account 123456789012, signed with the profile "admin"' in question
    assert "trust policy is replaced" in question
    assert _role_names() == []


def test_create_after_confirming_creates_and_verifies(
    aws: None, qtbot: QtBot, assistant: IrsaAssistant
) -> None:
    panel = assistant.verify_panel

    answered = answer_next_box("Create")
    panel.create_provider_button.click()
    qtbot.waitUntil(lambda: panel.status_label.text().startswith("Created"), timeout=10000)

    assert "the IAM OIDC provider arn:aws:iam::123456789012:oidc-provider/" in answered.texts[0]
    assert "the default AWS credential chain" in answered.texts[0]
    assert _role_names() == []


def test_enter_presses_the_current_tabs_check_and_never_look_up(
    qtbot: QtBot, assistant: IrsaAssistant
) -> None:
    assert assistant.default_button() is None

    assistant.tabs.setCurrentWidget(assistant.verify_panel)
    on_verify = assistant.default_button()
    assistant.tabs.setCurrentWidget(assistant.try_panel)
    on_try = assistant.default_button()

    assert on_verify is assistant.verify_panel.verify_button
    assert on_try is assistant.try_panel.try_button
    assert not assistant.lookup_button.isDefault()
    assert not assistant.lookup_button.autoDefault()


def test_enter_in_the_cluster_field_looks_up_and_nothing_else(
    aws: None, qtbot: QtBot, assistant: IrsaAssistant
) -> None:
    assistant.tabs.setCurrentWidget(assistant.verify_panel)
    looked_up: list[bool] = []
    verified: list[bool] = []
    assistant.lookup_button.clicked.connect(lambda: looked_up.append(True))
    assistant.verify_panel.verify_button.clicked.connect(lambda: verified.append(True))

    assistant.cluster_edit.setFocus()
    qtbot.keyClick(assistant.cluster_edit, Qt.Key.Key_Return)

    assert looked_up == [True]
    assert verified == []
    assistant.lookup_work.close()


def test_copy_is_reached_with_tab_from_the_snippet(qtbot: QtBot, assistant: IrsaAssistant) -> None:
    snippet = assistant.snippets["trust"]
    assistant.tabs.setCurrentWidget(snippet)
    assistant.activateWindow()
    snippet.text_edit.setFocus()

    assert snippet.text_edit.tabChangesFocus()
    assert snippet.copy_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_checklist_marks_sit_on_their_titles_line(qtbot: QtBot, assistant: IrsaAssistant) -> None:
    assistant.tabs.setCurrentWidget(assistant.verify_panel)
    assistant.resize(1060, 900)
    qtbot.wait(10)

    lines = assistant.verify_panel.checklist.lines()
    tops = [line.y() for line in lines]
    gaps = {b - a for a, b in itertools.pairwise(tops)}
    for line in lines:
        mark, title = line._mark, line._title
        mark_middle = mark.geometry().center().y()
        title_middle = title.geometry().center().y()
        assert abs(mark_middle - title_middle) <= 2

    assert len(gaps) == 1  # evenly spaced
