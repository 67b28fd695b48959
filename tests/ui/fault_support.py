"""Helpers for the UI fault tests: moto on loopback behind the paging proxy, quick AWS
timeouts, a keyring that refuses writes while told to, a context with the real
registry clients, and the checks every fault test makes (the window keeps turning,
stored work is unchanged, no traceback is shown).

Imported by the ``test_faults_*`` modules of this folder (pytest puts it on sys.path).
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from moto.ecr.models import ecr_backends
from moto.server import ThreadedMotoServer
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from registry_ui_support import ECR_HOST, KEY_ID, SECRET, all_text, run

from imagedesk.demo.manifests import build_manifest
from imagedesk.demo.paging_proxy import PagingProxy
from imagedesk.domain.models import (
    AuthMethod,
    Image,
    Registry,
    RegistryKind,
    Resources,
    Settings,
)
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr import config, listing
from imagedesk.registry.factory import make_client
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import DEFAULT_SERVICE, SecretStore
from imagedesk.ui.context import AppContext

ACCOUNT = ECR_HOST.split(".", 1)[0]
REGION = "us-east-1"
REPOSITORY_COUNT = 250
PAGE_SIZE = 100  # the proxy's page cap: 250 repositories come in three pages
STORED_REPOSITORY = "team/keep"
TRACEBACK_MARKERS = ("Traceback", 'File "', "botocore.exceptions", "urllib3")


# --- moto behind the proxy ---------------------------------------------------------------


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    """moto on a free loopback port, access control off (the proxy forwards requests
    unchanged but for Host, which a signature check would refuse)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def fault_proxy(moto_endpoint: str) -> Iterator[PagingProxy]:
    """A fresh proxy per test, so its page count starts at zero."""
    proxy = PagingProxy(moto_endpoint, page_size_cap=PAGE_SIZE)
    proxy.start()
    yield proxy
    proxy.faults.clear()
    proxy.stop()


def repository_names(count: int = REPOSITORY_COUNT) -> list[str]:
    return [f"team/svc-{number:04d}" for number in range(count)]


def seed_repositories(count: int = REPOSITORY_COUNT) -> list[str]:
    """Exactly ``count`` repositories in moto's ECR backend (the server answers from it)."""
    backend = ecr_backends[ACCOUNT][REGION]
    backend.repositories.clear()
    names = repository_names(count)
    for name in names:
        backend.create_repository(
            repository_name=name,
            registry_id=None,
            encryption_config={},
            image_scan_config={},
            image_tag_mutability="MUTABLE",
            tags=[],
        )
    return names


def seed_image(repository: str, tag: str) -> str:
    """Push a manifest tagged ``tag`` into a seeded repository; its digest."""
    manifest = build_manifest(repository, tag)
    backend = ecr_backends[ACCOUNT][REGION]
    backend.put_image(repository, manifest.text, tag, manifest.media_type)
    return manifest.digest


