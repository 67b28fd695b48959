"""The Add Registry dialog against the real docker-registry on 127.0.0.1: open, with
htpasswd Basic auth, and with TLS from a test CA."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot
from registry_ui_support import (
    DictSecretStore,
    all_text,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)

from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.base import RegistryClient
from imagedesk.registry.factory import make_client
from imagedesk.registry.testing.htpasswd import htpasswd_line
from imagedesk.registry.testing.oci_upload import push_test_image
from imagedesk.registry.testing.registry_server import (
    RegistryServer,
    ServerOptions,
    start_registry,
)
from imagedesk.registry.testing.tls import CertificateFiles, make_test_certificates
from imagedesk.ui.add_registry_dialog import CA_FIELD_HINT, REFUSED_NOT_SAVED, AddRegistryDialog
from imagedesk.ui.context import AppContext

pytestmark = pytest.mark.registry_server

USERNAME = "desk-admin"
PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    server = start_registry(tmp_path_factory.mktemp("open-registry"))
    with httpx.Client(timeout=10) as http:
        push_test_image(http, server.base_url, "team-a/api", ["1.0", "latest"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def basic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    folder = tmp_path_factory.mktemp("basic-registry")
    htpasswd = folder / "htpasswd"
    htpasswd.write_text(htpasswd_line(USERNAME, PASSWORD))
    server = start_registry(folder, ServerOptions(htpasswd_file=htpasswd))
    with httpx.Client(timeout=10, auth=(USERNAME, PASSWORD)) as http:
        push_test_image(http, server.base_url, "team-b/web", ["2.0"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_test_certificates(tmp_path_factory.mktemp("test-ca"))


@pytest.fixture(scope="module")
def tls_server(
    tmp_path_factory: pytest.TempPathFactory, certificates: CertificateFiles
) -> Iterator[RegistryServer]:
    options = ServerOptions(cert_file=certificates.cert_file, key_file=certificates.key_file)
    server = start_registry(tmp_path_factory.mktemp("tls-registry"), options)
    yield server
    server.stop()


@dataclass
class ClosingFactory:
    """The real client factory, closing every client it made when the test ends.

    TODO: RegistryJobs.test_connection and ClientPool.invalidate drop clients without
    closing them, which leaves the v2 client's connection to the garbage collector
    (a ResourceWarning); reported to the jobs owner. Drop this wrapper once they close.
    """

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
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    secrets: DictSecretStore,
) -> Iterator[AppContext]:
    factory = ClosingFactory()
    context = make_context(tmp_path, loop, factory=factory, secrets=secrets)
    yield context
    loop.run_until_complete(context.jobs.shutdown(timeout=5))
    factory.close_all()


def open_dialog(
    qtbot: QtBot, context: AppContext, editing: Registry | None = None
) -> AddRegistryDialog:
    dialog = AddRegistryDialog(context, editing=editing)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_generic(
    dialog: AddRegistryDialog, host: str, username: str = "", password: str = ""
) -> None:
    form = dialog.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(RegistryKind.GENERIC))
    form.name_edit.setText("local registry")
    form.host_edit.setText(host)
    form.username_edit.setText(username)
    form.password.edit.setText(password)


def run_test(event_loop: asyncio.AbstractEventLoop, dialog: AddRegistryDialog) -> None:
    task = dialog.start_test()
    assert task is not None
    run(event_loop, task)


def save(event_loop: asyncio.AbstractEventLoop, dialog: AddRegistryDialog) -> None:
    task = dialog.start_save()
    assert task is not None
    run(event_loop, task)


def states(dialog: AddRegistryDialog) -> dict[str, StepState]:
    return {line.key: line.state for line in dialog.checklist.lines()}


# ------------------------------------------------------------------------------------------


def test_an_open_registry_passes_every_step_and_is_saved_without_credentials(
    qtbot: QtBot,
    context: AppContext,
    open_server: RegistryServer,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = open_dialog(qtbot, context)
    fill_generic(dialog, f"http://{open_server.host}/")

    run_test(loop, dialog)
    assert set(states(dialog).values()) == {StepState.PASSED}, all_text(dialog)
    assert dialog.test_status.text() == "Connection works."

    save(loop, dialog)
    saved = context.catalog.list_registries()
    assert [(r.host, r.kind, r.auth) for r in saved] == [
        (open_server.host, RegistryKind.GENERIC, AuthMethod.NONE)
    ]
    assert saved[0].last_test is not None and saved[0].last_test.ok
    assert "anonymous" in saved[0].last_test.summary


def test_htpasswd_credentials_log_in_and_the_password_goes_to_the_keyring_only(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    basic_server: RegistryServer,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = open_dialog(qtbot, context)
    fill_generic(dialog, basic_server.host, USERNAME, PASSWORD)

    run_test(loop, dialog)
    assert states(dialog)["authenticate"] is StepState.PASSED, all_text(dialog)
    login = dialog.checklist.line("authenticate")
    assert login is not None and f"Logged in as {USERNAME}" in login.message

    save(loop, dialog)
    (saved,) = context.catalog.list_registries()
    assert (saved.auth, saved.username) == (AuthMethod.PASSWORD, USERNAME)
    stored = secrets.entries[saved.id or 0].secret
    assert stored is not None and stored.reveal() == PASSWORD
    assert PASSWORD not in repr(saved)


def test_a_wrong_password_is_refused_and_the_stored_entry_is_unchanged(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    basic_server: RegistryServer,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    entry = context.catalog.add_registry(
        Registry(
            name="local registry",
            host=basic_server.host,
            kind=RegistryKind.GENERIC,
            auth=AuthMethod.PASSWORD,
            username=USERNAME,
        )
    )
    assert entry.id is not None
    secrets.save(entry.id, RegistrySecrets(secret=Secret(PASSWORD)))
    dialog = open_dialog(qtbot, context, editing=entry)
    dialog.form.password.edit.setText("wrong password")

    run_test(loop, dialog)
    assert states(dialog)["authenticate"] is StepState.FAILED
    assert "refused" in dialog.test_status.text().lower()

    save(loop, dialog)
    assert dialog.form.field_error("password") == REFUSED_NOT_SAVED
    assert dialog.isVisible()
    assert context.catalog.get_registry(entry.id) == entry
    stored = secrets.entries[entry.id].secret
    assert stored is not None and stored.reveal() == PASSWORD


def test_an_untrusted_certificate_points_at_the_ca_bundle_field_and_the_ca_fixes_it(
    qtbot: QtBot,
    context: AppContext,
    tls_server: RegistryServer,
    certificates: CertificateFiles,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = open_dialog(qtbot, context)
    fill_generic(dialog, tls_server.host)

    run_test(loop, dialog)
    assert states(dialog)["reach"] is StepState.FAILED
    reach = dialog.checklist.line("reach")
    assert reach is not None and "not trusted" in reach.message
    assert "unable to ping" not in all_text(dialog).lower()
    assert dialog.form.field_error("ca_file") == CA_FIELD_HINT

    dialog.form.ca_file_edit.setText(str(certificates.ca_file))
    run_test(loop, dialog)
    assert dialog.test_status.text() == "Connection works."
    assert StepState.FAILED not in states(dialog).values()
    reach = dialog.checklist.line("reach")
    assert reach is not None and "HTTPS; certificate trusted" in reach.message
    assert dialog.form.field_error("ca_file") == ""

    save(loop, dialog)
    (saved,) = context.catalog.list_registries()
    assert saved.ca_file == str(certificates.ca_file)
    assert saved.insecure is False
