"""Local faults: the keyring raising, a full disk, a read-only data folder, the app
killed in the middle of a catalog write. Stored work survives; a retry succeeds.

As root, chmod does not make a folder read-only; ``chattr +i`` (immutable, on ext4)
does, and the file size limit (RLIMIT_FSIZE, in a child process) acts as a full disk.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from ecr_fixtures import catalog_with_work
from keyring.backend import KeyringBackend

from imagedesk.domain.errors import KeyringUnavailable, StoreError
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.registry_secrets import save_registry_and_secrets
from imagedesk.store.secrets import SecretStore

pytestmark = pytest.mark.usefixtures("fault_survived")

CHILD = Path(__file__).with_name("catalog_child.py")
PASSWORD = "marker-password-7f3a"


class RaisingKeyring(KeyringBackend):
    """An in-memory keyring that raises on read or write while told to."""

    priority = 0.1

    def __init__(self) -> None:
        super().__init__()
        self.store = MemoryKeyring()
        self.fail_reads = False
        self.fail_writes = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_reads:
            raise keyring.errors.KeyringError("backend read failed")
        return self.store.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_writes:
            raise keyring.errors.PasswordSetError("backend write failed")
        self.store.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.store.delete_password(service, username)


@pytest.fixture
def raising_keyring() -> Iterator[RaisingKeyring]:
    previous = keyring.get_keyring()
    backend = RaisingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = catalog_with_work(tmp_path / "data" / "catalog.sqlite3", "")
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()


def generic(name: str) -> Registry:
    return Registry(
        name=name,
        host="registry.example.test",
        kind=RegistryKind.GENERIC,
        auth=AuthMethod.PASSWORD,
        username="admin",
    )


def stored_work(path: Path) -> list[str]:
    """The repositories stored in the catalog file, read by a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT repository FROM images ORDER BY repository").fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]


def secrets_with(password: str) -> RegistrySecrets:
    return RegistrySecrets(secret=Secret(password))


# --- keyring ---------------------------------------------------------------------------


def test_keyring_raising_on_write_leaves_no_half_registry(
    raising_keyring: RaisingKeyring, catalog: Catalog
) -> None:
    store = SecretStore()
    before = [registry.name for registry in catalog.list_registries()]
    raising_keyring.fail_writes = True

    with pytest.raises(KeyringUnavailable) as raised:
        save_registry_and_secrets(catalog, store, generic("team"), secrets_with(PASSWORD))

    assert raised.value.message == "The keyring refused the request."
    assert PASSWORD not in raised.value.message + raised.value.details
    assert [registry.name for registry in catalog.list_registries()] == before

    raising_keyring.fail_writes = False
    saved = save_registry_and_secrets(catalog, store, generic("team"), secrets_with(PASSWORD))
    assert saved.id is not None
    assert store.load(saved.id).secret == Secret(PASSWORD)


def test_keyring_raising_on_read_is_one_sentence_then_a_retry_reads(
    raising_keyring: RaisingKeyring, catalog: Catalog
) -> None:
    store = SecretStore()
    saved = save_registry_and_secrets(catalog, store, generic("team"), secrets_with(PASSWORD))
    assert saved.id is not None
    raising_keyring.fail_reads = True

    with pytest.raises(KeyringUnavailable) as raised:
        store.load(saved.id)

    assert "\n" not in raised.value.message
    assert catalog.get_registry(saved.id).name == "team"

    raising_keyring.fail_reads = False
    assert store.load(saved.id).secret == Secret(PASSWORD)


# --- disk full, read-only folder, killed ------------------------------------------------


def run_child(mode: str, path: Path) -> list[dict[str, str]]:
    done = subprocess.run(
        [sys.executable, str(CHILD), mode, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_full_disk_when_saving_keeps_the_catalog_and_a_retry_saves(catalog: Catalog) -> None:
    catalog.close()

    outcomes = run_child("full", catalog.path)

    assert outcomes[0]["outcome"] in ("typed", "raw")
    assert outcomes[1] == {"outcome": "saved"}
    assert stored_work(catalog.path) == ["team/00001", "written/after-full"]


def test_a_full_disk_when_saving_is_a_store_error(catalog: Catalog) -> None:
    catalog.close()

    outcomes = run_child("full", catalog.path)

    assert outcomes[0] == {
        "outcome": "typed",
        "type": "StoreError",
        "message": "The catalog could not be saved (the disk may be full or read-only); "
        "nothing was changed.",
    }


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A folder that even root cannot write into (ext4's immutable attribute)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    folder = tmp_path / "locked"
    folder.mkdir()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_exporting_into_a_read_only_folder_leaves_nothing_and_a_retry_exports(
    catalog: Catalog, immutable: Path, tmp_path: Path
) -> None:
    with pytest.raises((StoreError, OSError)):
        export_catalog(catalog, immutable / "export.json")

    assert list(immutable.iterdir()) == []
    assert stored_work(catalog.path) == ["team/00001"]

    summary = export_catalog(catalog, tmp_path / "export.json")
    assert summary.images == 1


def test_exporting_into_a_read_only_folder_is_a_store_error(
    catalog: Catalog, immutable: Path
) -> None:
    with pytest.raises(StoreError) as raised:
        export_catalog(catalog, immutable / "export.json")

    assert "\n" not in raised.value.message


def test_exporting_over_something_that_is_not_a_regular_file_is_refused(
    catalog: Catalog, tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()

    with pytest.raises(StoreError, match="not a regular file"):
        export_catalog(catalog, folder)

    assert folder.is_dir()


def test_the_app_killed_during_a_catalog_write_loses_only_that_write(catalog: Catalog) -> None:
    catalog.close()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "kill", str(catalog.path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert json.loads(child.stdout.readline()) == {"outcome": "writing"}

    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    assert stored_work(catalog.path) == ["team/00001"]
    reopened = Catalog.open(catalog.path)
    try:
        registry_id = int(reopened.list_registries()[-1].id or 0)
        from catalog_child import image

        reopened.add_image(image(registry_id, "after/restart"))
        stored = sorted(image.repository for image in reopened.list_images())
        assert stored == ["after/restart", "team/00001"]
    finally:
        reopened.close()
