"""The catalog's schema: a numbered list of small migrations, applied in order at open.

``PRAGMA user_version`` holds how many migrations a catalog has had, and
``PRAGMA application_id`` marks the file as an Image Desk catalog. A copy of the
file is made before any migration touches an existing catalog.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from imagedesk.domain.errors import CatalogNotSqlite, CatalogTooNew

logger = logging.getLogger(__name__)

APPLICATION_ID = 0x1D35C001  # "ID desk catalog"; lets a foreign SQLite file be told apart

Migration = Callable[[sqlite3.Connection], None]


def _v1_registries_images_tags(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        """CREATE TABLE registries (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            host TEXT NOT NULL,
            kind TEXT NOT NULL,
            auth TEXT NOT NULL,
            username TEXT NOT NULL DEFAULT '',
            role_arn TEXT NOT NULL DEFAULT '',
            web_identity_token_file TEXT NOT NULL DEFAULT '',
            profile TEXT NOT NULL DEFAULT '',
            scope TEXT NOT NULL DEFAULT '[]',
            ca_file TEXT NOT NULL DEFAULT '',
            insecure INTEGER NOT NULL DEFAULT 0,
            endpoint_url TEXT NOT NULL DEFAULT '',
            last_test_at TEXT,
            last_test_ok INTEGER,
            last_test_summary TEXT
        )"""
    )
    conn.execute(
        """CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            registry_id INTEGER NOT NULL REFERENCES registries(id),
            repository TEXT NOT NULL,
            default_tag TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            source_url TEXT NOT NULL DEFAULT '',
            cpu_cores REAL NOT NULL,
            memory_gb REAL NOT NULL,
            disk_gb REAL NOT NULL,
            imported_at TEXT NOT NULL,
            deprecated INTEGER NOT NULL DEFAULT 0,
            UNIQUE (registry_id, repository)
        )"""
    )
    conn.execute(
        """CREATE TABLE tags (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            digest TEXT NOT NULL DEFAULT '',
            pushed_at TEXT,
            deprecated INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (image_id, name)
        )"""
    )
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v2_audit(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            what TEXT NOT NULL,
            old TEXT NOT NULL DEFAULT '',
            new TEXT NOT NULL DEFAULT ''
        )"""
    )


def _v3_tag_moves(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE tags ADD COLUMN previous_digest TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE tags ADD COLUMN previous_pushed_at TEXT")


MIGRATIONS: list[Migration] = [
    _v1_registries_images_tags,
    _v2_audit,
    _v3_tag_moves,
]
LATEST_VERSION = len(MIGRATIONS)


def read_version(conn: sqlite3.Connection, path: Path) -> int:
    """The catalog's schema version; refuses a file that is not an Image Desk catalog."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as error:
        raise CatalogNotSqlite(path=str(path), details=str(error)) from None

    if application_id != APPLICATION_ID and (version != 0 or has_tables):
        raise CatalogNotSqlite(
            f"{path.name} is an SQLite database, but not an Image Desk catalog. "
            "Start a new catalog; the old file is kept beside it.",
            path=str(path),
        )
    if version > LATEST_VERSION:
        raise CatalogTooNew(
            details=f"schema version {version}; this version knows up to {LATEST_VERSION}"
        )
    return version


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the catalog beside itself (SQLite's online backup, safe with WAL)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    logger.info("catalog backed up to %s before migrating", target)
    return target


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> Path | None:
    """Apply the migrations after ``version``, each in its own transaction.

    Returns the backup made first, or None for a new catalog or one already current.
    """
    if version >= LATEST_VERSION:
        return None

    backup_path = backup(conn, path, version) if version > 0 else None
    for number in range(version + 1, LATEST_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.info("catalog migrated to schema version %d", number)
    return backup_path
