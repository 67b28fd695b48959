"""``imagedesk check`` and ``imagedesk repos`` for generic and Azure registries, against
the real docker-registry on 127.0.0.1 (open, htpasswd, TLS from a test CA)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from imagedesk.cli.check_cmd import PASSWORD_ENV
from imagedesk.cli.main import main
from imagedesk.registry.testing.htpasswd import htpasswd_line
from imagedesk.registry.testing.oci_upload import push_test_image
from imagedesk.registry.testing.registry_server import (
    RegistryServer,
    ServerOptions,
    start_registry,
)
from imagedesk.registry.testing.tls import CertificateFiles, make_test_certificates

pytestmark = pytest.mark.registry_server

USERNAME = "desk-admin"
PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def basic_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryServer]:
    folder = tmp_path_factory.mktemp("basic-registry")
    htpasswd = folder / "htpasswd"
    htpasswd.write_text(htpasswd_line(USERNAME, PASSWORD))
    server = start_registry(folder, ServerOptions(htpasswd_file=htpasswd))
    with httpx.Client(timeout=10, auth=(USERNAME, PASSWORD)) as http:
        for repository in ("team-a/api", "team-b/web"):
            push_test_image(http, server.base_url, repository, ["1.0"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_test_certificates(tmp_path_factory.mktemp("test-ca"))


@pytest.fixture(scope="module")
def tls_server(
    tmp_path_factory: pytest.TempPathFactory, certificates: CertificateFiles
) -> Iterator[RegistryServer]:
    options = ServerOptions(cert_file=certificates.cert_file, key_file=certificates.key_file)
    server = start_registry(tmp_path_factory.mktemp("tls-registry"), options)
    yield server
    server.stop()


def printed_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_check_passes_with_the_password_from_the_environment(
    basic_server: RegistryServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    argv = ["check", "--kind", "generic", "--host", basic_server.host, "--username", USERNAME]

    assert main([*argv, "--json"]) == 0
    report = printed_json(capsys)

    assert report["ok"] is True
    assert report["credential_source"] == "user name and password"
    steps = report["steps"]
    assert isinstance(steps, list)
    assert [step["key"] for step in steps] == [
        "parse_host",
        "reach",
        "authenticate",
        "list",
        "tags",
    ]
    assert PASSWORD not in json.dumps(report)


def test_check_with_a_wrong_password_says_refused_and_exits_non_zero(
    basic_server: RegistryServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    argv = ["check", "--kind", "generic", "--host", basic_server.host, "--username", USERNAME]

    assert main(argv) == 1
    out = capsys.readouterr().out

    assert "[FAILED] Log in" in out
    assert "refused" in out.lower()


def test_repos_lists_the_catalog_as_json_and_as_lines(
    basic_server: RegistryServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    argv = ["repos", "--kind", "generic", "--host", basic_server.host, "--username", USERNAME]

    assert main([*argv, "--json"]) == 0
    assert printed_json(capsys) == {"repositories": ["team-a/api", "team-b/web"]}
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == ["team-a/api", "team-b/web"]


def test_a_private_ca_needs_the_ca_file(
    tls_server: RegistryServer,
    certificates: CertificateFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["check", "--kind", "generic", "--host", f"https://{tls_server.host}/", "--json"]

    assert main(argv) == 1
    untrusted = printed_json(capsys)
    assert main([*argv, "--ca-file", str(certificates.ca_file)]) == 0
    trusted = printed_json(capsys)

    assert "not trusted" in str(untrusted["summary"])
    assert "Attach the CA bundle" in str(untrusted["summary"])
    assert trusted["ok"] is True


def test_an_acr_host_that_is_not_an_acr_name_is_refused_before_any_call(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["check", "--kind", "acr", "--host", "my-team.azurecr.io", "--json"]

    assert main(argv) == 2
    answer = printed_json(capsys)

    assert answer["field"] == "host"
    assert "not an Azure registry name" in str(answer["error"])
