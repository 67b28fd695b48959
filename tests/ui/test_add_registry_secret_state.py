"""Edit…: the secret fields' placeholder follows the keyring, and a blank secret where
none is stored is asked for at the field instead of being accepted silently."""

from __future__ import annotations

import asyncio
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

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.registry_form_rules import NO_STORED_SECRET


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    secrets: DictSecretStore,
) -> AppContext:
    factory = ScriptedFactory(ScriptedClient(good_steps()))
    return make_context(tmp_path, loop, factory=factory, secrets=secrets)


def stored_entry(context: AppContext) -> Registry:
    return context.catalog.add_registry(
        Registry("prod", ECR_HOST, RegistryKind.ECR, AuthMethod.KEYS, username=KEY_ID)
    )


def edit_dialog(
    qtbot: QtBot, context: AppContext, registry: Registry, event_loop: asyncio.AbstractEventLoop
) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context, editing=registry)
    qtbot.addWidget(dialog)
    dialog.show()
    run(event_loop, asyncio.sleep(0.2))
    return dialog


def test_a_stored_secret_is_offered_to_keep(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_entry(context)
    secrets.entries[registry.id or 0] = RegistrySecrets(secret=Secret(SECRET))

    dialog = edit_dialog(qtbot, context, registry, loop)
    task = dialog.start_save()
    assert task is not None
    run(loop, task)

    assert dialog.form.secret_stored is True
    assert dialog.form.secret_key.edit.placeholderText() == "stored; leave blank to keep it"
    assert dialog.result() == AddRegistryDialog.DialogCode.Accepted
    assert secrets.entries[registry.id or 0].secret == Secret(SECRET)


def test_a_missing_secret_is_asked_for_at_its_field(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_entry(context)

    dialog = edit_dialog(qtbot, context, registry, loop)

    assert dialog.form.secret_stored is False
    assert dialog.form.secret_key.edit.placeholderText() == "none stored: enter it"
    assert dialog.start_save() is None
    assert dialog.form.field_error("secret_access_key") == NO_STORED_SECRET
    assert dialog.isVisible()
    assert secrets.entries == {}


def test_save_before_the_keyring_answers_waits_for_it(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = stored_entry(context)
    dialog = AddRegistryDialog(context, editing=registry)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.form.secret_stored is None
    task = dialog.start_save()
    assert task is not None
    run(loop, task)

    assert dialog.form.field_error("secret_access_key") == NO_STORED_SECRET
    assert dialog.result() != AddRegistryDialog.DialogCode.Accepted


def test_the_rule_asks_for_a_missing_password_of_a_generic_entry() -> None:
    from imagedesk.domain.errors import ValidationErrors
    from imagedesk.domain.models import Settings
    from imagedesk.ui.registry_form_rules import RegistryFormValues, check_form

    editing = Registry(
        "lab",
        "registry.example.com",
        RegistryKind.GENERIC,
        AuthMethod.PASSWORD,
        id=3,
        username="ci",
    )
    values = RegistryFormValues(
        name="lab", host="registry.example.com", kind=RegistryKind.GENERIC, username="ci"
    )

    kept = check_form(values, Settings(), editing=editing)
    with pytest.raises(ValidationErrors) as refused:
        check_form(values, Settings(), editing=editing, secret_stored=False)

    assert kept.secrets is None
    assert [(e.field, e.message) for e in refused.value.errors] == [("password", NO_STORED_SECRET)]
