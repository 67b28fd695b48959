"""Builds the client for a registry entry, by kind."""

from __future__ import annotations

from imagedesk.domain.models import Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import RegistryClient


def make_client(
    registry: Registry, secrets: RegistrySecrets, settings: Settings
) -> RegistryClient:
    """Return a new client for ``registry``; callers keep one per registry for its caches."""
    if registry.kind is RegistryKind.ECR:
        from imagedesk.registry.ecr.client import EcrClient

        return EcrClient(registry, secrets, settings)

    from imagedesk.registry.generic.client import GenericClient

    return GenericClient(registry, secrets)
