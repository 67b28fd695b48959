"""Issue 10 in the Add Registry dialog: a repository scope for keys that can read only
some repositories, against the demo's ``scoped-reader`` (no ecr:DescribeRepositories)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo
from imagedesk.domain.diagnosis import StepState
from imagedesk.registry.factory import make_client
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    demo: DemoSession,
) -> AppContext:
    return make_context(tmp_path, loop, factory=make_client, endpoint_url=demo.endpoint_url)


def scoped_dialog(
    qtbot: QtBot, context: AppContext, demo: DemoSession, scope: str, name: str = "team a"
) -> AddRegistryDialog:
    user = demo.seed.user("scoped-reader")
    dialog = AddRegistryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.name_edit.setText(name)
    form.host_edit.setText(demo.seed.registry_hosts[0])
    form.access_key_edit.setText(user.access_key_id)
    form.secret_key.edit.setText(user.secret_access_key)
    form.scope_edit.setPlainText(scope)
    return dialog


def line_state(dialog: AddRegistryDialog, key: str) -> tuple[StepState, str]:
    line = dialog.checklist.line(key)
    assert line is not None, key
    return line.state, line.message


def test_keys_for_one_repository_pass_with_the_note_about_listing(
    qtbot: QtBot,
    context: AppContext,
    demo: DemoSession,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = scoped_dialog(qtbot, context, demo, "team-a/api")

    run(loop, dialog.start_test())

    listing_state, listing_message = line_state(dialog, "list")
    assert listing_state is StepState.WARNING
    assert "can't list the whole registry; add the repositories they are for" in listing_message
    scoped_state, scoped_message = line_state(dialog, "scope:team-a/api")
    assert scoped_state is StepState.PASSED
    assert "team-a/api is readable" in scoped_message
    assert dialog.test_status.text() == "Connection works."


def test_a_scoped_repository_that_does_not_exist_is_named(
    qtbot: QtBot,
    context: AppContext,
    demo: DemoSession,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = scoped_dialog(qtbot, context, demo, "team-a/api\nteam-z/nothing")

    run(loop, dialog.start_test())

    assert line_state(dialog, "scope:team-a/api")[0] is StepState.PASSED
    state, message = line_state(dialog, "scope:team-z/nothing")
    assert state is StepState.FAILED
    assert "team-z/nothing does not exist" in message


def test_a_scope_entry_with_an_uppercase_letter_is_refused_at_the_field_as_typed(
    qtbot: QtBot,
    context: AppContext,
    demo: DemoSession,
) -> None:
    dialog = scoped_dialog(qtbot, context, demo, "team-a/API")

    assert "'team-a/API' is not a repository name" in dialog.form.field_error("scope")
    assert dialog.start_test() is None
    dialog.form.scope_edit.setPlainText("team-a/api")
    assert dialog.form.field_error("scope") == ""


def test_two_registries_share_a_host_with_other_keys_and_scopes(
    qtbot: QtBot,
    context: AppContext,
    demo: DemoSession,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    first = scoped_dialog(qtbot, context, demo, "team-a/*", name="team a")
    run(loop, first.start_save())
    second = scoped_dialog(qtbot, context, demo, "team-b/*", name="team b")
    reader = demo.seed.user("ecr-reader")
    second.form.access_key_edit.setText(reader.access_key_id)
    second.form.secret_key.edit.setText(reader.secret_access_key)
    run(loop, second.start_save())
    again = scoped_dialog(qtbot, context, demo, "team-a/*", name="team a again")
    assert again.start_save() is None  # refused at the field, before the catalog

    saved = {(r.name, r.scope) for r in context.catalog.list_registries()}
    assert saved == {("team a", ("team-a/*",)), ("team b", ("team-b/*",))}
    assert "with the same credentials and scope" in again.form.field_error("host")
