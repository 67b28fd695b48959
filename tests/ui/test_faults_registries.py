"""Registry entries under faults, driven from the Registries page: the keyring refusing
the write when a new registry is saved, and Test on a saved registry while its
endpoint is down. Each fault: one sentence, no traceback, the page and its dialog
respond, nothing is half stored, and a retry after the fault succeeds."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    TickCounter,
    WriteRefusingKeyring,
    assert_no_traceback,
    assert_one_sentence,
    close_context,
    closed_port_url,
    fault_context,
    keyring_entries,
    moto_endpoint,  # noqa: F401 (fixture)
    open_message_boxes,
    port_of,
    quick_timeouts,
    refusing_keyring,  # noqa: F401 (fixture)
    seed_repositories,
    store_earlier_work,
    stored_state,
)
from moto.server import ThreadedMotoServer
from pytestqt.qtbot import QtBot
from registry_ui_support import ECR_HOST, SECRET, loop, run  # noqa: F401 (fixture)

from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.models import Registry
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.registries_page import RegistriesPage

NEW_KEY_ID = "AKIAI44QH8DHBEXAMPLE"  # not the stored entry's: same host, other credentials
KEYRING_REFUSED = "The keyring refused the request."
UNREACHABLE = "The AWS endpoint could not be reached."


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> None:  # noqa: F811
    quick_timeouts(monkeypatch)
    seed_repositories(3)


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    refusing_keyring: WriteRefusingKeyring,  # noqa: F811
) -> Iterator[AppContext]:
    opened = fault_context(tmp_path, loop)
    assert opened.secrets.persistent  # the keyring answers reads, so it is used
    yield opened
    close_context(opened, loop)


def open_page(
    qtbot: QtBot, context: AppContext, event_loop: asyncio.AbstractEventLoop
) -> RegistriesPage:
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.show()
    run(event_loop, asyncio.sleep(0.05))
    return page


def fill_new_registry(dialog: AddRegistryDialog, endpoint_url: str) -> None:
    form = dialog.form
    form.name_edit.setText("New ECR")
    form.host_edit.setText(ECR_HOST)
    form.access_key_edit.setText(NEW_KEY_ID)
    form.secret_key.edit.setText(SECRET)
    form.more_button.setChecked(True)
    form.endpoint_edit.setText(endpoint_url)
    form.refresh_visibility()


def save(dialog: AddRegistryDialog, event_loop: asyncio.AbstractEventLoop) -> None:
    task = dialog.start_save()
    assert task is not None
    run(event_loop, task)


def registry_names(context: AppContext) -> list[str]:
    return [registry.name for registry in context.catalog.list_registries()]


def test_a_keyring_refusing_the_write_leaves_no_half_registry_and_a_retry_saves(
    qtbot: QtBot,
    context: AppContext,
    refusing_keyring: WriteRefusingKeyring,  # noqa: F811
    moto_endpoint: str,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    stored = store_earlier_work(context, loop, moto_endpoint)
    before = stored_state(context)
    page = open_page(qtbot, context, loop)
    dialog = page.open_add_dialog()
    qtbot.addWidget(dialog)
    fill_new_registry(dialog, moto_endpoint)
    refusing_keyring.refuse_writes = True

    save(dialog, loop)

    assert refusing_keyring.refused == 1
    assert dialog.isVisible() and dialog.result() != AddRegistryDialog.DialogCode.Accepted
    assert dialog.error_view.sentence == KEYRING_REFUSED
    assert_one_sentence(dialog.error_view.sentence)
    assert "PasswordSetError" in dialog.error_view.details
    assert SECRET not in dialog.error_view.details
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert dialog.continue_button.isEnabled()
    assert dialog.form.secret_key.edit.text() == SECRET  # nothing typed is lost
    assert stored_state(context) == before  # no row without its secret
    assert keyring_entries(refusing_keyring, range(1, 10)) == {
        f"registry-{stored.id}-secret": SECRET
    }
    assert page.model.rowCount() == 1

    refusing_keyring.refuse_writes = False
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        save(dialog, loop)

    added = dialog.saved_registry
    assert added.id is not None
    assert registry_names(context) == ["New ECR", "Stored ECR"]
    stored_secret = context.secrets.load(added.id).secret
    assert stored_secret is not None and stored_secret.reveal() == SECRET
    assert stored_state(context).images == before.images
    assert page.model.rowCount() == 2
    assert page.selected_registry() == context.catalog.get_registry(added.id)


def test_test_on_a_saved_registry_with_its_endpoint_down_is_one_sentence_then_it_passes(
    qtbot: QtBot,
    context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    endpoint = closed_port_url()
    registry: Registry = store_earlier_work(context, loop, endpoint)
    assert registry.id is not None
    before = stored_state(context)
    page = open_page(qtbot, context, loop)
    page.select(registry.id)
    ticks = TickCounter(page)

    task = page.start_test()
    assert task is not None
    run(loop, task)
    ticks.stop()

    failed = [line for line in page.checklist.lines() if line.state is StepState.FAILED]
    assert len(failed) == 1 and failed[0].message.startswith(UNREACHABLE)
    assert_one_sentence(failed[0].message)
    assert page.test_status.text().startswith(failed[0].message)
    assert open_message_boxes() == []
    assert_no_traceback(page)
    assert page.test_button.isEnabled() and page.edit_button.isEnabled()
    assert ticks.ticks > 0
    assert stored_state(context) == before
    last_test = context.catalog.get_registry(registry.id).last_test
    assert last_test is not None and not last_test.ok

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port_of(endpoint), verbose=False)
    server.start()
    try:
        task = page.start_test()
        assert task is not None
        run(loop, task)
    finally:
        server.stop()

    assert page.test_status.text().startswith("Connection works."), page.test_status.text()
    assert [line for line in page.checklist.lines() if line.state is StepState.FAILED] == []
    assert page.error_view.isHidden()
    last_test = context.catalog.get_registry(registry.id).last_test
    assert last_test is not None and last_test.ok
    assert stored_state(context) == before
