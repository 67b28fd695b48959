"""The diagnostic bundle: versions, settings, registries with their last test, the log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from imagedesk.domain.errors import StoreError
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings, TestResult
from imagedesk.store.catalog import Catalog
from imagedesk.support.diagnostics import (
    BundleOptions,
    gather_diagnostics,
    recent_log_lines,
    save_bundle,
)

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog.open(tmp_path / "catalog.sqlite3")
    opened.save_settings(Settings(ecr_role_auth=True, import_default_registry=False))
    added = opened.add_registry(
        Registry(
            name="Prod ECR",
            host=HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )
    assert added.id is not None
    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    opened.record_test(added.id, TestResult(at=at, ok=False, summary="Access denied."))
    yield opened
    opened.close()


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "imagedesk.log"
    lines = [f"line {number}" for number in range(300)]
    lines.append(f"DEBUG leaked secret {SECRET}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_bundle_names_versions_settings_registries_and_the_last_test(
    catalog: Catalog, log_file: Path
) -> None:
    options = BundleOptions(log_files=[log_file], secrets_location="test keyring")

    text = gather_diagnostics(catalog, options, now=datetime(2024, 5, 2, tzinfo=UTC))

    assert text.startswith("Image Desk diagnostics, 2024-05-02T00:00:00+00:00")
    assert "Image Desk 0.1.0" in text
    assert "boto3 " in text
    assert "ECR IAM Role Authentication: on" in text
    assert "Secrets kept in: test keyring" in text
    assert f"- Prod ECR: Amazon ECR, {HOST}" in text
    assert "last test: failed at 2024-05-01T12:00:00+00:00: Access denied." in text
    assert "line 299" in text


def test_the_bundle_masks_secrets_key_ids_and_known_values(
    catalog: Catalog, log_file: Path
) -> None:
    options = BundleOptions(log_files=[log_file], known_secrets=["Prod ECR"])

    text = gather_diagnostics(catalog, options)

    assert SECRET not in text
    assert "AKIAIOSFODNN7EXAMPLE" not in text
    assert "Prod ECR" not in text
    assert "123456789012" in text


def test_account_ids_are_masked_when_asked(catalog: Catalog) -> None:
    text = gather_diagnostics(catalog, BundleOptions(mask_accounts=True))

    assert "123456789012" not in text
    assert "<account>.dkr.ecr.us-east-1.amazonaws.com" in text


def test_only_the_last_lines_of_the_log_are_taken(log_file: Path) -> None:
    lines = recent_log_lines([log_file], 3)

    assert lines == ["(imagedesk.log)", "line 298", "line 299", f"DEBUG leaked secret {SECRET}"]


def test_a_missing_log_file_is_said_not_raised(tmp_path: Path) -> None:
    assert recent_log_lines([tmp_path / "absent.log"], 10) == ["(no log file)"]


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "bundle.txt"  # a path under a file fails even for root

    with pytest.raises(StoreError) as raised:
        save_bundle("bundle", target)

    assert raised.value.message.startswith(f"The diagnostics could not be saved to {target}.")
    assert "NotADirectoryError" in raised.value.details


def test_saving_writes_the_text(tmp_path: Path) -> None:
    save_bundle("bundle text", tmp_path / "out.txt")

    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "bundle text"
