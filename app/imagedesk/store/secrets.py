"""Registry secrets in the OS keyring, or in memory for this run when there is none.

Each secret of a registry is its own keyring entry: service ``imagedesk``, username
``registry-<id>-<secretname>``. Nothing is ever written to a plaintext file.

Every call may block (a keyring daemon can wait for an unlock prompt), so the UI
calls these methods from the background worker, never from the Qt thread. Each
call is bounded by a timeout and raises KeyringLocked when the backend does not
answer in time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from imagedesk.domain.errors import KeyringLocked, KeyringUnavailable
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.store.memory_keyring import MemoryKeyring

logger = logging.getLogger(__name__)

DEFAULT_SERVICE = "imagedesk"
PROBE_TIMEOUT_SECONDS = 3.0
CALL_TIMEOUT_SECONDS = 10.0
MEMORY_LOCATION = "memory, this run only"
_PROBE_USERNAME = "imagedesk-probe"

T = TypeVar("T")

# Backend module → what the user is told about where secrets live.
_LOCATIONS = {
    "keyring.backends.SecretService": "Secret Service (GNOME Keyring or KWallet)",
    "keyring.backends.libsecret": "Secret Service (libsecret)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}


class _NoAnswer(Exception):
    """The backend did not answer within the timeout."""


def _bounded(call: Callable[[], T], timeout: float) -> T:
    """Run ``call`` on a daemon thread; raise _NoAnswer when it takes longer than ``timeout``.

    A daemon thread, not an executor: a backend stuck on an unlock prompt must not
    keep the app from exiting.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed back to the caller's thread below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="keyring-call", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise _NoAnswer()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")  # type: ignore[return-value]


class SecretStore:
    """The secrets of every registry, over keyring's currently selected backend."""

    def __init__(
        self,
        service: str = DEFAULT_SERVICE,
        *,
        probe_timeout: float = PROBE_TIMEOUT_SECONDS,
        call_timeout: float = CALL_TIMEOUT_SECONDS,
    ) -> None:
        self.service = service
        self._call_timeout = call_timeout
        self.fallback_reason = ""
        self._backend = self._probe(keyring.get_keyring(), probe_timeout)

    @property
    def persistent(self) -> bool:
        """False when secrets are kept only for this run (no usable keyring)."""
        return not isinstance(self._backend, MemoryKeyring)

    @property
    def location(self) -> str:
        """Where the secrets live, in words for the user."""
        return _location_of(self._backend)

    def load(self, registry_id: int) -> RegistrySecrets:
        values: dict[str, Secret | None] = {}
        for name in RegistrySecrets.NAMES:
            username = _username(registry_id, name)
            stored = self._call(partial(self._backend.get_password, self.service, username))
            values[name] = Secret(stored) if stored else None
        return RegistrySecrets(**values)

    def save(self, registry_id: int, secrets: RegistrySecrets) -> None:
        """Make the registry's stored secrets exactly ``secrets``; empty ones are removed."""
        for name in RegistrySecrets.NAMES:
            value: Secret | None = getattr(secrets, name)
            username = _username(registry_id, name)
            if value:
                set_password = self._backend.set_password
                self._call(partial(set_password, self.service, username, value.reveal()))
            else:
                self._delete_entry(username)
        logger.debug("secrets saved for registry %d in %s", registry_id, self.location)

    def delete(self, registry_id: int) -> None:
        for name in RegistrySecrets.NAMES:
            self._delete_entry(_username(registry_id, name))
        logger.debug("secrets deleted for registry %d", registry_id)

    def _delete_entry(self, username: str) -> None:
        with contextlib.suppress(_MissingEntry):
            self._call(partial(self._backend.delete_password, self.service, username))

    def _call(self, call: Callable[[], T]) -> T:
        """One keyring call, with its errors turned into the app's (never with a secret)."""
        try:
            return _bounded(call, self._call_timeout)
        except _NoAnswer:
            raise KeyringLocked(details="the keyring did not answer in time") from None
        except keyring.errors.PasswordDeleteError:
            raise _MissingEntry() from None
        except keyring.errors.KeyringLocked as error:
            raise KeyringLocked(details=type(error).__name__) from None
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable(
                "The keyring refused the request.", details=f"{type(error).__name__}: {error}"
            ) from None

    def _probe(self, backend: KeyringBackend, timeout: float) -> KeyringBackend:
        """The backend itself when it answers; else an in-memory store, with the reason."""
        if isinstance(backend, MemoryKeyring):
            return backend
        if isinstance(backend, fail.Keyring):
            return self._fall_back("no keyring backend is installed or running")

        try:
            _bounded(lambda: backend.get_password(self.service, _PROBE_USERNAME), timeout)
        except _NoAnswer:
            return self._fall_back(f"the keyring did not answer within {timeout:g} s")
        except keyring.errors.KeyringLocked:
            return self._fall_back("the keyring is locked")
        except Exception as error:
            return self._fall_back(f"the keyring failed: {type(error).__name__}")
        logger.info("secrets are kept in %s", _location_of(backend))
        return backend

    def _fall_back(self, reason: str) -> KeyringBackend:
        self.fallback_reason = reason
        logger.warning("secrets are kept in memory for this run only: %s", reason)
        return MemoryKeyring()


class _MissingEntry(Exception):
    """Deleting an entry that does not exist; not an error for ``save``/``delete``."""


def _location_of(backend: KeyringBackend) -> str:
    if isinstance(backend, MemoryKeyring):
        return MEMORY_LOCATION
    module = type(backend).__module__
    return _LOCATIONS.get(module, str(getattr(backend, "name", module)))


def _username(registry_id: int, name: str) -> str:
    return f"registry-{registry_id}-{name}"
