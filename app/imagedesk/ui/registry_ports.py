"""What the registry dialogs and pages need from the application context.

These protocols describe the catalog and secret store calls the registry UI
makes, so ``AppContext`` (``ui/context.py``) is typed against exactly what is
used and tests can hand in small fakes. The real store objects satisfy them
structurally.
"""

from __future__ import annotations

from typing import Protocol

from imagedesk.domain.models import Image, Registry, Settings, TestResult
from imagedesk.domain.secret import RegistrySecrets


class CatalogPort(Protocol):
    """The catalog calls the registry UI makes (quick local SQLite, UI thread)."""

    def list_registries(self) -> list[Registry]: ...

    def get_registry(self, registry_id: int) -> Registry: ...

    def find_registry(self, name: str) -> Registry | None: ...

    def add_registry(self, registry: Registry) -> Registry: ...

    def update_registry(self, registry: Registry) -> Registry: ...

    def delete_registry(self, registry_id: int) -> None: ...

    def record_test(self, registry_id: int, result: TestResult) -> None: ...

    def list_images(self) -> list[Image]: ...

    def load_settings(self) -> Settings: ...

    def save_settings(self, settings: Settings) -> None: ...


class SecretStorePort(Protocol):
    """The keyring behind the app; every call may block, so it runs on the worker."""

    @property
    def persistent(self) -> bool: ...

    @property
    def location(self) -> str: ...

    def load(self, registry_id: int) -> RegistrySecrets: ...

    def save(self, registry_id: int, secrets: RegistrySecrets) -> None: ...

    def delete(self, registry_id: int) -> None: ...
