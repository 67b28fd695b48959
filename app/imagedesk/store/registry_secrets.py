"""Registry changes that touch both the catalog and the keyring, kept in step.

These calls block on the keyring. The app runs the catalog step on the Qt thread
and the keyring step on the background worker; these functions spell out the order
and the rules both must follow, and serve the command line and the tests directly.
"""

from __future__ import annotations

import logging

from imagedesk.domain.models import Registry
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.store.catalog import Catalog
from imagedesk.store.secrets import SecretStore

logger = logging.getLogger(__name__)


def secrets_must_be_cleared(old: Registry, new: Registry, new_secrets_given: bool) -> bool:
    """True when a host changed without the secret being entered again.

    Saved credentials must never be sent to a host they were not entered for.
    """
    return old.host.casefold() != new.host.strip().casefold() and not new_secrets_given


def save_registry_and_secrets(
    catalog: Catalog,
    secrets: SecretStore,
    registry: Registry,
    new_secrets: RegistrySecrets | None = None,
) -> Registry:
    """Add or update a registry; store ``new_secrets`` (None keeps the stored ones).

    A new registry whose secret cannot be stored is removed again, so no entry is
    left without the credentials it was saved with.
    """
    if registry.id is None:
        added = catalog.add_registry(registry)
        added_id = int(added.id or 0)
        if new_secrets is not None:
            try:
                secrets.save(added_id, new_secrets)
            except BaseException:
                catalog.delete_registry(added_id)
                raise
        return added

    old = catalog.get_registry(registry.id)
    saved = catalog.update_registry(registry)
    if new_secrets is not None:
        secrets.save(registry.id, new_secrets)
    elif secrets_must_be_cleared(old, saved, new_secrets_given=False):
        logger.info("host of registry %d changed; its stored secret was cleared", registry.id)
        secrets.delete(registry.id)
    return saved


def delete_registry_and_secrets(catalog: Catalog, secrets: SecretStore, registry_id: int) -> None:
    """Delete the registry (refused while images use it), then its keyring entries."""
    catalog.delete_registry(registry_id)
    secrets.delete(registry_id)
