"""The one object handed to every page and dialog: what the app is working with.

Pages take an :class:`AppContext` instead of reaching for globals, so each page
names its dependencies and tests hand in a context built on a temporary catalog.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from imagedesk.demo.seed_model import DemoSeed
from imagedesk.domain.models import AuditEntry, Image, ImageTag, Settings
from imagedesk.jobs.client_pool import ClientFactory, ClientPool
from imagedesk.jobs.listing_cache import ListingCache
from imagedesk.jobs.registry_jobs import RegistryJobs
from imagedesk.jobs.runner import JobRunner
from imagedesk.registry.factory import make_client
from imagedesk.ui.registry_ports import CatalogPort, SecretStorePort

logger = logging.getLogger(__name__)


class AppCatalog(CatalogPort, Protocol):
    """The catalog calls the whole UI makes: the registry slice plus images, tags, audit."""

    def get_image(self, image_id: int) -> Image: ...

    def add_image(self, image: Image) -> Image: ...

    def update_image(self, image: Image) -> Image: ...

    def delete_image(self, image_id: int) -> None: ...

    def set_image_deprecated(self, image_id: int, deprecated: bool) -> None: ...

    def add_tag(self, image_id: int, tag: ImageTag) -> ImageTag: ...

    def set_default_tag(self, image_id: int, tag: str) -> None: ...

    def deprecate_tag(self, image_id: int, tag: str, deprecated: bool = True) -> None: ...

    def remove_tag(self, image_id: int, tag: str) -> None: ...

    def update_tag_digest(
        self, image_id: int, tag: str, digest: str, pushed_at: datetime | None = None
    ) -> ImageTag: ...

    def acknowledge_tag_move(self, image_id: int, tag: str) -> None: ...

    def list_audit(self, filter_text: str = "") -> list[AuditEntry]: ...

    def batch(self) -> AbstractContextManager[None]:
        """Several changes as one transaction: all of them are kept, or none."""
        ...


class DemoPort(Protocol):
    """What the UI reads from a running demo session."""

    @property
    def endpoint_url(self) -> str: ...

    @property
    def seed(self) -> DemoSeed: ...

    def stop(self) -> None: ...


class AppEvents(QObject):
    """Catalog changes that more than one page cares about."""

    registries_changed = Signal()
    images_changed = Signal()
    settings_changed = Signal()


@dataclass
class AppContext:
    catalog: AppCatalog
    secrets: SecretStorePort
    jobs: JobRunner
    settings: Settings
    demo: DemoPort | None = None
    # Endpoint given to new ECR registries: the demo's embedded AWS in demo mode.
    default_endpoint_url: str | None = None
    client_factory: ClientFactory = make_client
    events: AppEvents = field(default_factory=AppEvents)
    # Listings (streamed, cached for the session), tag checks and connection tests.
    registry_jobs: RegistryJobs = field(init=False)

    def __post_init__(self) -> None:
        pool = ClientPool(self.client_factory, self.secrets.load, self._current_settings)
        self.registry_jobs = RegistryJobs(
            self.jobs, pool, ListingCache(), self.client_factory, self._current_settings
        )

    @classmethod
    def build(
        cls,
        catalog: AppCatalog,
        secrets: SecretStorePort,
        *,
        loop: asyncio.AbstractEventLoop | None = None,
        demo: DemoPort | None = None,
        client_factory: ClientFactory = make_client,
    ) -> AppContext:
        """A context around ``catalog`` with a new job runner on ``loop``."""
        return cls(
            catalog=catalog,
            secrets=secrets,
            jobs=JobRunner(loop),
            settings=catalog.load_settings(),
            demo=demo,
            default_endpoint_url=demo.endpoint_url if demo is not None else None,
            client_factory=client_factory,
        )

    def save_settings(self, settings: Settings) -> None:
        """Store new admin switches; clients are rebuilt so they take effect at once."""
        self.catalog.save_settings(settings)
        self.settings = settings
        self.registry_jobs.invalidate_all()
        self.events.settings_changed.emit()

    def registry_saved(self, registry_id: int) -> None:
        """Call after adding, editing or deleting a registry (or its secret)."""
        self.registry_jobs.invalidate(registry_id)
        self.events.registries_changed.emit()

    def images_saved(self) -> None:
        self.events.images_changed.emit()

    def _current_settings(self) -> Settings:
        return self.settings
