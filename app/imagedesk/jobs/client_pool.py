"""One registry client per registry id, so per-client caches (ECR tokens) live on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace

from imagedesk.domain.models import Registry, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import RegistryClient

logger = logging.getLogger(__name__)

ClientFactory = Callable[[Registry, RegistrySecrets, Settings], RegistryClient]
SecretLoader = Callable[[int], RegistrySecrets]
SettingsProvider = Callable[[], Settings]


class ClientPool:
    """Builds clients lazily on a worker thread (loading secrets touches the keyring).

    A client is rebuilt when the registry record it was made for changed (edited host
    or keys), and :meth:`invalidate` drops it explicitly after an edit or a settings
    change.
    """

    def __init__(
        self,
        factory: ClientFactory,
        load_secrets: SecretLoader,
        settings: SettingsProvider,
    ) -> None:
        self._factory = factory
        self._load_secrets = load_secrets
        self._settings = settings
        self._lock = threading.Lock()
        self._clients: dict[int, tuple[Registry, RegistryClient]] = {}

    def get(self, registry: Registry) -> RegistryClient:
        """Blocking: call from a worker thread only."""
        if registry.id is None:
            raise ValueError("only saved registries have pooled clients")

        with self._lock:
            entry = self._clients.get(registry.id)
        if entry is not None and _same_target(entry[0], registry):
            return entry[1]

        logger.debug("building a client for registry %d (%s)", registry.id, registry.host)
        client = self._factory(registry, self._load_secrets(registry.id), self._settings())
        with self._lock:
            replaced = self._clients.get(registry.id)
            self._clients[registry.id] = (registry, client)
        if replaced is not None:
            close_client(replaced[1])
        return client

    def invalidate(self, registry_id: int) -> None:
        with self._lock:
            entry = self._clients.pop(registry_id, None)
        if entry is not None:
            close_client(entry[1])

    def invalidate_all(self) -> None:
        with self._lock:
            entries = list(self._clients.values())
            self._clients.clear()
        for _, client in entries:
            close_client(client)


def close_client(client: RegistryClient) -> None:
    """Release a client's connections, for the kinds that hold any (the HTTP ones)."""
    close = getattr(client, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # closing must never break the caller's work
            logger.debug("closing a registry client failed", exc_info=True)


def _same_target(old: Registry, new: Registry) -> bool:
    """Same record apart from its last test result (which changes after every test)."""
    return replace(old, last_test=None) == replace(new, last_test=None)
