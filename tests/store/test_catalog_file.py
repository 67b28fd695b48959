"""The catalog file: migrations, backups, newer versions, foreign files and crashes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imagedesk.domain.errors import CatalogNotSqlite, CatalogTooNew
from imagedesk.store import schema
from imagedesk.store.catalog import Catalog

from .conftest import ECR_HOST


def build_old_catalog(path: Path, version: int) -> None:
    """A catalog as an older Image Desk left it: the first ``version`` migrations only."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO registries (name, name_key, host, kind, auth, username) "
        "VALUES ('prod', 'prod', ?, 'ecr', 'keys', 'AKIAEXAMPLE')",
        (ECR_HOST,),
    )
    conn.execute(
        "INSERT INTO images (registry_id, repository, default_tag, cpu_cores, memory_gb, "
        "disk_gb, imported_at) VALUES (1, 'team-a/api', 'latest', 1, 2, 10, "
        "'2024-05-01T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO tags (image_id, name, digest) VALUES (1, 'latest', 'sha256:ab')")
    conn.close()


def test_fresh_catalog_is_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    Catalog.open(path).close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_old_catalog_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    build_old_catalog(path, version=1)

    catalog = Catalog.open(path)

    [image] = catalog.list_images()
    assert (image.repository, image.tags[0].digest, image.tags[0].moved) == (
        "team-a/api",
        "sha256:ab",
        False,
    )
    assert catalog.list_audit() == []
    assert catalog.backup_path is not None
    catalog.close()

    backup = sqlite3.connect(catalog.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT repository FROM images").fetchall() == [("team-a/api",)]
    backup.close()


def test_current_catalog_is_not_backed_up_again(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    Catalog.open(path).close()
    reopened = Catalog.open(path)
    assert reopened.backup_path is None
    reopened.close()
    assert sorted(p.name for p in tmp_path.glob("*.bak")) == []


def test_catalog_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    Catalog.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = path.read_bytes()

    with pytest.raises(CatalogTooNew) as raised:
        Catalog.open(path)

    assert "newer version" in raised.value.message
    assert path.read_bytes() == before


def test_file_that_is_not_sqlite_is_said_so_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 20)

    with pytest.raises(CatalogNotSqlite) as raised:
        Catalog.open(path)
    assert raised.value.path == str(path)

    aside = Catalog.start_new(path)
    fresh = Catalog.open(path)
    assert [registry.host for registry in fresh.list_registries()] == ["docker.io"]
    fresh.close()
    assert aside.read_bytes() == b"these are my notes, not a database\n" * 20


def test_someone_elses_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(CatalogNotSqlite, match="not an Image Desk catalog"):
        Catalog.open(path)
    assert path.read_bytes() == before


# The child imports images with many tags, one transaction each, and stops dead
# (blocked, then SIGKILLed) in the middle of the second one.
_CHILD = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from imagedesk.domain.models import *
    from imagedesk.store.catalog import Catalog

    catalog = Catalog.open(Path(sys.argv[1]))
    registry = catalog.add_registry(Registry(
        name="prod", host="h.example", kind=RegistryKind.GENERIC, auth=AuthMethod.NONE))

    def image(repository):
        tags = tuple(ImageTag(f"v{n}") for n in range(500))
        return Image(registry_id=registry.id, repository=repository, default_tag="v0",
                     resources=Resources(1, 1, 1), tags=tags)

    catalog.add_image(image("first"))
    steps = 0

    def stop_mid_transaction():
        global steps
        if not catalog._conn.in_transaction:
            return 0
        steps += 1
        if steps == 200:
            print("inside", flush=True)
            threading.Event().wait()
        return 0

    catalog._conn.set_progress_handler(stop_mid_transaction, 10)
    catalog.add_image(image("second"))
    print("finished", flush=True)
    """
)


def test_killed_import_leaves_whole_images_or_none(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "app")},
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "inside"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    catalog = Catalog.open(path)
    images = {image.repository: len(image.tags) for image in catalog.list_images()}
    catalog.close()
    assert images == {"first": 500}
