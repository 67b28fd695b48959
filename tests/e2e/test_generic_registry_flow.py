"""Issue 5 end to end: push small images to a real docker-registry with htpasswd auth,
add it through the Add Registry dialog opened from the Import Image dialog, then import
one image through the Import Image dialog's own widgets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import RegistryClient
from imagedesk.registry.factory import make_client
from imagedesk.registry.testing.htpasswd import htpasswd_line
from imagedesk.registry.testing.oci_upload import PushedImage, push_test_image
from imagedesk.registry.testing.registry_server import (
    RegistryServer,
    ServerOptions,
    start_registry,
)
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog

pytestmark = [pytest.mark.e2e, pytest.mark.registry_server]

USERNAME = "desk-admin"
PASSWORD = "correct horse 42"


@dataclass
class Pushed:
    server: RegistryServer
    images: dict[str, PushedImage] = field(default_factory=dict)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pushed]:
    folder = tmp_path_factory.mktemp("flow-registry")
    htpasswd = folder / "htpasswd"
    htpasswd.write_text(htpasswd_line(USERNAME, PASSWORD))
    pushed = Pushed(start_registry(folder, ServerOptions(htpasswd_file=htpasswd)))
    with httpx.Client(timeout=10, auth=(USERNAME, PASSWORD)) as http:
        for repository, tags, layer in (
            ("team-a/api", ["1.0", "1.1"], b"api layer"),
            ("team-b/web", ["2.0"], b"web layer"),
        ):
            pushed.images[repository] = push_test_image(
                http, pushed.server.base_url, repository, tags, layer=layer
            )
    yield pushed
    pushed.server.stop()


@dataclass
class ClosingFactory:
    """The real factory; closes its clients at the end (see the TODO in
    tests/ui/test_add_registry_real_server.py: the job layer does not close them yet)."""

    made: list[Any] = field(default_factory=list)

    def __call__(
        self, registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> RegistryClient:
        client = make_client(registry, secrets, settings)
        self.made.append(client)
        return client

    def close_all(self) -> None:
        for client in self.made:
            if hasattr(client, "close"):
                client.close()


@pytest.fixture
def loop(qasync_loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The session's qasync loop as the current asyncio loop; drive coroutines with ``run``."""
    asyncio.set_event_loop(qasync_loop)
    return qasync_loop


@pytest.fixture
def context(
    tmp_path: Path, loop: asyncio.AbstractEventLoop, memory_keyring: MemoryKeyring
) -> Iterator[AppContext]:
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    catalog.save_settings(Settings(import_default_registry=False))
    factory = ClosingFactory()
    context = AppContext.build(catalog, SecretStore(), loop=loop, client_factory=factory)
    yield context
    loop.run_until_complete(context.jobs.shutdown(timeout=10))
    factory.close_all()
    catalog.close()


def _run(loop: asyncio.AbstractEventLoop, awaitable: Any) -> Any:
    async def wrapped() -> Any:
        return await awaitable

    return loop.run_until_complete(asyncio.wait_for(wrapped(), timeout=60))


def test_add_a_password_registry_and_import_an_image_from_it(
    qtbot: QtBot,
    context: AppContext,
    registry: Pushed,
    loop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    import_dialog = ImportDialog(context)
    qtbot.addWidget(import_dialog)
    import_dialog.show()
    import_dialog.form.add_registry_button.click()
    add_dialog = import_dialog.add_registry_dialog
    assert isinstance(add_dialog, AddRegistryDialog)

    form = add_dialog.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(RegistryKind.GENERIC))
    form.name_edit.setText("Team registry")
    form.host_edit.setText(f"http://{registry.server.host}/")
    form.username_edit.setText(USERNAME)
    form.password.edit.setText(PASSWORD)
    test = add_dialog.start_test()
    assert test is not None
    _run(loop, test)
    assert add_dialog.test_status.text() == "Connection works."

    with qtbot.waitSignal(add_dialog.accepted, timeout=10_000):
        save = add_dialog.start_save()
        assert save is not None
        _run(loop, save)
    selected = import_dialog.selected_registry()
    assert selected is not None
    assert (selected.name, selected.host, selected.auth) == (
        "Team registry",
        registry.server.host,
        AuthMethod.PASSWORD,
    )

    _run(loop, import_dialog.load_repositories())
    assert import_dialog.form.repository_names.stringList() == ["team-a/api", "team-b/web"]
    import_dialog.form.repository.setText("team-a/api")
    _run(loop, import_dialog.load_tags())
    assert import_dialog.form.tag_names.stringList() == ["1.0", "1.1"]
    import_dialog.form.tag.setText("1.1")
    import_dialog.form.description.setText("API from the team registry")
    assert _run(loop, import_dialog.import_image()) is True

    (image,) = context.catalog.list_images()
    assert (image.registry_id, image.repository, image.default_tag) == (
        selected.id,
        "team-a/api",
        "1.1",
    )
    assert image.tags[0].digest == registry.images["team-a/api"].digest
    for file in tmp_path.glob("catalog.sqlite3*"):
        assert PASSWORD.encode() not in file.read_bytes(), file.name
