"""Real docker-registry servers on 127.0.0.1, shared per module to keep the suite quick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imagedesk.registry.testing.htpasswd import htpasswd_line
from imagedesk.registry.testing.registry_server import (
    RegistryServer,
    ServerOptions,
    start_registry,
)
from imagedesk.registry.testing.tls import CertificateFiles, make_test_certificates
from imagedesk.registry.testing.token_server import TokenServer

# The same pair as in test_real_registry.py (test folders are not packages).
USERNAME = "desk-admin"
PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def open_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    server = start_registry(tmp_path_factory.mktemp("open-registry"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def basic_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    folder = tmp_path_factory.mktemp("basic-registry")
    htpasswd = folder / "htpasswd"
    htpasswd.write_text(htpasswd_line(USERNAME, PASSWORD))
    server = start_registry(folder, ServerOptions(htpasswd_file=htpasswd))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_test_certificates(tmp_path_factory.mktemp("tls-ca"))


@pytest.fixture(scope="module")
def tls_registry(
    tmp_path_factory: pytest.TempPathFactory, certificates: CertificateFiles
) -> Iterator[RegistryServer]:
    folder: Path = tmp_path_factory.mktemp("tls-registry")
    options = ServerOptions(cert_file=certificates.cert_file, key_file=certificates.key_file)
    server = start_registry(folder, options)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TokenServer]:
    server = TokenServer(tmp_path_factory.mktemp("token-service"), USERNAME, PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def token_registry(
    tmp_path_factory: pytest.TempPathFactory, token_service: TokenServer
) -> Iterator[RegistryServer]:
    options = ServerOptions(auth_yaml=tuple(token_service.registry_auth_yaml()))
    server = start_registry(tmp_path_factory.mktemp("token-registry"), options)
    yield server
    server.stop()
