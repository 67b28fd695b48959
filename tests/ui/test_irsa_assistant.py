"""The IRSA assistant window: fields, snippets, verification lines, creation, trial."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from moto import mock_aws
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.irsa import validate_irsa_inputs
from imagedesk.registry.iam.admin import AdminCredentials
from imagedesk.registry.iam.setup import create_oidc_provider, create_role
from imagedesk.ui.context import AppContext
from imagedesk.ui.irsa import IrsaAssistant, open_irsa_assistant

Runner = Callable[[Coroutine[Any, Any, Any]], Any]

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
    return window


def _fill(window: IrsaAssistant, **values: str) -> None:
    for name, value in values.items():
        edit = window.form.edits[name]
        edit.setText(value)
        edit.editingFinished.emit()


def test_bad_input_is_shown_at_its_field(assistant: IrsaAssistant) -> None:
    _fill(assistant, account_id="1234", issuer="http://oidc.example/x", namespace="Dev_NS")

    assert assistant.form.error("account_id") == "An AWS account id is exactly 12 digits."
    assert assistant.form.error("issuer") == "The OIDC issuer URL must start with https://."
    assert assistant.form.error("namespace").startswith("A namespace is up to 63")
    assert assistant.form.error("service_account") == ""
    assert not assistant.snippets["trust"].copy_button.isEnabled()


def test_untouched_fields_show_no_error_until_an_action(
    assistant: IrsaAssistant, run_async: Runner
) -> None:
    assert assistant.form.error("issuer") == ""

    assert run_async(assistant.verify_panel.verify()) == []

    assert assistant.form.error("issuer").startswith("Enter the cluster's OIDC issuer URL")
    assert assistant.form.error("role_name") == "Enter the name of the IAM role."
    assert assistant.form.error("account_id") == ""


def test_snippets_are_generated_and_copied(assistant: IrsaAssistant) -> None:
    _fill(assistant, issuer=ISSUER, namespace="dev", role_name="reader")

    trust = json.loads(assistant.snippets["trust"].text)
    condition = trust["Statement"][0]["Condition"]["StringEquals"]
    assert condition["oidc.eks.eu-west-1.amazonaws.com/id/5E1F:sub"] == (
        "system:serviceaccount:dev:coder"
    )
    assert "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/reader" in (
        assistant.snippets["helm"].text
    )
    assert "helm upgrade coder coder-v2/coder --namespace dev" in assistant.snippets["helm"].text
    assert "describe-repositories --region eu-west-1" in assistant.snippets["kubectl"].text
    assert assistant.try_panel.role_arn_edit.text() == "arn:aws:iam::123456789012:role/reader"

    assistant.snippets["ecr"].copy_button.click()

    assert QGuiApplication.clipboard().text() == assistant.snippets["ecr"].text


def test_verify_lines_turn_green_and_red_with_the_fix(
    aws: None, assistant: IrsaAssistant, run_async: Runner
) -> None:
    admin = AdminCredentials()
    wrong = validate_irsa_inputs(
        account_id=ACCOUNT, issuer=ISSUER, namespace="default", role_name="reader"
    )
    create_oidc_provider(wrong, admin)
    create_role(wrong, admin)
    _fill(assistant, issuer=ISSUER, role_name="reader")

    steps = run_async(assistant.verify_panel.verify())

    checklist = assistant.verify_panel.checklist
    assert len(steps) == 7
    assert checklist.line("oidc_provider").state is StepState.PASSED
    assert checklist.line("ecr_policy").state is StepState.PASSED
    sub = checklist.line("trust_sub")
    assert sub.state is StepState.FAILED
    assert "system:serviceaccount:default:coder" in sub.message
    assert 'to "system:serviceaccount:coder:coder"' in sub.message
    assert assistant.verify_panel.status_label.text().startswith("1 check(s) failed")


def test_create_it_for_me_then_every_line_is_green(
    aws: None, assistant: IrsaAssistant, run_async: Runner
) -> None:
    _fill(assistant, issuer=ISSUER, role_name="reader")
    panel = assistant.verify_panel

    run_async(panel.create_for_me(create_oidc_provider))
    run_async(panel.create_for_me(create_role))

    states = {line.key: line.state for line in panel.checklist.lines()}
    assert set(states.values()) == {StepState.PASSED}
    assert panel.status_label.text() == (
        "Created the role arn:aws:iam::123456789012:role/reader. Every check passed."
    )


def test_try_it_without_a_token_says_so_at_the_token(
    assistant: IrsaAssistant, run_async: Runner
) -> None:
    _fill(assistant, issuer=ISSUER, role_name="reader")

    assert run_async(assistant.try_panel.try_it()) is None

    error = assistant.try_panel._errors["web_identity_token"]
    assert error.message == "Paste a service-account token or choose a token file."


def test_open_irsa_assistant_prefills(qtbot: QtBot, ui_context: AppContext) -> None:
    role = "arn:aws:iam::123456789012:role/given"
    window = open_irsa_assistant(ui_context, account_id=ACCOUNT, role_arn=role)
    qtbot.addWidget(window)
    _fill(window, issuer=ISSUER, role_name="other")

    assert window.isVisible()
    assert window.form.value("account_id") == ACCOUNT
    assert window.try_panel.role_arn_edit.text() == role


def test_screenshot(aws: None, assistant: IrsaAssistant, run_async: Runner) -> None:
    """Saves what the window looks like when IMAGEDESK_SCREENSHOTS names a folder."""
    folder = os.environ.get("IMAGEDESK_SCREENSHOTS", "")
    _fill(assistant, issuer=ISSUER, role_name="reader")
    create_oidc_provider(
        validate_irsa_inputs(account_id=ACCOUNT, issuer=ISSUER), AdminCredentials()
    )
    run_async(assistant.verify_panel.verify())

    for index in (0, 4):
        assistant.tabs.setCurrentIndex(index)
        image = assistant.grab()
        assert image.width() >= 1000
        if folder:
            image.save(os.path.join(folder, f"irsa-assistant-{index}.png"))
