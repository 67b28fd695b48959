"""Defect 1: the AWS endpoint is a visible, editable, checked field of an ECR entry."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_defect_support import DEMO_ENDPOINT, FakeDemo
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    SECRET,
    DictSecretStore,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.registries_page import RegistriesPage
from imagedesk.ui.registry_form import DEMO_ENDPOINT_NOTE, ENDPOINT_LABEL
from imagedesk.ui.registry_form_rules import ENDPOINT_EXTRAS

DEAD_ENDPOINT = "http://127.0.0.1:34857"
ENDPOINT_PLAIN_HTTP = (
    "Plain http:// endpoints are only allowed on this computer (localhost, "
    "127.0.0.1, ::1); use https:// for any other host."
)
ENDPOINT_CREDENTIALS = "The endpoint URL may not contain a user name or password."


def not_a_url(shown: str) -> str:
    """The sentence for a URL that is no URL, quoting ``shown`` (at most 60 characters)."""
    return (
        f"'{shown}' is not an endpoint URL. Enter one such as https://host:port "
        "(http:// only for this computer, e.g. http://127.0.0.1:5000)."
    )


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def demo_context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    secrets: DictSecretStore,
) -> AppContext:
    context = make_context(tmp_path, loop, secrets=secrets, endpoint_url=DEMO_ENDPOINT)
    context.demo = FakeDemo()
    return context


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    secrets: DictSecretStore,
) -> AppContext:
    return make_context(tmp_path, loop, secrets=secrets)


def shown_dialog(
    qtbot: QtBot, context: AppContext, editing: Registry | None = None
) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context, editing=editing)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_keys(dialog: AddRegistryDialog, name: str = "prod") -> None:
    dialog.form.name_edit.setText(name)
    dialog.form.host_edit.setText(ECR_HOST)
    dialog.form.access_key_edit.setText(KEY_ID)
    dialog.form.secret_key.edit.setText(SECRET)


def stored_with_dead_endpoint(context: AppContext, secrets: DictSecretStore) -> Registry:
    registry = context.catalog.add_registry(
        Registry(
            "demo ecr",
            ECR_HOST,
            RegistryKind.ECR,
            AuthMethod.KEYS,
            username=KEY_ID,
            endpoint_url=DEAD_ENDPOINT,
        )
    )
    assert registry.id is not None
    secrets.entries[registry.id] = RegistrySecrets(secret=Secret(SECRET))
    return registry


def test_a_new_demo_ecr_entry_shows_the_demo_endpoint_under_more_with_a_note(
    qtbot: QtBot,
    demo_context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = shown_dialog(qtbot, demo_context)
    form = dialog.form

    form.more_button.setChecked(True)

    label = form.layout().labelForField(form.boxes["endpoint_url"])
    assert label is not None and label.text() == ENDPOINT_LABEL
    assert form.endpoint_edit.isVisible()
    assert form.endpoint_edit.text() == DEMO_ENDPOINT
    assert "LocalStack, moto or a VPC endpoint" in form.endpoint_edit.placeholderText()
    assert form.endpoint_note.isVisible() and form.endpoint_note.text() == DEMO_ENDPOINT_NOTE

    fill_keys(dialog)
    run(loop, dialog.start_save())
    assert dialog.saved_registry.endpoint_url == DEMO_ENDPOINT


def test_an_edited_entry_shows_its_stored_endpoint_and_the_admin_can_correct_it(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_with_dead_endpoint(context, secrets)
    dialog = shown_dialog(qtbot, context, registry)

    assert dialog.form.more_button.isChecked()
    assert dialog.form.endpoint_edit.isVisible()
    assert dialog.form.endpoint_edit.text() == DEAD_ENDPOINT
    assert not dialog.form.endpoint_note.isVisible()

    dialog.form.endpoint_edit.setText("http://localhost:4566")
    run(loop, dialog.start_save())

    assert context.catalog.get_registry(registry.id or 0).endpoint_url == "http://localhost:4566"
    assert secrets.entries[registry.id or 0].secret is not None  # the keys are kept


def test_clearing_the_endpoint_returns_the_entry_to_aws_itself(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_with_dead_endpoint(context, secrets)
    dialog = shown_dialog(qtbot, context, registry)

    dialog.form.endpoint_edit.clear()
    run(loop, dialog.start_save())

    assert context.catalog.get_registry(registry.id or 0).endpoint_url == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://10.0.0.5:4566", ENDPOINT_PLAIN_HTTP),
        ("ftp://127.0.0.1", not_a_url("ftp://127.0.0.1")),
        ("localhost:4566", not_a_url("localhost:4566")),
        ("https://user:pw@vpce.example.com", ENDPOINT_CREDENTIALS),
        ("https://vpce.example.com/?x=1", ENDPOINT_EXTRAS),
        ("https://vpce.example.com/#top", ENDPOINT_EXTRAS),
        ("http://127.0.0.1:99999", not_a_url("http://127.0.0.1:99999")),
        ("https://" + "a b" * 50_000, not_a_url("https://" + "a b" * 17 + "a…")),
    ],
)
def test_a_bad_endpoint_is_refused_at_its_field_and_nothing_is_stored(
    qtbot: QtBot, context: AppContext, typed: str, message: str
) -> None:
    dialog = shown_dialog(qtbot, context)
    fill_keys(dialog)
    dialog.form.more_button.setChecked(True)
    dialog.form.endpoint_edit.setText(typed)

    assert dialog.start_save() is None

    assert dialog.form.field_error("endpoint_url") == message
    assert context.catalog.list_registries() == []


@pytest.mark.parametrize(
    "typed",
    ["https://vpce-0abc.ecr.us-east-1.vpce.amazonaws.com", "http://[::1]:4566", ""],
)
def test_https_loopback_http_and_blank_endpoints_are_accepted(
    qtbot: QtBot,
    context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    typed: str,
) -> None:
    dialog = shown_dialog(qtbot, context)
    fill_keys(dialog)
    dialog.form.endpoint_edit.setText(typed)

    run(loop, dialog.start_save())

    assert dialog.saved_registry.endpoint_url == typed


def test_a_generic_registry_in_the_demo_gets_no_aws_endpoint(
    qtbot: QtBot,
    demo_context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = shown_dialog(qtbot, demo_context)
    form = dialog.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(RegistryKind.GENERIC))
    form.name_edit.setText("local")
    form.host_edit.setText("127.0.0.1:5000")

    assert not form.endpoint_edit.isVisible()
    run(loop, dialog.start_save())
    assert dialog.saved_registry.endpoint_url == ""


def test_the_registries_page_shows_the_endpoint_on_the_details_line(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_with_dead_endpoint(context, secrets)
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.show()
    run(loop, asyncio.sleep(0.05))

    page.select(registry.id or 0)

    assert f"Endpoint: {DEAD_ENDPOINT}" in page.selected_details.text()
