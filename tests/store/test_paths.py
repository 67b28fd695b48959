"""Where the catalog and logs live."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagedesk.store.paths import catalog_path, data_dir, log_dir


def test_override_is_used_and_created(tmp_path: Path) -> None:
    folder = data_dir(str(tmp_path / "new" / "place"))
    assert folder == tmp_path / "new" / "place"
    assert folder.is_dir()
    assert catalog_path(folder) == folder / "catalog.sqlite3"


def test_default_follows_the_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert data_dir(None) == tmp_path / "data" / "imagedesk"
    assert log_dir().is_relative_to(tmp_path / "state")
    assert log_dir().is_dir()
