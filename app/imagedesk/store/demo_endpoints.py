"""Moving demo registries to the demo endpoint of this run.

``imagedesk --demo`` serves its embedded AWS on a new port each run, and an ECR
entry added in the demo stores that endpoint. After a restart on the same data
folder the old port is dead; at demo start, entries that point at this computer
are moved to the current endpoint. The catalog's update writes the audit entry
(``registry "NAME": endpoint_url``, old and new value).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol
from urllib.parse import urlsplit

from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import Registry, RegistryKind
from imagedesk.domain.registry_hosts import is_loopback_host

logger = logging.getLogger(__name__)


class EndpointCatalog(Protocol):
    """The two catalog calls this needs (``store.catalog.Catalog`` has them)."""

    def list_registries(self) -> list[Registry]: ...

    def update_registry(self, registry: Registry) -> Registry: ...


def is_loopback_url(url: str) -> bool:
    """True for an http(s) URL whose host is this computer (localhost, 127.x, ::1)."""
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return False
    try:
        return is_loopback_host(hostname)
    except FieldError:
        return False


def repoint_demo_registries(catalog: EndpointCatalog, new_endpoint: str) -> list[str]:
    """Point every ECR entry whose endpoint is a loopback URL at ``new_endpoint``.

    Call only in demo mode, with the demo's own endpoint. Entries on AWS itself
    (blank endpoint) or on another machine's endpoint are left alone. Returns the
    names of the entries changed.
    """
    if not new_endpoint.strip():
        raise ValueError("the demo endpoint is blank")

    moved: list[str] = []
    for registry in catalog.list_registries():
        if not _stale_demo_entry(registry, new_endpoint):
            continue
        catalog.update_registry(replace(registry, endpoint_url=new_endpoint))
        logger.info(
            'registry "%s" moved from %s to the demo endpoint %s',
            registry.name,
            registry.endpoint_url,
            new_endpoint,
        )
        moved.append(registry.name)
    return moved


def _stale_demo_entry(registry: Registry, new_endpoint: str) -> bool:
    endpoint = registry.endpoint_url
    return (
        registry.kind is RegistryKind.ECR
        and bool(endpoint)
        and endpoint.rstrip("/") != new_endpoint.rstrip("/")
        and is_loopback_url(endpoint)
    )
