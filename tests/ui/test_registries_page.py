"""The Registries page: the list, test, edit credentials, delete, and token state."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    SECRET,
    DictSecretStore,
    ScriptedClient,
    ScriptedFactory,
    good_steps,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.models import (
    AuthMethod,
    Image,
    ImageTag,
    Registry,
    RegistryKind,
    Resources,
)
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.ui.context import AppContext
from imagedesk.ui.registries_model import Column
from imagedesk.ui.registries_page import RegistriesPage
from imagedesk.ui.token_state_view import countdown, token_state_text

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeTokenState:
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    next_refresh: datetime | None = None
    last_error: str = ""


class TokenClient(ScriptedClient):
    """A scripted client that also holds a login token, like the ECR client."""

    refreshed = 0

    def token_state(self) -> FakeTokenState:
        return FakeTokenState(NOW, NOW + timedelta(hours=12), NOW + timedelta(hours=11))

    def refresh_token(self, cancel: CancelToken) -> FakeTokenState:
        self.refreshed += 1
        return FakeTokenState(NOW, NOW + timedelta(hours=12), last_error="")


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def client() -> TokenClient:
    return TokenClient(good_steps())


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    client: TokenClient,
    secrets: DictSecretStore,
) -> AppContext:
    return make_context(tmp_path, loop, factory=ScriptedFactory(client), secrets=secrets)


def add_registry(context: AppContext, secrets: DictSecretStore, name: str = "prod") -> Registry:
    registry = context.catalog.add_registry(
        Registry(name, ECR_HOST, RegistryKind.ECR, AuthMethod.KEYS, username=KEY_ID)
    )
    assert registry.id is not None
    secrets.entries[registry.id] = RegistrySecrets(secret=Secret(SECRET))
    return registry


def make_page(
    qtbot: QtBot, context: AppContext, event_loop: asyncio.AbstractEventLoop
) -> RegistriesPage:
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.show()
    run(event_loop, asyncio.sleep(0.05))
    return page


def cell(page: RegistriesPage, row: int, column: Column) -> str:
    return str(page.model.index(row, column).data())


def test_the_list_shows_kind_credentials_secret_and_last_test(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    add_registry(context, secrets)
    page = make_page(qtbot, context, loop)

    assert page.model.rowCount() == 1
    assert cell(page, 0, Column.NAME) == "prod"
    assert cell(page, 0, Column.HOST) == ECR_HOST
    assert cell(page, 0, Column.KIND) == "Amazon ECR"
    assert cell(page, 0, Column.AUTH) == "access keys"
    assert cell(page, 0, Column.SECRET) == "yes"
    assert cell(page, 0, Column.LAST_TEST) == "never"


def test_a_memory_only_keyring_says_this_session_only(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    secrets = DictSecretStore(persistent=False)
    context = make_context(tmp_path, loop, secrets=secrets)
    add_registry(context, secrets)
    page = make_page(qtbot, context, loop)

    assert cell(page, 0, Column.SECRET) == "this session only"


def test_test_fills_the_checklist_and_records_the_result(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    page = make_page(qtbot, context, loop)
    page.select(registry.id or 0)

    task = page.start_test()
    assert task is not None
    run(loop, task)

    assert [line.state for line in page.checklist.lines()] == [StepState.PASSED] * 5
    assert page.test_status.text().startswith("Connection works.")
    stored = context.catalog.get_registry(registry.id or 0).last_test
    assert stored is not None and stored.ok
    assert "passed" in cell(page, 0, Column.LAST_TEST)


def test_testing_a_registry_whose_secret_is_gone_says_so_without_calling_aws(
    qtbot: QtBot,
    context: AppContext,
    client: TokenClient,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    del secrets.entries[registry.id or 0]  # kept for an earlier run only
    page = make_page(qtbot, context, loop)
    page.select(registry.id or 0)

    task = page.start_test()
    assert task is not None
    run(loop, task)

    assert page.test_status.text() == (
        'No Secret Access Key is stored for "prod" (it may have been kept for an earlier '
        "run only). Use Edit… to enter it, then test again."
    )
    assert not page.checklist.isVisible()
    assert context.catalog.get_registry(registry.id or 0).last_test is None


def test_delete_is_refused_while_images_use_the_registry_naming_them(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    context.catalog.add_image(
        Image(
            registry.id or 0,
            "team-a/api",
            "latest",
            Resources(1, 2, 10),
            tags=(ImageTag("latest"),),
        )
    )
    page = make_page(qtbot, context, loop)

    deleted = run(loop, page.delete_registry(registry))

    assert deleted is False
    assert "team-a/api" in page.error_view.sentence
    assert [r.name for r in context.catalog.list_registries()] == ["prod"]
    assert registry.id in secrets.entries


def test_delete_removes_the_entry_and_its_keyring_secret(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    page = make_page(qtbot, context, loop)

    assert run(loop, page.delete_registry(registry)) is True

    assert context.catalog.list_registries() == []
    assert secrets.entries == {}
    assert page.model.rowCount() == 0


def test_changing_the_host_without_the_secret_clears_the_stored_secret(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    page = make_page(qtbot, context, loop)
    page.select(registry.id or 0)
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.form.secret_key.text() == ""
    assert dialog.form.access_key_edit.text() == KEY_ID

    dialog.form.host_edit.setText("123456789012.dkr.ecr.eu-west-1.amazonaws.com")
    run(loop, dialog.start_save())

    assert context.catalog.get_registry(registry.id or 0).host.startswith(
        "123456789012.dkr.ecr.eu"
    )
    assert registry.id not in secrets.entries
    run(loop, asyncio.sleep(0.2))  # the page re-reads the keyring on the worker
    assert cell(page, 0, Column.SECRET) == "missing"


def test_replacing_the_keys_keeps_the_entry_and_stores_the_new_secret(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    page = make_page(qtbot, context, loop)
    page.select(registry.id or 0)
    dialog = page.open_edit_dialog()
    assert dialog is not None
    new_secret = "A" * 40

    dialog.form.secret_key.edit.setText(new_secret)
    run(loop, dialog.start_save())

    stored = secrets.entries[registry.id or 0].secret
    assert stored is not None and stored.reveal() == new_secret
    assert context.catalog.get_registry(registry.id or 0).host == ECR_HOST


def test_the_token_state_line_counts_down_and_refresh_now_refreshes(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    client: TokenClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = add_registry(context, secrets)
    page = make_page(qtbot, context, loop)
    page.select(registry.id or 0)
    run(loop, asyncio.sleep(0.1))

    assert page.token_view.isVisible()
    assert page.token_view.label.text().startswith("Login token: issued")
    run(loop, page.load_token_state(registry, refresh=True))
    assert client.refreshed == 1


def test_token_state_sentences() -> None:
    state = FakeTokenState(
        NOW, NOW + timedelta(hours=11, minutes=52), NOW + timedelta(hours=11), "throttled"
    )

    text = token_state_text(state, NOW)

    assert "expires in 11 h 52 min" in text
    assert text.endswith("Last error: throttled")
    assert countdown(NOW - timedelta(minutes=3), NOW) == "expired 3 min ago"
    assert countdown(NOW + timedelta(seconds=40), NOW) == "in 40 s"
    assert token_state_text(None, NOW).startswith("Login token: none yet")
