"""The Add Registry dialog: field checks, the live connection test, and saving."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    READER_ARN,
    SECRET,
    DictSecretStore,
    ScriptedClient,
    ScriptedFactory,
    all_text,
    good_steps,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo
from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import AuthRefused
from imagedesk.domain.models import AuthMethod, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.factory import make_client
from imagedesk.ui.add_registry_dialog import MEMORY_KEYRING_NOTE, AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.registry_form_rules import ROLE_AUTH_OFF


def open_dialog(qtbot: QtBot, context: AppContext) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(
    dialog: AddRegistryDialog,
    *,
    name: str = "production",
    host: str = ECR_HOST,
    key: str = KEY_ID,
    secret: str = SECRET,
) -> None:
    form = dialog.form
    form.name_edit.setText(name)
    form.host_edit.setText(host)
    form.access_key_edit.setText(key)
    form.secret_key.edit.setText(secret)
    form.refresh_visibility()


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def client() -> ScriptedClient:
    return ScriptedClient(good_steps())


@pytest.fixture
def factory(client: ScriptedClient) -> ScriptedFactory:
    return ScriptedFactory(client)


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    factory: ScriptedFactory,
    secrets: DictSecretStore,
) -> AppContext:
    return make_context(tmp_path, loop, factory=factory, secrets=secrets)


# --- field checks, before any network call ---------------------------------------------


def test_a_malformed_host_is_refused_at_its_field_and_nothing_is_stored(
    qtbot: QtBot, context: AppContext, secrets: DictSecretStore, factory: ScriptedFactory
) -> None:
    dialog = open_dialog(qtbot, context)
    fill(dialog, host="123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com")

    assert dialog.start_save() is None
    assert dialog.start_test() is None

    assert "not an Amazon ECR registry host" in dialog.form.field_error("host")
    assert dialog.form.boxes["host"].error_label.isVisible()
    assert context.catalog.list_registries() == []
    assert secrets.entries == {}
    assert factory.calls == []


def test_a_19_character_key_id_is_refused_at_its_field(
    qtbot: QtBot, context: AppContext, secrets: DictSecretStore
) -> None:
    dialog = open_dialog(qtbot, context)
    fill(dialog, key=KEY_ID[:19])

    assert dialog.start_save() is None

    assert "19 characters" in dialog.form.field_error("access_key_id")
    assert dialog.form.field_error("host") == ""
    assert context.catalog.list_registries() == []
    assert secrets.entries == {}


def test_pasted_keys_are_trimmed_and_saved(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = open_dialog(qtbot, context)
    fill(dialog, host=f"  https://{ECR_HOST}/ ", key=f"{KEY_ID} ", secret=f"{SECRET}\n")

    with qtbot.waitSignal(dialog.accepted):
        task = dialog.start_save()
        assert task is not None
        run(loop, task)

    saved = dialog.saved_registry
    assert (saved.name, saved.host, saved.username) == ("production", ECR_HOST, KEY_ID)
    assert (saved.kind, saved.auth) == (RegistryKind.ECR, AuthMethod.KEYS)
    assert context.catalog.list_registries() == [saved]
    stored = secrets.entries[saved.id or 0].secret
    assert stored is not None and stored.reveal() == SECRET


def test_blank_keys_are_refused_while_role_authentication_is_off(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = open_dialog(qtbot, context)
    fill(dialog, key="", secret="")

    assert dialog.start_save() is None

    assert dialog.form.field_error("access_key_id") == ROLE_AUTH_OFF
    assert "Manage › Admin › Infrastructure" in dialog.form.role_note.text()
    assert not dialog.form.boxes["role_arn"].isVisible()
    assert context.catalog.list_registries() == []


def test_blank_keys_save_a_role_registry_when_role_authentication_is_on(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop, role_auth=True)
    dialog = open_dialog(qtbot, context)
    fill(dialog, key="", secret="")
    assert dialog.form.boxes["role_arn"].isVisible()
    dialog.form.role_arn_edit.setText("arn:aws:iam::123456789012:role/imagedesk-ecr-reader")
    dialog.form.token_file_edit.setText("/var/run/secrets/token")

    task = dialog.start_save()
    assert task is not None
    run(loop, task)

    saved = dialog.saved_registry
    assert saved.auth is AuthMethod.ROLE
    assert saved.role_arn == "arn:aws:iam::123456789012:role/imagedesk-ecr-reader"
    assert saved.web_identity_token_file == "/var/run/secrets/token"


def test_a_duplicate_name_is_refused_at_the_name_field(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    first = open_dialog(qtbot, context)
    fill(first)
    run(loop, first.start_save())
    second = open_dialog(qtbot, context)
    fill(second, name="Production ", host="210987654321.dkr.ecr.eu-west-1.amazonaws.com")

    task = second.start_save()
    assert task is not None
    run(loop, task)

    assert second.form.field_error("name") != ""
    assert second.result() != AddRegistryDialog.DialogCode.Accepted
    assert len(context.catalog.list_registries()) == 1
    assert len(secrets.entries) == 1


def test_the_memory_only_keyring_is_said_in_the_dialog(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop, secrets=DictSecretStore(persistent=False))
    dialog = open_dialog(qtbot, context)

    assert dialog.keyring_note.isVisible()
    assert dialog.keyring_note.text() == MEMORY_KEYRING_NOTE


# --- the connection test ---------------------------------------------------------------


def test_a_passing_test_fills_the_checklist_and_shows_the_identity(
    qtbot: QtBot,
    context: AppContext,
    factory: ScriptedFactory,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = open_dialog(qtbot, context)
    fill(dialog, key=f" {KEY_ID}")
    seen: list[str] = []
    original = dialog._on_step

    def spy(step: object) -> None:
        assert isinstance(step, StepResult)
        seen.append(f"{step.key}:{step.state.value}")
        original(step)

    dialog._on_step = spy  # type: ignore[method-assign]

    task = dialog.start_test()
    assert task is not None
    run(loop, task)

    assert [line.state for line in dialog.checklist.lines()] == [StepState.PASSED] * 5
    assert seen[:2] == ["parse_host:running", "parse_host:passed"]
    assert READER_ARN in dialog.identity_label.text()
    assert dialog.test_status.text() == "Connection works."
    assert not dialog.busy.isVisible()
    registry, secrets = factory.calls[0]
    assert registry.username == KEY_ID
    assert secrets.secret is not None and secrets.secret.reveal() == SECRET


def test_a_failing_step_shows_its_sentence_and_details_but_no_traceback(
    qtbot: QtBot,
    context: AppContext,
    client: ScriptedClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    refused = StepResult(
        "identity",
        "sts:GetCallerIdentity",
        StepState.FAILED,
        "AWS refused the keys: the Access Key ID is unknown.",
        "InvalidClientTokenId: The security token included in the request is invalid.",
    )
    client.steps = [*good_steps()[:2], refused]
    dialog = open_dialog(qtbot, context)
    fill(dialog)

    run(loop, dialog.start_test())

    line = dialog.checklist.line("identity")
    assert line is not None and line.state is StepState.FAILED
    assert line.message == "AWS refused the keys: the Access Key ID is unknown."
    assert line.details.startswith("InvalidClientTokenId")
    assert line.details_button.isVisible()
    token_line = dialog.checklist.line("token")
    assert token_line is not None and token_line.state is StepState.SKIPPED
    assert dialog.test_status.text() == "AWS refused the keys: the Access Key ID is unknown."
    assert "Traceback" not in all_text(dialog)


def test_a_client_that_raises_is_shown_as_a_sentence_not_a_traceback(
    qtbot: QtBot,
    context: AppContext,
    client: ScriptedClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    client.error = AuthRefused(details="403 InvalidClientTokenId")
    dialog = open_dialog(qtbot, context)
    fill(dialog)

    run(loop, dialog.start_test())

    assert dialog.error_view.sentence == AuthRefused.default_message
    assert dialog.error_view.details == "403 InvalidClientTokenId"
    assert "Traceback" not in all_text(dialog)
    assert dialog.test_button.isEnabled()


def test_closing_while_a_test_runs_cancels_it_and_drops_the_late_result(
    qtbot: QtBot,
    context: AppContext,
    client: ScriptedClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    client.gate = threading.Event()
    dialog = open_dialog(qtbot, context)
    fill(dialog)
    task = dialog.start_test()
    assert task is not None
    run(loop, asyncio.to_thread(client.started.wait, 5))

    dialog.reject()
    client.gate.set()
    run(loop, task)
    run(loop, asyncio.sleep(0.05))

    assert [line.state for line in dialog.checklist.lines()] == [StepState.PENDING] * 5
    assert dialog.identity_label.text() == ""
    assert context.catalog.list_registries() == []


def test_cancel_stops_a_running_test(
    qtbot: QtBot,
    context: AppContext,
    client: ScriptedClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    client.gate = threading.Event()
    dialog = open_dialog(qtbot, context)
    fill(dialog)
    task = dialog.start_test()
    assert task is not None
    run(loop, asyncio.to_thread(client.started.wait, 5))
    assert dialog.busy.isVisible() and dialog.cancel_test_button.isVisible()
    assert not dialog.test_button.isEnabled()

    dialog.cancel_test_button.click()
    run(loop, task)
    client.gate.set()

    assert dialog.test_status.text() == "Test cancelled."
    assert dialog.test_button.isEnabled()


# --- against the running demo (the real ECR client and moto with access control) --------


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


def demo_dialog(
    qtbot: QtBot, tmp_path: Path, event_loop: asyncio.AbstractEventLoop, demo: DemoSession
) -> AddRegistryDialog:
    context = make_context(
        tmp_path, event_loop, factory=make_client, endpoint_url=demo.endpoint_url
    )
    return open_dialog(qtbot, context)


def test_the_reader_keys_pass_every_step_against_the_demo(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    demo: DemoSession,
) -> None:
    reader = demo.seed.user("ecr-reader")
    dialog = demo_dialog(qtbot, tmp_path, loop, demo)
    fill(dialog, host=demo.seed.registry_hosts[0], key=reader.access_key_id, secret="")
    dialog.form.secret_key.edit.setText(reader.secret_access_key)

    run(loop, dialog.start_test())

    assert dialog.test_status.text() == "Connection works."
    failed = [line.title for line in dialog.checklist.lines() if line.state is StepState.FAILED]
    assert failed == []
    assert "user/ecr-reader" in dialog.identity_label.text()


def test_a_wrong_secret_says_the_keys_were_refused_against_the_demo(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    demo: DemoSession,
) -> None:
    reader = demo.seed.user("ecr-reader")
    dialog = demo_dialog(qtbot, tmp_path, loop, demo)
    fill(dialog, host=demo.seed.registry_hosts[0], key=reader.access_key_id, secret="B" * 40)

    run(loop, dialog.start_test())

    failed = [line for line in dialog.checklist.lines() if line.state is StepState.FAILED]
    assert len(failed) == 1
    assert "refused" in failed[0].message
    assert "Traceback" not in all_text(dialog)


def test_keys_without_ecr_permission_name_the_missing_permission(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    demo: DemoSession,
) -> None:
    no_ecr = demo.seed.user("no-ecr")
    dialog = demo_dialog(qtbot, tmp_path, loop, demo)
    fill(
        dialog,
        host=demo.seed.registry_hosts[0],
        key=no_ecr.access_key_id,
        secret=no_ecr.secret_access_key,
    )

    run(loop, dialog.start_test())

    failed = [line for line in dialog.checklist.lines() if line.state is StepState.FAILED]
    assert len(failed) == 1
    assert "ecr:GetAuthorizationToken" in failed[0].message
    assert "Traceback" not in all_text(dialog)


def test_a_new_registry_never_inherits_secrets_left_under_its_id(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    """SQLite may give a new registry the id of a deleted one; if that registry's keyring
    entries outlived it (the keyring failed during the delete), they must not carry
    over to a registry that stores no secret of its own."""
    secrets = DictSecretStore()
    for stale_id in range(1, 6):
        secrets.save(stale_id, RegistrySecrets(secret=Secret("left-behind")))
    context = make_context(tmp_path, loop, secrets=secrets, role_auth=True)
    dialog = open_dialog(qtbot, context)
    fill(dialog, key="", secret="")
    dialog.form.role_arn_edit.setText("arn:aws:iam::123456789012:role/imagedesk-ecr-reader")
    dialog.form.token_file_edit.setText("/var/run/secrets/token")

    task = dialog.start_save()
    assert task is not None
    run(loop, task)

    saved = dialog.saved_registry
    assert saved.id is not None
    assert secrets.load(saved.id) == RegistrySecrets()
