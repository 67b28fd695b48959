"""Import Image on a registry whose secret was kept for an earlier run only."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Registry
from imagedesk.registry.factory import make_client
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog

SHOTS = Path("/tmp/g1-shots")


@pytest.fixture
def real_context(
    qasync_loop: asyncio.AbstractEventLoop,
    run_async: Any,
    ui_catalog: Catalog,
    memory_keyring: MemoryKeyring,
) -> Iterator[AppContext]:
    """The real registry clients over an empty keyring: no secret is stored."""
    context = AppContext.build(
        ui_catalog, SecretStore(), loop=qasync_loop, client_factory=make_client
    )
    yield context
    qasync_loop.run_until_complete(context.jobs.shutdown(timeout=5))


@pytest.fixture
def keyless_registry(ui_catalog: Catalog, ecr_registry: Registry) -> Registry:
    # A closed port: nothing may be reached, and the listing fails before any call.
    return ui_catalog.update_registry(
        Registry(**{**ecr_registry.__dict__, "endpoint_url": "http://127.0.0.1:9"})
    )


def test_a_missing_secret_is_named_and_the_edit_dialog_is_offered(
    qtbot: QtBot, real_context: AppContext, keyless_registry: Registry, run_async: Any
) -> None:
    dialog = ImportDialog(real_context, registry_id=keyless_registry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    run_async(dialog.load_repositories())

    assert dialog.secret_offer.isVisible()
    assert dialog.secret_offer.sentence.text() == (
        "The registry 'Prod ECR' has no stored Secret Access Key: it was kept for an "
        "earlier run only (no keyring was available). Enter it again in the registry's "
        "settings, then the repositories are listed."
    )
    assert dialog.form.listing_status.text == "Not listed: the registry's secret is missing."
    assert not dialog.error_view.isVisible()
    assert "Enter the Secret Access Key" not in dialog.error_view.sentence
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "import-missing-secret.png"))

    dialog.secret_offer.edit_button.click()

    editor = dialog.add_registry_dialog
    assert isinstance(editor, AddRegistryDialog)
    assert editor.isVisible()
    assert editor.form.editing is not None
    assert editor.form.editing.id == keyless_registry.id
    editor.reject()
