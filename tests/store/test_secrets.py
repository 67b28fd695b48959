"""Registry secrets: the keyring when it works, memory for this run when it does not."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from imagedesk.domain.errors import KeyringLocked, RegistryInUse
from imagedesk.domain.models import Registry
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.registry_secrets import (
    delete_registry_and_secrets,
    save_registry_and_secrets,
)
from imagedesk.store.secrets import MEMORY_LOCATION, SecretStore

from .conftest import make_image

KEYS = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))


class StuckKeyring(KeyringBackend):
    """A keyring that never answers, like one waiting on an unlock prompt nobody sees."""

    priority = 0.1

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


@pytest.fixture
def selected() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_secrets_round_trip_in_the_selected_backend(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.save(7, KEYS)

    assert store.load(7) == KEYS
    assert memory_keyring.get_password("imagedesk", "registry-7-secret") == KEYS.secret.reveal()
    assert store.load(8) == RegistrySecrets()


def test_saving_replaces_every_secret(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.save(7, RegistrySecrets(secret=Secret("a"), session_token=Secret("b")))
    store.save(7, RegistrySecrets(secret=Secret("c")))

    assert store.load(7) == RegistrySecrets(secret=Secret("c"))
    assert memory_keyring.get_password("imagedesk", "registry-7-session_token") is None


def test_no_backend_falls_back_to_memory_for_this_run(selected: None) -> None:
    keyring.set_keyring(fail.Keyring())

    store = SecretStore()
    store.save(1, KEYS)

    assert (store.persistent, store.location) == (False, MEMORY_LOCATION)
    assert "no keyring backend" in store.fallback_reason
    assert store.load(1) == KEYS


def test_keyring_that_does_not_answer_falls_back_quickly(selected: None) -> None:
    stuck = StuckKeyring()
    keyring.set_keyring(stuck)

    store = SecretStore(probe_timeout=0.2)
    stuck.release.set()

    assert not store.persistent
    assert "did not answer" in store.fallback_reason


def test_keyring_that_stops_answering_raises_keyring_locked(
    memory_keyring: MemoryKeyring, selected: None
) -> None:
    store = SecretStore(call_timeout=0.2)
    stuck = StuckKeyring()
    store._backend = stuck  # the backend locks after the probe succeeded

    with pytest.raises(KeyringLocked):
        store.load(1)
    stuck.release.set()


def test_memory_backend_chosen_on_purpose_is_not_persistent(
    memory_keyring: MemoryKeyring,
) -> None:
    store = SecretStore()
    assert (store.persistent, store.location, store.fallback_reason) == (
        False,
        MEMORY_LOCATION,
        "",
    )


def test_secret_never_shows_in_the_store_repr(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.save(3, KEYS)
    assert KEYS.secret.reveal() not in repr(store.load(3))


def test_deleting_a_registry_removes_its_keyring_entry(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry
) -> None:
    store = SecretStore()
    store.save(int(registry.id or 0), KEYS)

    delete_registry_and_secrets(catalog, store, int(registry.id or 0))

    assert memory_keyring.get_password("imagedesk", f"registry-{registry.id}-secret") is None
    assert catalog.find_registry("prod") is None


def test_registry_in_use_keeps_its_secret(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry
) -> None:
    store = SecretStore()
    store.save(int(registry.id or 0), KEYS)
    catalog.add_image(make_image(int(registry.id or 0)))

    with pytest.raises(RegistryInUse):
        delete_registry_and_secrets(catalog, store, int(registry.id or 0))
    assert store.load(int(registry.id or 0)) == KEYS


def test_new_host_without_new_secret_clears_the_secret(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry
) -> None:
    store = SecretStore()
    store.save(int(registry.id or 0), KEYS)
    moved = Registry(**{**registry.__dict__, "host": "evil.example.com"})

    save_registry_and_secrets(catalog, store, moved)

    assert store.load(int(registry.id or 0)) == RegistrySecrets()


def test_rename_keeps_the_secret(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry
) -> None:
    store = SecretStore()
    store.save(int(registry.id or 0), KEYS)
    save_registry_and_secrets(catalog, store, Registry(**{**registry.__dict__, "name": "live"}))
    assert store.load(int(registry.id or 0)) == KEYS


def test_new_registry_is_saved_with_its_secret(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry
) -> None:
    store = SecretStore()
    fresh = Registry(**{**registry.__dict__, "id": None, "name": "dev", "username": "AKIADEV"})
    added = save_registry_and_secrets(catalog, store, fresh, KEYS)
    assert store.load(int(added.id or 0)) == KEYS


def test_secret_is_not_in_the_catalog_file(
    memory_keyring: MemoryKeyring, catalog: Catalog, registry: Registry, tmp_path: Path
) -> None:
    SecretStore().save(int(registry.id or 0), KEYS)
    catalog.close()
    for path in tmp_path.iterdir():
        assert KEYS.secret.reveal().encode() not in path.read_bytes()


@pytest.mark.secret_service
def test_secrets_round_trip_in_the_real_secret_service(selected: None) -> None:
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    # TODO: the test session's gnome-keyring has no login collection (it is unlocked
    # with an empty password, which creates none), so the session collection is used.
    backend.preferred_collection = "/org/freedesktop/secrets/collection/session"
    keyring.set_keyring(backend)
    store = SecretStore(service=f"imagedesk-test-{uuid.uuid4().hex}")
    assert store.persistent, store.fallback_reason
    assert store.location.startswith("Secret Service")

    store.save(1, KEYS)
    assert store.load(1) == KEYS
    store.delete(1)
    assert store.load(1) == RegistrySecrets()
