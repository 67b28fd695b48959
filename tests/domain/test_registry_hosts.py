"""Host rules for the v2 kinds: normalising, loopback, Docker Hub mapping, kind checks."""

from __future__ import annotations

import pytest

from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import RegistryKind
from imagedesk.domain.registry_hosts import (
    api_host,
    docker_hub_repository,
    is_loopback_host,
    split_host_port,
    validate_host_for_kind,
)


def test_a_typed_url_is_stored_as_host_and_port() -> None:
    host = validate_host_for_kind(RegistryKind.GENERIC, "https://registry.example.test:5000/")
    assert host == "registry.example.test:5000"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost:5000", True),
        ("127.0.0.1", True),
        ("127.8.9.1:80", True),
        ("[::1]:5000", True),
        ("registry.localhost", True),
        ("registry.example.test", False),
        ("10.0.0.1:5000", False),
        ("localhost.example.test", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_split_host_port_keeps_ipv6_and_ports() -> None:
    assert split_host_port("[::1]:5000").netloc == "[::1]:5000"
    assert split_host_port("registry.example.test:5000").port == 5000
    assert split_host_port("registry.example.test").port is None


@pytest.mark.parametrize("typed", ["docker.io", "https://index.docker.io/v1/", "DOCKER.IO"])
def test_docker_hub_hosts_are_stored_as_docker_io(typed: str) -> None:
    assert validate_host_for_kind(RegistryKind.DOCKER_HUB, typed) == "docker.io"


def test_docker_hub_api_and_library_names() -> None:
    assert api_host(RegistryKind.DOCKER_HUB, "docker.io") == "registry-1.docker.io"
    assert api_host(RegistryKind.GENERIC, "registry.example.test") == "registry.example.test"
    assert docker_hub_repository("nginx") == "library/nginx"
    assert docker_hub_repository("bitnami/redis") == "bitnami/redis"


def test_acr_kind_validates_the_acr_name() -> None:
    assert validate_host_for_kind(RegistryKind.ACR, "https://MyTeam.azurecr.io/") == (
        "myteam.azurecr.io"
    )
    with pytest.raises(FieldError, match="5 to 50"):
        validate_host_for_kind(RegistryKind.ACR, "abc.azurecr.io")


def test_the_docker_hub_kind_refuses_another_host() -> None:
    with pytest.raises(FieldError, match=r"docker\.io"):
        validate_host_for_kind(RegistryKind.DOCKER_HUB, "registry.example.test")


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("bad_host!" * 12_000, "'" + ("bad_host!" * 7)[:60] + "…' is not a valid host name."),
        (
            "registry.test:" + "9" * 100_000,
            "'" + "9" * 60 + "…' is not a port number (1 to 65535).",
        ),
    ],
)
def test_huge_hosts_and_ports_are_quoted_short(typed: str, quoted: str) -> None:
    with pytest.raises(FieldError) as caught:
        split_host_port(typed)

    assert caught.value.message == quoted
