"""Defects 2, 3, 5 and 7 in the Add/Edit Registry dialog: it fits the screen, edit says
Save and confirms moving images, the secret's first dot shows, a cancelled test leaves
no busy step, and the demo's keys can be filled in while the dialog is modal."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_defect_support import DEMO_USERS, FakeDemo, answer_next_box
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    SECRET,
    DictSecretStore,
    ScriptedClient,
    ScriptedFactory,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.base import StepCallback
from imagedesk.ui.add_registry_dialog import (
    MOVE_IMAGES_BUTTON,
    TEST_CANCELLED,
    AddRegistryDialog,
)
from imagedesk.ui.context import AppContext
from imagedesk.ui.diagnosis_checklist import ECR_PLAN

OTHER_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
LONG_DETAILS = "\n".join(f"detail line {n}: raw AWS answer" for n in range(12))


def detailed_steps() -> list[StepResult]:
    return [
        StepResult(key, title, StepState.FAILED, f"{title} said no. " * 6, LONG_DETAILS)
        for key, title in ECR_PLAN
    ]


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def client() -> ScriptedClient:
    return ScriptedClient(detailed_steps())


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    client: ScriptedClient,
    secrets: DictSecretStore,
) -> AppContext:
    return make_context(
        tmp_path, loop, factory=ScriptedFactory(client), secrets=secrets, role_auth=True
    )


def shown_dialog(
    qtbot: QtBot, context: AppContext, editing: Registry | None = None
) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context, editing=editing)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def stored_registry(context: AppContext, secrets: DictSecretStore) -> Registry:
    registry = context.catalog.add_registry(
        Registry("prod", ECR_HOST, RegistryKind.ECR, AuthMethod.KEYS, username=KEY_ID)
    )
    assert registry.id is not None
    secrets.entries[registry.id] = RegistrySecrets(secret=Secret(SECRET))
    return registry


def add_image(context: AppContext, registry: Registry, repository: str) -> None:
    context.catalog.add_image(
        Image(
            registry.id or 0, repository, "latest", Resources(1, 2, 10), tags=(ImageTag("latest"),)
        )
    )


def test_a_tall_dialog_stays_on_the_screen_with_its_buttons_in_view(
    qtbot: QtBot,
    context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = shown_dialog(qtbot, context)
    dialog.form.name_edit.setText("role ecr")
    dialog.form.host_edit.setText(ECR_HOST)  # blank keys: role authentication rows
    dialog.form.more_button.setChecked(True)
    run(loop, dialog.start_test())
    for line in dialog.checklist.lines():
        line.details_button.setChecked(True)
    run(loop, asyncio.sleep(0.1))
    qtbot.waitUntil(lambda: dialog.height() > 500)

    screen = dialog.screen().availableGeometry()
    content = dialog.scroll_area.widget()
    assert content.sizeHint().height() > screen.height()  # really taller than the screen
    assert screen.contains(dialog.frameGeometry())
    for button in (dialog.continue_button, dialog.test_button):
        assert button.isVisible()
    buttons_rect = dialog.buttons.geometry()
    assert dialog.rect().contains(buttons_rect)
    assert dialog.scroll_area.verticalScrollBar().maximum() > 0
    assert content.width() <= dialog.scroll_area.viewport().width()  # nothing cut on the right
    dialog.grab().save("/tmp/f2/tall_dialog.png")


def test_edit_mode_says_save_and_edit_registry(
    qtbot: QtBot, context: AppContext, secrets: DictSecretStore
) -> None:
    dialog = shown_dialog(qtbot, context, stored_registry(context, secrets))

    assert dialog.continue_button.text().replace("&", "") == "Save"
    assert dialog.windowTitle() == "Edit Registry"
    assert shown_dialog(qtbot, context).continue_button.text().replace("&", "") == "Continue"


def test_moving_the_host_of_a_registry_with_images_asks_naming_them(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_registry(context, secrets)
    add_image(context, registry, "team-a/api")
    add_image(context, registry, "team-b/web")
    dialog = shown_dialog(qtbot, context, registry)
    dialog.form.host_edit.setText(OTHER_HOST)

    answered = answer_next_box("Cancel")
    assert dialog.start_save() is None

    assert len(answered.texts) == 1
    assert "team-a/api, team-b/web" in answered.texts[0]
    assert OTHER_HOST in answered.texts[0]
    assert context.catalog.get_registry(registry.id or 0).host == ECR_HOST

    answered = answer_next_box(MOVE_IMAGES_BUTTON)
    task = dialog.start_save()
    assert task is not None
    run(loop, task)
    assert len(answered.texts) == 1
    assert context.catalog.get_registry(registry.id or 0).host == OTHER_HOST


def test_renaming_a_registry_with_images_asks_nothing(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_registry(context, secrets)
    add_image(context, registry, "team-a/api")
    dialog = shown_dialog(qtbot, context, registry)
    dialog.form.name_edit.setText("production")

    assert (
        dialog.images_moved_by(Registry("production", ECR_HOST, RegistryKind.ECR, AuthMethod.KEYS))
        == []
    )
    task = dialog.start_save()
    assert task is not None
    run(loop, task)
    assert context.catalog.get_registry(registry.id or 0).name == "production"


def test_the_secret_field_shows_all_forty_dots_without_scrolling(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = shown_dialog(qtbot, context)
    edit = dialog.form.secret_key.edit
    edit.setText(SECRET)
    edit.end(False)
    end_x = edit.cursorRect().center().x()
    edit.home(False)
    home_x = edit.cursorRect().center().x()

    shown_width = end_x - home_x
    assert shown_width == edit.fontMetrics().horizontalAdvance(edit.displayText())
    dialog.grab().save("/tmp/f2/secret_field.png")


class StuckClient(ScriptedClient):
    """Reports its first step as running, then waits on ``gate`` until cancelled."""

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        on_step(StepResult("parse_host", "Parse the registry host", StepState.RUNNING))
        self.started.set()
        assert self.gate is not None
        self.gate.wait(10)
        return DiagnosisReport()


def test_cancelling_a_test_leaves_no_step_busy(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    client = StuckClient([], gate=threading.Event())
    context = make_context(tmp_path, loop, factory=ScriptedFactory(client))
    dialog = shown_dialog(qtbot, context)
    dialog.form.name_edit.setText("prod")
    dialog.form.host_edit.setText(ECR_HOST)
    dialog.form.access_key_edit.setText(KEY_ID)
    dialog.form.secret_key.edit.setText(SECRET)
    task = dialog.start_test()
    assert task is not None
    run(loop, _until(lambda: _state(dialog, "parse_host") is StepState.RUNNING))

    dialog.cancel_test()
    run(loop, task)
    assert client.gate is not None
    client.gate.set()

    states = [line.state for line in dialog.checklist.lines()]
    assert StepState.RUNNING not in states
    assert StepState.PENDING not in states
    line = dialog.checklist.line("parse_host")
    assert line is not None and line.message == TEST_CANCELLED
    assert dialog.test_status.text() == "Test cancelled."
    dialog.grab().save("/tmp/f2/after_cancel.png")


def _state(dialog: AddRegistryDialog, key: str) -> StepState | None:
    line = dialog.checklist.line(key)
    return line.state if line is not None else None


async def _until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.02)


def test_fill_from_demo_user_fills_both_keys_without_showing_the_secret(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    secrets: DictSecretStore,
) -> None:
    context = make_context(tmp_path, loop, secrets=secrets)
    context.demo = FakeDemo()
    dialog = shown_dialog(qtbot, context)
    button = dialog.form.demo_fill_button
    menu = button.menu()

    assert button.isVisible()
    assert [action.text() for action in menu.actions()] == [u.name for u in DEMO_USERS]
    menu.actions()[1].trigger()

    assert dialog.form.access_key_edit.text() == DEMO_USERS[1].access_key_id
    assert dialog.form.secret_key.text() == DEMO_USERS[1].secret_access_key
    assert DEMO_USERS[1].secret_access_key not in dialog.form.secret_key.edit.displayText()
    dialog.form.name_edit.setText("team a")
    dialog.form.host_edit.setText(ECR_HOST)
    run(loop, dialog.start_save())
    stored = secrets.entries[dialog.saved_registry.id or 0].secret
    assert stored is not None and stored.reveal() == DEMO_USERS[1].secret_access_key


def test_fill_from_demo_user_is_absent_outside_the_demo(qtbot: QtBot, context: AppContext) -> None:
    dialog = shown_dialog(qtbot, context)

    assert not dialog.form.demo_fill_button.isVisible()
