"""A demo run on a kept data folder points its earlier registries at the new endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.catalog import Catalog

pytestmark = pytest.mark.e2e

OLD_ENDPOINT = "http://127.0.0.1:9"


def test_a_demo_restart_repoints_registries_left_on_the_old_demo_port(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    catalog = Catalog.open(data / "catalog.sqlite3")
    catalog.add_registry(
        Registry(
            name="earlier demo",
            host="123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
            endpoint_url=OLD_ENDPOINT,
        )
    )
    catalog.close()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )

    result = subprocess.run(
        [sys.executable, "-m", "imagedesk", "--demo", "--data-dir", str(data), "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    reopened = Catalog.open(data / "catalog.sqlite3")
    try:
        earlier = reopened.find_registry("earlier demo")
    finally:
        reopened.close()
    assert earlier is not None
    assert earlier.endpoint_url.startswith("http://127.0.0.1:")
    assert earlier.endpoint_url != OLD_ENDPOINT