async def settled(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the loop run until ``condition`` holds (work a dialog started on its own)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        await asyncio.sleep(0.02)


def quick_timeouts(monkeypatch: pytest.MonkeyPatch, read_timeout: float = 5) -> None:
    """Two attempts, short throttling pauses and a one-second connect timeout, so a
    fault costs a second or two; what is tested (the sentence, the state left behind)
    does not depend on the durations. The read timeout stays at a few seconds unless a
    test is about it: moto answering 250 repositories on a loaded machine can take
    over a second, which would turn a healthy retry into a timeout."""
    monkeypatch.setattr(config, "READ_TIMEOUT_SECONDS", read_timeout)
    monkeypatch.setattr(config, "CONNECT_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(config, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(config, "DIAGNOSIS_DEADLINE_SECONDS", 20)
    monkeypatch.setattr(listing, "THROTTLE_BACKOFF_SECONDS", (0.2, 0.2, 0.2))


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return f"http://127.0.0.1:{port}"


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


# --- the keyring -------------------------------------------------------------------------


class WriteRefusingKeyring(KeyringBackend):
    """Entries in memory; ``set_password`` raises while :attr:`refuse_writes` is set."""

    priority = 0.1

    def __init__(self) -> None:
        super().__init__()
        self.entries = MemoryKeyring()
        self.refuse_writes = False
        self.refused = 0

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse_writes:
            self.refused += 1
            raise keyring.errors.PasswordSetError("the keyring daemon refused the write")
        self.entries.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.entries.delete_password(service, username)


@pytest.fixture
def refusing_keyring() -> Iterator[WriteRefusingKeyring]:
    """Selected through keyring's own API, as the other keyring tests do."""
    previous = keyring.get_keyring()
    backend = WriteRefusingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


# --- the app's context and the work it already holds ------------------------------------


def fault_context(tmp_path: Path, loop: asyncio.AbstractEventLoop) -> AppContext:
    """A context over a new catalog, the keyring selected by the test, and the real
    registry clients (ECR through boto3 to whatever endpoint the entry names)."""
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    catalog.save_settings(Settings(ecr_role_auth=False, import_default_registry=False))
    return AppContext.build(catalog, SecretStore(), loop=loop, client_factory=make_client)


def close_context(context: AppContext, loop: asyncio.AbstractEventLoop) -> None:
    loop.run_until_complete(context.jobs.shutdown(timeout=5))
    catalog = context.catalog
    assert isinstance(catalog, Catalog)
    catalog.close()


def ecr_entry(name: str, endpoint_url: str) -> Registry:
    return Registry(
        name=name,
        host=ECR_HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username=KEY_ID,
        endpoint_url=endpoint_url,
    )


def store_earlier_work(
    context: AppContext, loop: asyncio.AbstractEventLoop, endpoint_url: str
) -> Registry:
    """A saved ECR registry with its secret in the keyring and one imported image: the
    work a fault must leave exactly as it was."""
    registry = context.catalog.add_registry(ecr_entry("Stored ECR", endpoint_url))
    assert registry.id is not None
    secrets = RegistrySecrets(secret=Secret(SECRET))
    run(loop, context.jobs.call(context.secrets.save, registry.id, secrets))
    context.catalog.add_image(
        Image(
            registry_id=registry.id,
            repository=STORED_REPOSITORY,
            default_tag="latest",
            resources=Resources(cpu_cores=1, memory_gb=2, disk_gb=10),
            description="imported before the fault",
        )
    )
    return registry


@dataclass(frozen=True)
class StoredState:
    """What the catalog and the keyring hold, compared before and after a fault."""

    registries: tuple[tuple[object, ...], ...]
    images: tuple[tuple[object, ...], ...]
    secrets: tuple[tuple[int, str], ...]


def stored_state(context: AppContext) -> StoredState:
    """Read on the UI thread: the keyring backends of these tests answer from memory."""
    registries = context.catalog.list_registries()
    secrets = []
    for registry in registries:
        assert registry.id is not None
        stored = context.secrets.load(registry.id).secret
        secrets.append((registry.id, stored.reveal() if stored else ""))
    return StoredState(
        registries=tuple(
            (r.id, r.name, r.host, r.kind, r.auth, r.username, r.endpoint_url) for r in registries
        ),
        images=tuple(
            (i.registry_id, i.repository, i.default_tag, i.description)
            for i in context.catalog.list_images()
        ),
        secrets=tuple(secrets),
    )


def keyring_entries(backend: WriteRefusingKeyring, registry_ids: range) -> dict[str, str]:
    """Every entry the app could have written for ``registry_ids``."""
    found = {}
    for registry_id in registry_ids:
        for name in RegistrySecrets.NAMES:
            username = f"registry-{registry_id}-{name}"
            value = backend.get_password(DEFAULT_SERVICE, username)
            if value is not None:
                found[username] = value
    return found


# --- what every fault test checks about the window ----------------------------------------


class TickCounter:
    """A 20 ms Qt timer counting its ticks: it only ticks while the UI thread turns.

    The timer is a child of ``owner`` (the dialog or page under test), so Qt deletes it
    on the UI thread with its owner; a parentless timer left to the garbage collector
    could be freed from a worker thread and crash the run later.
    """

    def __init__(self, owner: QObject, interval_ms: int = 20) -> None:
        self.ticks = 0
        self._timer = QTimer(owner)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self.ticks += 1

    def stop(self) -> None:
        self._timer.stop()


def assert_no_traceback(widget: QWidget) -> None:
    text = all_text(widget)
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"{marker!r} shown in {type(widget).__name__}"


def assert_one_sentence(text: str) -> None:
    """One sentence or two short ones (what failed, what to do), on one line."""
    assert text.strip() == text and text.endswith("."), text
    assert "\n" not in text
    assert 10 < len(text) < 300


def open_message_boxes() -> list[QMessageBox]:
    """Message boxes (error dialogs) open anywhere in the application."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.isVisible()
    ]
