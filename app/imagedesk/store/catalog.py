"""The catalog: registries, images, tags, admin switches and the audit log, in SQLite.

Threading: a Catalog belongs to the thread that opened it (the Qt thread in the app).
The catalog is a local file and each call takes milliseconds, so the UI calls it
directly; sqlite3's own check refuses use from another thread. Another process (the
``imagedesk export`` command while the window is open) may use the same file: WAL
and a busy timeout let them take turns.

Every public method that changes something runs in one transaction, together with
its audit entries; ``batch()`` groups several such calls into one.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, RegistryInUse, StoreError
from imagedesk.domain.models import (
    AuditEntry,
    AuthMethod,
    Image,
    ImageTag,
    Registry,
    RegistryKind,
    Settings,
    TestResult,
)
from imagedesk.domain.text import counted
from imagedesk.store import audit, images, schema
from imagedesk.store.rows import registry_columns, registry_from_row, to_text

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0
DEFAULT_REGISTRY = Registry(
    name="Docker Hub", host="docker.io", kind=RegistryKind.DOCKER_HUB, auth=AuthMethod.NONE
)


class Catalog:
    """An open catalog file. Create it with :meth:`open`; call :meth:`close` when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.backup_path: Path | None = None  # the copy made before the last migration

    # --- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Catalog:
        """Open (or create) the catalog, migrating it to the current schema.

        Raises CatalogNotSqlite for a file that is not a catalog and CatalogTooNew for one
        from a newer version; neither file is changed.
        """
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            message = f"The catalog {path} could not be opened."
            raise StoreError(message, details=str(error)) from None

        try:
            conn.row_factory = sqlite3.Row
            version = schema.read_version(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            backup_path = schema.migrate(conn, path, version)
        except sqlite3.Error as error:
            conn.close()
            message = f"The catalog {path} could not be opened."
            raise StoreError(message, details=str(error)) from None
        except BaseException:
            conn.close()
            raise

        catalog = cls(conn, path)
        catalog.backup_path = backup_path
        if version == 0:
            catalog.apply_default_registry(catalog.load_settings())
        logger.debug("catalog open: %s (schema %d)", path, schema.LATEST_VERSION)
        return catalog

    @staticmethod
    def start_new(path: Path) -> Path:
        """Move an unreadable catalog aside (never delete it) so a new one can be opened.

        Returns where the old file now is.
        """
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.unreadable-{stamp}")
        shutil.move(path, aside)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                shutil.move(companion, aside.with_name(aside.name + suffix))
        logger.info("unreadable catalog moved aside to %s", aside)
        return aside

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several changes as one transaction: all of them are kept, or none."""
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._conn.in_transaction:
            yield self._conn
            return

        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(details=str(error)) from None
        try:
            yield self._conn
        except sqlite3.Error as error:
            self._conn.execute("ROLLBACK")
            raise StoreError(details=str(error)) from None
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as error:
            # A full disk or a vanished folder fails at COMMIT; nothing of it is kept.
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(
                "The catalog could not be saved (the disk may be full or read-only); "
                "nothing was changed.",
                details=str(error),
            ) from None

    # --- registries ---------------------------------------------------------------

    def list_registries(self) -> list[Registry]:
        rows = self._conn.execute("SELECT * FROM registries ORDER BY name_key").fetchall()
        return [registry_from_row(row) for row in rows]

    def get_registry(self, registry_id: int) -> Registry:
        row = self._conn.execute("SELECT * FROM registries WHERE id = ?", (registry_id,))
        found = row.fetchone()
        if found is None:
            raise StoreError("The registry no longer exists in the catalog.")
        return registry_from_row(found)

    def find_registry(self, name: str) -> Registry | None:
        """The registry of that name, compared trimmed and ignoring case."""
        row = self._conn.execute(
            "SELECT * FROM registries WHERE name_key = ?", (validation.name_key(name),)
        ).fetchone()
        return registry_from_row(row) if row is not None else None

    def add_registry(self, registry: Registry) -> Registry:
        with self._transaction() as conn:
            registry = self._clean_registry(registry)
            columns = registry_columns(registry)
            columns["name_key"] = validation.name_key(registry.name)
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            cursor = conn.execute(
                f"INSERT INTO registries ({names}) VALUES ({marks})", tuple(columns.values())
            )
            audit.record(conn, f'registry "{registry.name}": added', "", _summary(registry))
            return self.get_registry(int(cursor.lastrowid or 0))

    def update_registry(self, registry: Registry) -> Registry:
        """Save an edited registry. A changed host clears the last test result.

        The caller clears the stored secret when the host changed without a new one
        (see ``store.registry_secrets``).
        """
        registry_id = registry.id
        if registry_id is None:
            raise StoreError("Only a registry from the catalog can be edited.")
        with self._transaction() as conn:
            old = self.get_registry(registry_id)
            registry = self._clean_registry(registry)
            columns = registry_columns(registry)
            columns["name_key"] = validation.name_key(registry.name)
            assignments = ", ".join(f"{name} = ?" for name in columns)
            conn.execute(
                f"UPDATE registries SET {assignments} WHERE id = ?",
                (*columns.values(), registry_id),
            )
            if old.host != registry.host:
                conn.execute(
                    "UPDATE registries SET last_test_at = NULL, last_test_ok = NULL, "
                    "last_test_summary = NULL WHERE id = ?",
                    (registry_id,),
                )
            old_columns = registry_columns(old)
            del old_columns["scope"], columns["scope"], columns["name_key"]
            audit.record_changes(conn, f'registry "{old.name}"', old_columns, columns)
            return self.get_registry(registry_id)

    def delete_registry(self, registry_id: int) -> None:
        """Delete a registry; refused with RegistryInUse while images use it."""
        with self._transaction() as conn:
            registry = self.get_registry(registry_id)
            users = images.users_of_registry(conn, registry_id)
            if users:
                used_by = counted(len(users), "image", "images")
                raise RegistryInUse(
                    f'The registry "{registry.name}" is used by {used_by}: '
                    f"{', '.join(users)}. Remove {'it' if len(users) == 1 else 'them'} first.",
                    images=users,
                )
            conn.execute("DELETE FROM registries WHERE id = ?", (registry_id,))
            audit.record(conn, f'registry "{registry.name}": deleted', _summary(registry), "")

    def record_test(self, registry_id: int, result: TestResult) -> None:
        with self._transaction() as conn:
            registry = self.get_registry(registry_id)
            conn.execute(
                "UPDATE registries SET last_test_at = ?, last_test_ok = ?, "
                "last_test_summary = ? WHERE id = ?",
                (to_text(result.at), int(result.ok), result.summary, registry_id),
            )
            outcome = "passed" if result.ok else "failed"
            audit.record(conn, f'registry "{registry.name}": tested', "", outcome)

    def _clean_registry(self, registry: Registry) -> Registry:
        """Check the name and refuse duplicates (name, or host with the same username)."""
        name = validation.registry_name(registry.name)
        host = registry.host.strip()
        if not host:
            raise FieldError("host", "Enter the registry host.")

        for other in self.list_registries():
            if other.id == registry.id:
                continue
            if validation.name_key(other.name) == validation.name_key(name):
                raise FieldError("name", f'A registry named "{other.name}" already exists.')
            same_host = other.host.casefold() == host.casefold()
            same_scope = set(other.scope) == set(registry.scope)
            if same_host and same_scope and other.username == registry.username.strip():
                raise FieldError(
                    "host",
                    f'{host} is already registered as "{other.name}" with the same '
                    "credentials and scope. Use that entry or change it.",
                )
        return replace(registry, name=name, host=host, username=registry.username.strip())

    # --- images and tags ----------------------------------------------------------

    def list_images(self) -> list[Image]:
        return images.list_all(self._conn)

    def get_image(self, image_id: int) -> Image:
        return images.get(self._conn, image_id)

    def add_image(self, image: Image) -> Image:
        """Store an imported image with all its tags, in one transaction."""
        with self._transaction() as conn:
            return images.add(conn, image)

    def update_image(self, image: Image) -> Image:
        with self._transaction() as conn:
            return images.update(conn, image)

    def delete_image(self, image_id: int) -> None:
        with self._transaction() as conn:
            images.delete(conn, image_id)

    def add_tag(self, image_id: int, tag: ImageTag) -> ImageTag:
        with self._transaction() as conn:
            return images.add_tag(conn, image_id, tag)

    def set_default_tag(self, image_id: int, tag: str) -> None:
        with self._transaction() as conn:
            images.set_default_tag(conn, image_id, tag)

    def deprecate_tag(self, image_id: int, tag: str, deprecated: bool = True) -> None:
        with self._transaction() as conn:
            images.deprecate_tag(conn, image_id, tag, deprecated)

    def remove_tag(self, image_id: int, tag: str) -> None:
        with self._transaction() as conn:
            images.remove_tag(conn, image_id, tag)

    def set_image_deprecated(self, image_id: int, deprecated: bool) -> None:
        with self._transaction() as conn:
            images.set_deprecated(conn, image_id, deprecated)

    def update_tag_digest(
        self, image_id: int, tag: str, digest: str, pushed_at: datetime | None = None
    ) -> ImageTag:
        """Record the digest a tag points to now; a moved tag keeps its previous digest."""
        with self._transaction() as conn:
            return images.update_tag_digest(conn, image_id, tag, digest, pushed_at)

    def acknowledge_tag_move(self, image_id: int, tag: str) -> None:
        with self._transaction() as conn:
            images.acknowledge_tag_move(conn, image_id, tag)

    # --- admin switches -----------------------------------------------------------

    def load_settings(self) -> Settings:
        stored = dict(self._conn.execute("SELECT key, value FROM settings").fetchall())
        defaults = Settings()
        return Settings(
            ecr_role_auth=_flag(stored.get("ecr_role_auth"), defaults.ecr_role_auth),
            import_default_registry=_flag(
                stored.get("import_default_registry"), defaults.import_default_registry
            ),
            extra={
                key.removeprefix("extra."): value
                for key, value in stored.items()
                if key.startswith("extra.")
            },
        )

    def save_settings(self, settings: Settings) -> None:
        """Save the switches; turning *Import Default Registry* on or off applies it.

        Turning it off while images use Docker Hub raises RegistryInUse and saves nothing.
        """
        with self._transaction() as conn:
            old = self.load_settings()
            new_values = _settings_values(settings)
            conn.execute("DELETE FROM settings")
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", new_values.items())
            audit.record_changes(conn, "setting", _settings_values(old), dict(new_values))
            if old.import_default_registry != settings.import_default_registry:
                self.apply_default_registry(settings)

    def apply_default_registry(self, settings: Settings) -> None:
        """Add the Docker Hub entry when the switch is on; remove it (if unused) when off."""
        with self._transaction():
            present = [
                registry
                for registry in self.list_registries()
                if registry.kind is RegistryKind.DOCKER_HUB and registry.host == "docker.io"
            ]
            if settings.import_default_registry and not present:
                self.add_registry(DEFAULT_REGISTRY)
            elif not settings.import_default_registry:
                for registry in present:
                    self.delete_registry(int(registry.id or 0))

    # --- audit --------------------------------------------------------------------

    def list_audit(self, filter_text: str = "") -> list[AuditEntry]:
        return audit.entries(self._conn, filter_text)


def _summary(registry: Registry) -> str:
    return f"{registry.display} ({registry.kind.value}, {registry.auth.value})"


def _flag(text: str | None, default: bool) -> bool:
    return default if text is None else text == "1"


def _settings_values(settings: Settings) -> dict[str, object]:
    values: dict[str, object] = {
        "ecr_role_auth": "1" if settings.ecr_role_auth else "0",
        "import_default_registry": "1" if settings.import_default_registry else "0",
    }
    values.update({f"extra.{key}": value for key, value in settings.extra.items()})
    return values
