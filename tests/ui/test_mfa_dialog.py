"""The MFA code dialog and its bridge from a worker thread to the UI thread."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    DictSecretStore,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.errors import MfaCodeMissing
from imagedesk.registry.factory import make_client
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.mfa_dialog import MfaDialog, MfaPromptBridge, with_mfa_prompt

SERIAL = "arn:aws:iam::123456789012:mfa/admin"
PROMPT = f"Enter MFA code for {SERIAL}: "
ROLE_ARN = "arn:aws:iam::123456789012:role/desk"


async def asked(bridge: MfaPromptBridge) -> MfaDialog:
    """The dialog, once the worker's question reached the UI thread."""
    for _ in range(500):
        if bridge.open_dialog is not None:
            return bridge.open_dialog
        await asyncio.sleep(0.01)
    raise AssertionError("the MFA dialog never opened")


def test_a_code_typed_in_the_dialog_reaches_the_worker(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    bridge = MfaPromptBridge(loop, timeout=10)

    async def scenario() -> tuple[str, str, bool]:
        answer = loop.run_in_executor(None, bridge, PROMPT)
        dialog = await asked(bridge)
        enabled_before = dialog.ok_button.isEnabled()
        device = dialog.device_label.text()
        qtbot.keyClicks(dialog.code_edit, "12a3456")  # the letter is refused
        dialog.ok_button.click()
        return await answer, device, enabled_before

    code, device, enabled_before = run(loop, scenario())

    assert code == "123456"
    assert device == SERIAL
    assert enabled_before is False
    assert bridge.open_dialog is None


def test_a_cancelled_dialog_stops_the_worker_with_a_sentence(
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    bridge = MfaPromptBridge(loop, timeout=10)

    async def scenario() -> str:
        answer = loop.run_in_executor(None, bridge, PROMPT)
        (await asked(bridge)).reject()
        return await answer

    with pytest.raises(MfaCodeMissing) as caught:
        run(loop, scenario())
    assert "No MFA code was entered" in caught.value.message
    assert "Test again" in caught.value.message


def test_an_unanswered_dialog_times_out_and_closes(
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    bridge = MfaPromptBridge(loop, timeout=0.3)

    async def scenario() -> str:
        answer = loop.run_in_executor(None, bridge, PROMPT)
        await asked(bridge)
        return await answer

    with pytest.raises(MfaCodeMissing) as caught:
        run(loop, scenario())
    run(loop, asyncio.sleep(0.05))
    assert "within 1 minutes" in caught.value.message
    assert bridge.open_dialog is None


def test_the_bridge_refuses_to_wait_on_the_ui_thread(
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    bridge = MfaPromptBridge(loop, timeout=0.1)

    with pytest.raises(RuntimeError, match="call it from a worker"):
        bridge(PROMPT)


# --- through the Add Registry dialog, against moto ---------------------------------------


@pytest.fixture
def mfa_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    config = tmp_path / "aws-config"
    config.write_text(
        "[profile desk]\n"
        f"role_arn = {ROLE_ARN}\n"
        "source_profile = base\n"
        f"mfa_serial = {SERIAL}\n"
        "[profile base]\n"
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    with mock_aws():
        boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="team-a/api")
        yield "desk"


def role_dialog(
    qtbot: QtBot, tmp_path: Path, event_loop: asyncio.AbstractEventLoop, bridge: MfaPromptBridge
) -> AddRegistryDialog:
    factory: Any = with_mfa_prompt(make_client, bridge)
    context = make_context(
        tmp_path, event_loop, factory=factory, secrets=DictSecretStore(), role_auth=True
    )
    dialog = AddRegistryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.name_edit.setText("desk profile")
    dialog.form.host_edit.setText(ECR_HOST)
    dialog.form.profile_edit.setText("desk")
    return dialog


def test_a_profile_with_mfa_asks_in_a_dialog_during_the_test(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    mfa_profile: str,
) -> None:
    bridge = MfaPromptBridge(loop, timeout=10)
    dialog = role_dialog(qtbot, tmp_path, loop, bridge)

    async def scenario() -> None:
        task = dialog.start_test()
        assert task is not None
        mfa = await asked(bridge)
        mfa.code_edit.setText("123456")
        mfa.accept()
        await task

    run(loop, scenario())

    assert dialog.test_status.text() == "Connection works."
    assert "assumed-role/desk/" in dialog.identity_label.text()
    assert "profile" in dialog.identity_label.text()


def test_cancelling_the_mfa_dialog_fails_the_test_with_a_sentence(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    mfa_profile: str,
) -> None:
    bridge = MfaPromptBridge(loop, timeout=10)
    dialog = role_dialog(qtbot, tmp_path, loop, bridge)

    async def scenario() -> None:
        task = dialog.start_test()
        assert task is not None
        (await asked(bridge)).reject()
        await task

    run(loop, scenario())

    failed = [line for line in dialog.checklist.lines() if line.state is StepState.FAILED]
    assert len(failed) == 1
    assert "No MFA code was entered" in failed[0].message
    assert "No MFA code was entered" in dialog.test_status.text()
