"""Export the catalog to a JSON file and import one back, merging by name.

An import is all or nothing: the file is checked whole before anything is written,
and every addition happens in one transaction. Entries that already exist and match
are left alone; entries that exist and differ are reported as conflicts and the
catalog's version is kept.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, ImportFileInvalid, StoreError
from imagedesk.domain.models import AuthMethod, Image, Registry
from imagedesk.store.catalog import Catalog
from imagedesk.store.export_format import Document, parse, to_json

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    registries: int
    images: int


@dataclass
class ImportReport:
    """What an import did, in words the CLI and the UI show as they are."""

    added_registries: list[str] = field(default_factory=list)
    added_images: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # Registries added without their secret (exports never hold one): enter it again.
    needs_secret: list[str] = field(default_factory=list)
    # Anything else the admin should know, one sentence each (what the import left out).
    notes: list[str] = field(default_factory=list)


def export_catalog(catalog: Catalog, path: Path) -> ExportSummary:
    """Write registries and images (never secrets) to ``path``, replacing it atomically."""
    registries = catalog.list_registries()
    images = catalog.list_images()
    text = to_json(registries, images, datetime.now(UTC))

    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file; choose a file to export to.")

    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise StoreError(
            f"The export could not be written in {path.parent}: {error.strerror}.",
            details=str(error),
        ) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise StoreError(
            f"The export could not be written to {path}: {error.strerror}.", details=str(error)
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("exported %d registries and %d images", len(registries), len(images))
    return ExportSummary(path=path, registries=len(registries), images=len(images))


def read_export(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileInvalid(
            f"{path} could not be read: {error.strerror}.", details=str(error)
        ) from None
    return parse(data)


def import_catalog(catalog: Catalog, path: Path) -> ImportReport:
    """Merge the export at ``path`` into the catalog; nothing changes when it is refused."""
    document = read_export(path)
    report = ImportReport()
    for name in document.dropped_endpoints:
        logger.info("import: dropped the endpoint override of registry %r", name)
        report.notes.append(
            f'Registry "{name}": the file named another AWS endpoint for it; that was '
            "ignored. An endpoint override is a setting of this computer, never imported."
        )
    try:
        with catalog.batch():
            registry_ids = _merge_registries(catalog, document, report)
            _merge_images(catalog, document, registry_ids, report)
    except FieldError as error:
        raise ImportFileInvalid(
            f"The file could not be imported: {error.message} Nothing was imported."
        ) from None
    except StoreError as error:
        raise StoreError(
            f"The import failed and nothing was imported. {error.message}",
            details=error.details,
        ) from None
    return report


def _merge_registries(
    catalog: Catalog, document: Document, report: ImportReport
) -> dict[str, int]:
    """Add the file's new registries; map each usable name key to its catalog id."""
    registry_ids: dict[str, int] = {}
    for registry in document.registries:
        key = validation.name_key(registry.name)
        existing = catalog.find_registry(registry.name)
        if existing is not None:
            if _same_registry(existing, registry):
                registry_ids[key] = int(existing.id or 0)
                report.unchanged.append(f'registry "{existing.name}"')
            else:
                report.conflicts.append(
                    f'Registry "{existing.name}" already exists with other settings; the '
                    "catalog's entry was kept and the file's images from it were skipped."
                )
            continue

        try:
            added = catalog.add_registry(registry)
        except FieldError as error:
            report.conflicts.append(f'Registry "{registry.name}" was skipped: {error.message}')
            continue
        registry_ids[key] = int(added.id or 0)
        report.added_registries.append(added.name)
        if added.auth in (AuthMethod.KEYS, AuthMethod.PASSWORD):
            report.needs_secret.append(added.name)
    return registry_ids


def _merge_images(
    catalog: Catalog, document: Document, registry_ids: dict[str, int], report: ImportReport
) -> None:
    existing = {(image.registry_id, image.repository): image for image in catalog.list_images()}
    for exported in document.images:
        registry_id = registry_ids.get(validation.name_key(exported.registry_name))
        if registry_id is None:
            continue  # its registry was a conflict, already reported
        image = replace(exported.image, registry_id=registry_id)
        label = f"{exported.registry_name}: {image.repository}"

        current = existing.get((registry_id, image.repository))
        if current is None:
            catalog.add_image(image)
            report.added_images.append(label)
        elif _same_image(current, image):
            report.unchanged.append(f'image "{label}"')
        else:
            report.conflicts.append(
                f'Image "{label}" already exists with other settings or tags; '
                "the catalog's version was kept."
            )


def _same_registry(ours: Registry, theirs: Registry) -> bool:
    def essentials(registry: Registry) -> tuple[object, ...]:
        return (
            registry.host.strip().casefold(),
            registry.kind,
            registry.auth,
            registry.username.strip(),
            registry.role_arn,
        )

    return essentials(ours) == essentials(theirs)


def _same_image(ours: Image, theirs: Image) -> bool:
    def essentials(image: Image) -> tuple[object, ...]:
        return (
            image.default_tag,
            image.description.strip(),
            image.source_url.strip(),
            image.resources,
            image.deprecated,
            sorted(tag.name for tag in image.tags) or [image.default_tag],
        )

    return essentials(ours) == essentials(theirs)
