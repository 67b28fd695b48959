"""Demo registries follow the demo endpoint of this run (defect: a dead stored port)."""

from __future__ import annotations

import pytest

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.catalog import Catalog
from imagedesk.store.demo_endpoints import is_loopback_url, repoint_demo_registries

OLD = "http://127.0.0.1:34857"
NEW = "http://127.0.0.1:41001"
HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def add(catalog: Catalog, name: str, endpoint: str, kind: RegistryKind = RegistryKind.ECR) -> int:
    host = HOST if kind is RegistryKind.ECR else f"{name}.example.test"
    registry = catalog.add_registry(
        Registry(name, host, kind, AuthMethod.NONE, username=name, endpoint_url=endpoint)
    )
    assert registry.id is not None
    return registry.id


def test_loopback_ecr_entries_move_to_the_new_endpoint_and_others_stay(catalog: Catalog) -> None:
    stale = add(catalog, "demo ecr", OLD)
    localhost = add(catalog, "localstack", "http://localhost:4566/")
    aws = add(catalog, "real aws", "")
    remote = add(catalog, "vpc", "https://vpce-0abc.ecr.us-east-1.vpce.amazonaws.com")
    current = add(catalog, "current", NEW)
    generic = add(catalog, "harbor", OLD, RegistryKind.GENERIC)

    moved = repoint_demo_registries(catalog, NEW)

    assert sorted(moved) == ["demo ecr", "localstack"]
    endpoints = {r.id: r.endpoint_url for r in catalog.list_registries()}
    assert endpoints[stale] == NEW
    assert endpoints[localhost] == NEW
    assert endpoints[aws] == ""
    assert endpoints[remote] == "https://vpce-0abc.ecr.us-east-1.vpce.amazonaws.com"
    assert endpoints[current] == NEW
    assert endpoints[generic] == OLD


def test_the_move_is_in_the_audit_log_with_old_and_new_value(catalog: Catalog) -> None:
    add(catalog, "demo ecr", OLD)

    repoint_demo_registries(catalog, NEW)

    entries = catalog.list_audit('registry "demo ecr": endpoint_url')
    assert [(e.old, e.new) for e in entries] == [(OLD, NEW)]


def test_a_second_start_on_the_same_endpoint_changes_nothing(catalog: Catalog) -> None:
    add(catalog, "demo ecr", OLD)
    repoint_demo_registries(catalog, NEW)

    assert repoint_demo_registries(catalog, NEW) == []


def test_a_blank_demo_endpoint_is_a_programming_error(catalog: Catalog) -> None:
    with pytest.raises(ValueError):
        repoint_demo_registries(catalog, " ")


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5000", True),
        ("https://localhost", True),
        ("http://[::1]:4566", True),
        ("http://10.0.0.5:4566", False),
        ("https://api.ecr.us-east-1.amazonaws.com", False),
        ("ftp://127.0.0.1", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_is_loopback_url(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback
