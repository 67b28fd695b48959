"""Add Registry › Test connection under network faults, with the real ECR client: the
server down, then up; answers delayed past the read timeout, and Cancel during the
delay. Each fault: one sentence, no traceback, the dialog responds, stored work is
unchanged, and a test after the fault passes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    TickCounter,
    assert_no_traceback,
    assert_one_sentence,
    close_context,
    closed_port_url,
    fault_context,
    fault_proxy,  # noqa: F401 (fixture)
    moto_endpoint,  # noqa: F401 (fixture)
    open_message_boxes,
    port_of,
    quick_timeouts,
    seed_repositories,
    store_earlier_work,
    stored_state,
)
from moto.server import ThreadedMotoServer
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    SECRET,
    loop,  # noqa: F401 (fixture)
    run,
)

from imagedesk.demo.paging_proxy import PagingProxy
from imagedesk.domain.diagnosis import StepState
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext

NEW_KEY_ID = "AKIAI44QH8DHBEXAMPLE"  # not the stored entry's: same host, other credentials
UNREACHABLE = "The AWS endpoint could not be reached."
STOPPED_ANSWERING = "The AWS endpoint stopped answering. Check the network and try again."


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> None:  # noqa: F811
    quick_timeouts(monkeypatch)
    seed_repositories(3)


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    memory_keyring: MemoryKeyring,
    moto_endpoint: str,  # noqa: F811
) -> Iterator[AppContext]:
    opened = fault_context(tmp_path, loop)
    store_earlier_work(opened, loop, moto_endpoint)
    yield opened
    close_context(opened, loop)


def open_filled_dialog(qtbot: QtBot, context: AppContext, endpoint_url: str) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.name_edit.setText("New ECR")
    form.host_edit.setText(ECR_HOST)
    form.access_key_edit.setText(NEW_KEY_ID)
    form.secret_key.edit.setText(SECRET)
    form.more_button.setChecked(True)
    form.endpoint_edit.setText(endpoint_url)
    form.refresh_visibility()
    return dialog


def failed_lines(dialog: AddRegistryDialog) -> list[tuple[str, str]]:
    return [
        (line.key, line.message)
        for line in dialog.checklist.lines()
        if line.state is StepState.FAILED
    ]


def assert_dialog_responds(dialog: AddRegistryDialog) -> None:
    """The fields take input, Test can be pressed again and Cancel is there."""
    assert dialog.isVisible()
    assert dialog.test_button.isEnabled()
    assert not dialog.busy.isVisible()
    dialog.form.name_edit.setText("New ECR, edited")
    assert dialog.form.name_edit.text() == "New ECR, edited"
    dialog.form.name_edit.setText("New ECR")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isEnabled()


def test_server_down_names_the_endpoint_then_a_test_after_it_is_up_passes(
    qtbot: QtBot,
    context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    endpoint = closed_port_url()
    dialog = open_filled_dialog(qtbot, context, endpoint)
    ticks = TickCounter(dialog)

    task = dialog.start_test()
    assert task is not None
    run(loop, task)
    ticks.stop()

    (failed,) = failed_lines(dialog)
    assert failed[1].startswith(UNREACHABLE)
    assert_one_sentence(failed[1])
    assert dialog.test_status.text() == failed[1]
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert_dialog_responds(dialog)
    assert ticks.ticks > 0
    assert stored_state(context) == before

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port_of(endpoint), verbose=False)
    server.start()
    try:
        task = dialog.start_test()
        assert task is not None
        run(loop, task)
    finally:
        server.stop()

    assert dialog.test_status.text() == "Connection works.", failed_lines(dialog)
    assert failed_lines(dialog) == []
    assert dialog.error_view.isHidden()
    assert stored_state(context) == before


def test_answers_delayed_past_the_read_timeout_say_so_then_a_test_without_delay_passes(
    qtbot: QtBot,
    context: AppContext,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quick_timeouts(monkeypatch, read_timeout=1)
    before = stored_state(context)
    dialog = open_filled_dialog(qtbot, context, fault_proxy.url)
    fault_proxy.faults.delay_seconds = 1.5
    ticks = TickCounter(dialog)

    task = dialog.start_test()
    assert task is not None
    run(loop, asyncio.sleep(0.3))
    dialog.form.name_edit.setText("typed during the delay")
    assert dialog.form.name_edit.text() == "typed during the delay"
    assert dialog.busy.isVisible()
    assert dialog.test_status.text() == "Testing…"
    run(loop, task)
    ticks.stop()

    (failed,) = failed_lines(dialog)
    assert failed[1] == STOPPED_ANSWERING
    assert dialog.test_status.text() == STOPPED_ANSWERING
    assert ticks.ticks >= 10  # two attempts of a second each: the timer kept ticking
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert_dialog_responds(dialog)
    assert stored_state(context) == before

    fault_proxy.faults.clear()
    quick_timeouts(monkeypatch)  # the read timeout of the other tests for the retry
    dialog.form.name_edit.setText("New ECR")
    task = dialog.start_test()
    assert task is not None
    run(loop, task)

    assert dialog.test_status.text() == "Connection works.", failed_lines(dialog)
    assert stored_state(context) == before


def test_cancel_during_a_delayed_answer_ends_the_test_at_once_without_an_error(
    qtbot: QtBot,
    context: AppContext,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    dialog = open_filled_dialog(qtbot, context, fault_proxy.url)
    fault_proxy.faults.delay_seconds = 2.5
    ticks = TickCounter(dialog)

    task = dialog.start_test()
    assert task is not None
    run(loop, asyncio.sleep(0.4))
    assert dialog.cancel_test_button.isVisible() and not task.done()
    dialog.form.name_edit.setText("typed during the delay")
    assert dialog.form.name_edit.text() == "typed during the delay"

    pressed = time.monotonic()
    dialog.cancel_test_button.click()
    run(loop, task)
    took = time.monotonic() - pressed
    ticks.stop()

    assert took < 1.0  # the delayed answer would come 2.5 s after the request
    assert ticks.ticks >= 10
    assert dialog.test_status.text() == "Test cancelled."
    assert dialog.error_view.isHidden()
    assert failed_lines(dialog) == []
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert dialog.test_button.isEnabled()
    assert stored_state(context) == before

    fault_proxy.faults.clear()
    dialog.form.name_edit.setText("New ECR")
    task = dialog.start_test()
    assert task is not None
    run(loop, task)

    assert dialog.test_status.text() == "Connection works.", failed_lines(dialog)
    assert stored_state(context) == before
