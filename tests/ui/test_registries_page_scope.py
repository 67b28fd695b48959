"""The Registries page: scope column, last test identity, and the IRSA assistant button."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    READER_ARN,
    DictSecretStore,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, TestResult
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.ui.irsa import IrsaAssistant
from imagedesk.ui.registries_model import Column
from imagedesk.ui.registries_page import RegistriesPage


def test_scope_identity_and_the_irsa_button_follow_the_selection(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop, role_auth=True)
    catalog = context.catalog
    role = catalog.add_registry(
        Registry(
            name="role",
            host=ECR_HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.ROLE,
            role_arn="arn:aws:iam::123456789012:role/desk",
            scope=("team-a/*", "team-b/api"),
        )
    )
    generic = catalog.add_registry(
        Registry(
            name="harbor", host="127.0.0.1:5000", kind=RegistryKind.GENERIC, auth=AuthMethod.NONE
        )
    )
    catalog.record_test(
        role.id or 0,
        TestResult(
            datetime.now(UTC), True, f"Connection works. Signed in as {READER_ARN} (keys)."
        ),
    )
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.show()
    run(loop, asyncio.sleep(0.05))

    role_row = page.model.row_of(role.id or 0)
    generic_row = page.model.row_of(generic.id or 0)
    assert role_row is not None and generic_row is not None
    assert page.model.index(role_row, Column.SCOPE).data() == "team-a/*, team-b/api"
    assert page.model.index(generic_row, Column.SCOPE).data() == "—"

    page.select(generic.id or 0)
    assert page.irsa_button.isEnabled()  # it opens empty for a registry without a role

    page.select(role.id or 0)
    assert page.irsa_button.isEnabled()
    assert f"Signed in as {READER_ARN} (keys)" in page.selected_details.text()
    assert "Scope: team-a/*, team-b/api" in page.selected_details.text()

    assistant = page.open_irsa_assistant()
    assert isinstance(assistant, IrsaAssistant)
    assert assistant.isVisible()
    assistant.close()  # it deletes itself when closed
    run(loop, asyncio.sleep(0.05))


def test_a_test_records_the_identity_and_credential_source_in_the_summary(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    secrets = DictSecretStore()
    context = make_context(tmp_path, loop, secrets=secrets)
    registry = context.catalog.add_registry(
        Registry(
            name="prod",
            host=ECR_HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )
    secrets.save(registry.id or 0, RegistrySecrets(secret=Secret("s" * 40)))
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.select(registry.id or 0)

    task = page.start_test()
    assert task is not None
    run(loop, task)

    stored = context.catalog.get_registry(registry.id or 0).last_test
    assert stored is not None
    assert stored.summary == f"Connection works. Signed in as {READER_ARN} (keys)."
    assert stored.summary in page.selected_details.text()
