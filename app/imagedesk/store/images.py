"""Image and tag rows of the catalog. Every function runs inside the caller's transaction."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, StoreError
from imagedesk.domain.models import Image, ImageTag
from imagedesk.store import audit
from imagedesk.store.rows import image_from_row, tag_from_row, to_text

logger = logging.getLogger(__name__)


def label(conn: sqlite3.Connection, image_id: int) -> str:
    """``image "prod: team-a/api"``: how audit entries and messages name an image."""
    row = conn.execute(
        "SELECT r.name, i.repository FROM images i JOIN registries r ON r.id = i.registry_id "
        "WHERE i.id = ?",
        (image_id,),
    ).fetchone()
    if row is None:
        raise StoreError("The image no longer exists in the catalog.")
    return f'image "{row[0]}: {row[1]}"'


def load_tags(conn: sqlite3.Connection, image_id: int) -> tuple[ImageTag, ...]:
    rows = conn.execute(
        "SELECT * FROM tags WHERE image_id = ? ORDER BY rowid", (image_id,)
    ).fetchall()
    return tuple(tag_from_row(row) for row in rows)


def get(conn: sqlite3.Connection, image_id: int) -> Image:
    row = conn.execute("SELECT * FROM images WHERE id = ?", (image_id,)).fetchone()
    if row is None:
        raise StoreError("The image no longer exists in the catalog.")
    return image_from_row(row, load_tags(conn, image_id))


def list_all(conn: sqlite3.Connection) -> list[Image]:
    tags: dict[int, list[ImageTag]] = {}
    for row in conn.execute("SELECT * FROM tags ORDER BY rowid"):
        tags.setdefault(row["image_id"], []).append(tag_from_row(row))

    rows = conn.execute("SELECT * FROM images ORDER BY id").fetchall()
    return [image_from_row(row, tuple(tags.get(row["id"], ()))) for row in rows]


def clean(image: Image) -> Image:
    """The image with every field checked; the default tag is always among its tags."""
    tags = tuple(replace(tag, name=validation.tag_name(tag.name)) for tag in image.tags)
    default_tag = validation.tag_name(image.default_tag)
    if default_tag not in {tag.name for tag in tags}:
        tags = (ImageTag(default_tag), *tags)
    if len({tag.name for tag in tags}) != len(tags):
        raise FieldError("tag", "A tag is listed twice.")

    resources = image.resources
    return replace(
        image,
        repository=validation.repository_name(image.repository),
        default_tag=default_tag,
        description=validation.description(image.description),
        source_url=validation.source_url(image.source_url),
        resources=type(resources)(
            cpu_cores=validation.cpu_cores(resources.cpu_cores),
            memory_gb=validation.memory_gb(resources.memory_gb),
            disk_gb=validation.disk_gb(resources.disk_gb),
        ),
        tags=tags,
    )


def add(conn: sqlite3.Connection, image: Image) -> Image:
    image = clean(image)
    exists = conn.execute(
        "SELECT 1 FROM images WHERE registry_id = ? AND repository = ?",
        (image.registry_id, image.repository),
    ).fetchone()
    if exists:
        raise FieldError("repository", f"{image.repository} is already imported from here.")
    registry = conn.execute("SELECT 1 FROM registries WHERE id = ?", (image.registry_id,))
    if registry.fetchone() is None:
        raise FieldError("registry", "The selected registry no longer exists.")

    imported_at = image.imported_at or datetime.now(UTC)
    cursor = conn.execute(
        "INSERT INTO images (registry_id, repository, default_tag, description, source_url, "
        "cpu_cores, memory_gb, disk_gb, imported_at, deprecated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            image.registry_id,
            image.repository,
            image.default_tag,
            image.description,
            image.source_url,
            image.resources.cpu_cores,
            image.resources.memory_gb,
            image.resources.disk_gb,
            to_text(imported_at),
            int(image.deprecated),
        ),
    )
    image_id = int(cursor.lastrowid or 0)
    for tag in image.tags:
        _insert_tag(conn, image_id, tag)

    audit.record(conn, f"{label(conn, image_id)}: imported", "", image.default_tag)
    return get(conn, image_id)


def update(conn: sqlite3.Connection, image: Image) -> Image:
    """Write the editable fields: description, source URL, resources and deprecation."""
    image_id = image.id
    if image_id is None:
        raise StoreError("Only an image from the catalog can be edited.")
    old = get(conn, image_id)
    image = clean(replace(image, default_tag=old.default_tag, tags=old.tags))

    conn.execute(
        "UPDATE images SET description = ?, source_url = ?, cpu_cores = ?, memory_gb = ?, "
        "disk_gb = ?, deprecated = ? WHERE id = ?",
        (
            image.description,
            image.source_url,
            image.resources.cpu_cores,
            image.resources.memory_gb,
            image.resources.disk_gb,
            int(image.deprecated),
            image_id,
        ),
    )
    audit.record_changes(conn, label(conn, image_id), _editable(old), _editable(image))
    return get(conn, image_id)


def delete(conn: sqlite3.Connection, image_id: int) -> None:
    subject = label(conn, image_id)
    conn.execute("DELETE FROM images WHERE id = ?", (image_id,))
    audit.record(conn, f"{subject}: removed")


def add_tag(conn: sqlite3.Connection, image_id: int, tag: ImageTag) -> ImageTag:
    tag = replace(tag, name=validation.tag_name(tag.name))
    if _find_tag(conn, image_id, tag.name) is not None:
        raise FieldError("tag", f"The image already has the tag {tag.name}.")

    _insert_tag(conn, image_id, tag)
    audit.record(conn, f"{label(conn, image_id)}: tag added", "", tag.name)
    return tag


def set_default_tag(conn: sqlite3.Connection, image_id: int, tag_name: str) -> None:
    tag = _require_tag(conn, image_id, tag_name)
    if tag.deprecated:
        raise FieldError("tag", f"{tag_name} is deprecated; it cannot be the default tag.")

    old = get(conn, image_id).default_tag
    conn.execute("UPDATE images SET default_tag = ? WHERE id = ?", (tag_name, image_id))
    audit.record(conn, f"{label(conn, image_id)}: default tag", old, tag_name)


def deprecate_tag(
    conn: sqlite3.Connection, image_id: int, tag_name: str, deprecated: bool
) -> None:
    tag = _require_tag(conn, image_id, tag_name)
    if deprecated:
        _refuse_if_default(conn, image_id, tag_name, "deprecated")

    conn.execute(
        "UPDATE tags SET deprecated = ? WHERE image_id = ? AND name = ?",
        (int(deprecated), image_id, tag_name),
    )
    audit.record(
        conn, f"{label(conn, image_id)}: tag {tag_name} deprecated", tag.deprecated, deprecated
    )


def remove_tag(conn: sqlite3.Connection, image_id: int, tag_name: str) -> None:
    _require_tag(conn, image_id, tag_name)
    _refuse_if_default(conn, image_id, tag_name, "removed")

    conn.execute("DELETE FROM tags WHERE image_id = ? AND name = ?", (image_id, tag_name))
    audit.record(conn, f"{label(conn, image_id)}: tag removed", tag_name, "")


def set_deprecated(conn: sqlite3.Connection, image_id: int, deprecated: bool) -> None:
    old = get(conn, image_id)
    conn.execute("UPDATE images SET deprecated = ? WHERE id = ?", (int(deprecated), image_id))
    audit.record(conn, f"{label(conn, image_id)}: deprecated", old.deprecated, deprecated)


def update_tag_digest(
    conn: sqlite3.Connection,
    image_id: int,
    tag_name: str,
    digest: str,
    pushed_at: datetime | None,
) -> ImageTag:
    """Record where a tag points now; a change of a known digest is kept as "tag moved"."""
    tag = _require_tag(conn, image_id, tag_name)
    if tag.digest == digest:
        return tag

    previous_digest, previous_pushed = tag.previous_digest, tag.previous_pushed_at
    if tag.digest:
        previous_digest, previous_pushed = tag.digest, tag.pushed_at
    conn.execute(
        "UPDATE tags SET digest = ?, pushed_at = ?, previous_digest = ?, previous_pushed_at = ? "
        "WHERE image_id = ? AND name = ?",
        (
            digest,
            to_text(pushed_at),
            previous_digest,
            to_text(previous_pushed),
            image_id,
            tag_name,
        ),
    )
    audit.record(conn, f"{label(conn, image_id)}: tag {tag_name} digest", tag.digest, digest)
    return _require_tag(conn, image_id, tag_name)


def acknowledge_tag_move(conn: sqlite3.Connection, image_id: int, tag_name: str) -> None:
    """Forget the previous digest once the admin has seen that the tag moved."""
    tag = _require_tag(conn, image_id, tag_name)
    conn.execute(
        "UPDATE tags SET previous_digest = '', previous_pushed_at = NULL "
        "WHERE image_id = ? AND name = ?",
        (image_id, tag_name),
    )
    audit.record(
        conn, f"{label(conn, image_id)}: tag {tag_name} move acknowledged", tag.previous_digest
    )


def users_of_registry(conn: sqlite3.Connection, registry_id: int) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT repository FROM images WHERE registry_id = ? ORDER BY repository", (registry_id,)
    ).fetchall()
    return tuple(row[0] for row in rows)


def _insert_tag(conn: sqlite3.Connection, image_id: int, tag: ImageTag) -> None:
    conn.execute(
        "INSERT INTO tags (image_id, name, digest, pushed_at, deprecated, previous_digest, "
        "previous_pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            image_id,
            tag.name,
            tag.digest,
            to_text(tag.pushed_at),
            int(tag.deprecated),
            tag.previous_digest,
            to_text(tag.previous_pushed_at),
        ),
    )


def _find_tag(conn: sqlite3.Connection, image_id: int, tag_name: str) -> ImageTag | None:
    row = conn.execute(
        "SELECT * FROM tags WHERE image_id = ? AND name = ?", (image_id, tag_name)
    ).fetchone()
    return tag_from_row(row) if row is not None else None


def _require_tag(conn: sqlite3.Connection, image_id: int, tag_name: str) -> ImageTag:
    tag = _find_tag(conn, image_id, tag_name)
    if tag is None:
        raise FieldError("tag", f"The image has no tag {tag_name}.")
    return tag


def _refuse_if_default(conn: sqlite3.Connection, image_id: int, tag_name: str, verb: str) -> None:
    if get(conn, image_id).default_tag == tag_name:
        raise FieldError(
            "tag",
            f"{tag_name} is the default tag and cannot be {verb}. "
            "Make another tag the default first.",
        )


def _editable(image: Image) -> dict[str, object]:
    return {
        "description": image.description,
        "source URL": image.source_url,
        "CPU cores": image.resources.cpu_cores,
        "memory GB": image.resources.memory_gb,
        "disk GB": image.resources.disk_gb,
        "deprecated": image.deprecated,
    }
