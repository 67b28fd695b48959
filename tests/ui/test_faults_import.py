"""Import Image under faults of the repository listing and the import check, with the
real ECR client through the paging proxy: a connection dropped after the first page,
500 errors for a while, throttling for a while. Each fault: one sentence, no traceback,
the dialog responds, stored work is unchanged, and a retry after the fault succeeds."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    PAGE_SIZE,
    REPOSITORY_COUNT,
    TickCounter,
    assert_no_traceback,
    assert_one_sentence,
    close_context,
    fault_context,
    fault_proxy,  # noqa: F401 (fixture)
    moto_endpoint,  # noqa: F401 (fixture)
    open_message_boxes,
    quick_timeouts,
    repository_names,
    seed_image,
    seed_repositories,
    settled,
    store_earlier_work,
    stored_state,
)
from pytestqt.qtbot import QtBot
from registry_ui_support import loop, run  # noqa: F401 (fixture)

from imagedesk.demo.paging_proxy import PagingProxy
from imagedesk.domain.models import Registry
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog

UNREACHABLE = "The AWS endpoint could not be reached."
WANTED_REPOSITORY = "team/svc-0007"
WANTED_TAG = "v1"


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> None:  # noqa: F811
    quick_timeouts(monkeypatch)
    seed_repositories()
    seed_image(WANTED_REPOSITORY, WANTED_TAG)


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    memory_keyring: MemoryKeyring,
) -> Iterator[AppContext]:
    opened = fault_context(tmp_path, loop)
    yield opened
    close_context(opened, loop)


@pytest.fixture
def registry(
    context: AppContext,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> Registry:
    """The stored ECR entry (with its secret and one imported image), through the proxy."""
    return store_earlier_work(context, loop, fault_proxy.url)


def open_import(
    qtbot: QtBot, context: AppContext, registry: Registry, event_loop: asyncio.AbstractEventLoop
) -> tuple[ImportDialog, TickCounter]:
    """The dialog as the Images page opens it; its own listing has ended on return."""
    dialog = ImportDialog(context, registry_id=registry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    ticks = TickCounter(dialog)
    run(event_loop, settled(lambda: not dialog.form.listing_status.busy))
    return dialog, ticks


def completions(dialog: ImportDialog) -> list[str]:
    return dialog.form.repository_names.stringList()


def assert_dialog_responds(dialog: ImportDialog) -> None:
    assert dialog.isVisible()
    assert dialog.import_button.isEnabled()
    dialog.form.description.setText("typed after the fault")
    assert dialog.form.description.text() == "typed after the fault"
    assert dialog.form.add_registry_button.isEnabled()


def fill_import(dialog: ImportDialog) -> None:
    dialog.form.repository.setText(WANTED_REPOSITORY)
    dialog.form.tag.setText(WANTED_TAG)
    dialog.form.description.setText("imported after the fault")


def test_a_listing_dropped_after_its_first_page_keeps_that_page_and_a_retry_lists_all(
    qtbot: QtBot,
    context: AppContext,
    registry: Registry,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    fault_proxy.faults.drop_connection_after_pages = 1

    dialog, ticks = open_import(qtbot, context, registry, loop)

    assert completions(dialog) == repository_names()[:PAGE_SIZE]
    assert dialog.form.listing_status.text == f"{PAGE_SIZE} repositories listed before the error"
    assert dialog.error_view.sentence.startswith(UNREACHABLE)
    assert_one_sentence(dialog.error_view.sentence)
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert_dialog_responds(dialog)
    assert ticks.ticks > 0
    assert stored_state(context) == before

    fault_proxy.faults.clear()
    run(loop, dialog.load_repositories(refresh=True))  # what a retry of the listing runs

    assert completions(dialog) == repository_names()
    assert dialog.form.listing_status.text == f"{REPOSITORY_COUNT} repositories, listed just now"

    dialog.reject()
    reopened, _ = open_import(qtbot, context, registry, loop)

    assert completions(reopened) == repository_names()
    assert reopened.error_view.isHidden()
    assert stored_state(context) == before


def test_a_listing_that_succeeds_after_a_failed_one_takes_the_old_sentence_away(
    qtbot: QtBot,
    context: AppContext,
    registry: Registry,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    fault_proxy.faults.drop_connection_after_pages = 1
    dialog, _ = open_import(qtbot, context, registry, loop)
    assert dialog.error_view.sentence.startswith(UNREACHABLE)

    fault_proxy.faults.clear()
    run(loop, dialog.load_repositories(refresh=True))

    assert completions(dialog) == repository_names()
    assert dialog.error_view.isHidden(), dialog.error_view.sentence


def test_500_errors_refuse_listing_and_import_with_a_sentence_then_the_import_succeeds(
    qtbot: QtBot,
    context: AppContext,
    registry: Registry,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    fault_proxy.faults.error_status = 500
    fault_proxy.faults.error_code = "InternalFailure"

    dialog, ticks = open_import(qtbot, context, registry, loop)

    assert completions(dialog) == []
    assert "ecr:DescribeRepositories" in dialog.error_view.sentence
    assert_one_sentence(dialog.error_view.sentence)
    assert "InternalFailure" in dialog.error_view.details
    assert_no_traceback(dialog)
    assert_dialog_responds(dialog)
    assert ticks.ticks > 0

    fill_import(dialog)
    assert run(loop, dialog.import_image()) is False

    assert_one_sentence(dialog.error_view.sentence)
    assert dialog.form.error_of("repository") == ""
    assert open_message_boxes() == []
    assert_no_traceback(dialog)
    assert dialog.import_button.isEnabled() and dialog.isVisible()
    assert stored_state(context) == before

    fault_proxy.faults.error_count = 1  # one more 500, which the second attempt rides out
    run(loop, dialog.load_repositories(refresh=True))
    assert completions(dialog) == repository_names()
    assert fault_proxy.faults.error_status is None

    fill_import(dialog)
    assert run(loop, dialog.import_image()) is True

    assert dialog.result() == ImportDialog.DialogCode.Accepted
    assert dialog.imported is not None and dialog.imported.repository == WANTED_REPOSITORY
    images = [(image.repository, image.description) for image in context.catalog.list_images()]
    assert images == [
        ("team/keep", "imported before the fault"),
        (WANTED_REPOSITORY, "imported after the fault"),
    ]
    assert stored_state(context).registries == before.registries


def test_throttling_for_a_while_is_ridden_out_by_the_listing(
    qtbot: QtBot,
    context: AppContext,
    registry: Registry,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    fault_proxy.faults.error_status = 400
    fault_proxy.faults.error_code = "ThrottlingException"
    fault_proxy.faults.error_count = 3  # beyond botocore's two attempts: the listing resumes

    dialog, ticks = open_import(qtbot, context, registry, loop)

    assert fault_proxy.faults.error_status is None  # every throttled answer was used
    assert completions(dialog) == repository_names()
    assert dialog.form.listing_status.text == f"{REPOSITORY_COUNT} repositories, listed just now"
    assert dialog.error_view.isHidden()
    assert ticks.ticks > 0
    assert stored_state(context) == before


def test_throttling_that_lasts_is_one_sentence_then_a_retry_lists_all(
    qtbot: QtBot,
    context: AppContext,
    registry: Registry,
    fault_proxy: PagingProxy,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    before = stored_state(context)
    fault_proxy.faults.error_status = 400
    fault_proxy.faults.error_code = "ThrottlingException"

    dialog, _ = open_import(qtbot, context, registry, loop)

    assert completions(dialog) == []
    assert "throttling ecr:DescribeRepositories" in dialog.error_view.sentence
    assert_one_sentence(dialog.error_view.sentence)
    assert_no_traceback(dialog)
    assert_dialog_responds(dialog)
    assert stored_state(context) == before

    fault_proxy.faults.clear()
    run(loop, dialog.load_repositories(refresh=True))

    assert completions(dialog) == repository_names()
    assert stored_state(context) == before
