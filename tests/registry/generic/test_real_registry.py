"""GenericClient against Debian's real docker-registry: open, Basic auth and TLS."""

from __future__ import annotations

import ssl

import httpx
import pytest

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import AuthRefused, CertificateUntrusted, NotFound
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.generic.client import GenericClient
from imagedesk.registry.generic.manifests import DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST
from imagedesk.registry.testing.oci_upload import (
    PushedImage,
    push_copies,
    push_index,
    push_test_image,
)
from imagedesk.registry.testing.registry_server import RegistryServer
from imagedesk.registry.testing.tls import CertificateFiles

pytestmark = pytest.mark.registry_server

USERNAME = "desk-admin"
PASSWORD = "correct horse 42"


def registry_entry(host: str, *, username: str = "", ca_file: str = "") -> Registry:
    return Registry(
        name="test",
        host=host,
        kind=RegistryKind.GENERIC,
        auth=AuthMethod.PASSWORD if username else AuthMethod.NONE,
        username=username,
        ca_file=ca_file,
    )


def secrets(password: str = "") -> RegistrySecrets:
    return RegistrySecrets(secret=Secret(password) if password else None)


@pytest.fixture(scope="module")
def seeded(open_registry: RegistryServer) -> dict[str, PushedImage]:
    """app: an OCI image tagged v1 and latest, a Docker image v2, an index multi;
    empty: a repository whose only manifest was deleted (its tag list is null)."""
    base = open_registry.base_url
    with httpx.Client(timeout=10) as http:
        oci = push_test_image(http, base, "team/app", ["v1", "latest"], layer=b"one")
        docker = push_test_image(
            http, base, "team/app", ["v2"], layer=b"two!", media_type=DOCKER_MANIFEST
        )
        index = push_index(http, base, "team/app", ["multi"], [oci, docker])
        gone = push_test_image(http, base, "team/empty", ["old"], layer=b"gone")
        deleted = http.delete(f"{base}/v2/team/empty/manifests/{gone.digest}")
        assert deleted.status_code == 202
    return {"oci": oci, "docker": docker, "index": index}


def test_open_registry_lists_repositories_tags_and_images(
    open_registry: RegistryServer, seeded: dict[str, PushedImage]
) -> None:
    with GenericClient(registry_entry(open_registry.host), secrets()) as client:
        pages = list(client.iter_repository_pages(CancelToken()))
        tags = client.list_tags("team/app", CancelToken())
        images = [
            info for page in client.iter_image_pages("team/app", CancelToken()) for info in page
        ]

    assert [repo.name for page in pages for repo in page] == ["team/app", "team/empty"]
    assert tags == ["latest", "multi", "v1", "v2"]

    by_digest = {info.digest: info for info in images}
    assert set(by_digest) == {
        seeded["oci"].digest,
        seeded["docker"].digest,
        seeded["index"].digest,
    }
    oci = by_digest[seeded["oci"].digest]
    assert (oci.tags, oci.media_type, oci.size_bytes) == (
        ("latest", "v1"),
        OCI_MANIFEST,
        seeded["oci"].image_size,
    )
    docker = by_digest[seeded["docker"].digest]
    assert (docker.tags, docker.media_type, docker.size_bytes) == (
        ("v2",),
        DOCKER_MANIFEST,
        seeded["docker"].image_size,
    )
    index = by_digest[seeded["index"].digest]
    assert (index.tags, index.media_type, index.size_bytes) == (("multi",), OCI_INDEX, None)


def test_a_repository_whose_tag_list_is_null_has_no_tags(
    open_registry: RegistryServer, seeded: dict[str, PushedImage]
) -> None:
    with GenericClient(registry_entry(open_registry.host), secrets()) as client:
        assert client.list_tags("team/empty", CancelToken()) == []
        assert list(client.iter_image_pages("team/empty", CancelToken())) == []


def test_an_unknown_repository_is_not_found(open_registry: RegistryServer) -> None:
    with (
        GenericClient(registry_entry(open_registry.host), secrets()) as client,
        pytest.raises(NotFound, match="team/missing was not found"),
    ):
        client.list_tags("team/missing", CancelToken())


def test_connection_test_of_an_open_registry_passes_every_step(
    open_registry: RegistryServer, seeded: dict[str, PushedImage]
) -> None:
    seen: list[StepResult] = []
    with GenericClient(registry_entry(open_registry.host), secrets()) as client:
        report = client.test_connection(seen.append, CancelToken())

    assert report.ok
    assert [(step.key, step.state) for step in report.steps] == [
        ("parse_host", StepState.PASSED),
        ("reach", StepState.PASSED),
        ("authenticate", StepState.PASSED),
        ("list", StepState.PASSED),
        ("tags", StepState.PASSED),
    ]
    assert report.steps[1].message.endswith("plain HTTP.")  # loopback fell back from HTTPS
    assert report.steps[4].message == "team/app: 4 tags."
    assert [step.state for step in seen[:2]] == [StepState.RUNNING, StepState.PASSED]


def test_the_catalog_is_followed_page_by_page_through_link_headers(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from imagedesk.registry.testing.registry_server import start_registry

    server = start_registry(tmp_path_factory.mktemp("many-repos"))
    try:
        with httpx.Client(timeout=10) as http:
            seed = push_test_image(http, server.base_url, "seed", ["v1"])
            names = [f"bulk/repo-{number:03d}" for number in range(24)]
            push_copies(http, server.base_url, seed, names)

        # 250 in pages of 100 is test_client_mock's; the real server gets 25 in pages of 10.
        with GenericClient(registry_entry(server.host), secrets(), page_size=10) as client:
            pages = list(client.iter_repository_pages(CancelToken()))
    finally:
        server.stop()

    assert [len(page) for page in pages] == [10, 10, 5]
    assert [repo.name for page in pages for repo in page] == [*names, "seed"]


# --- htpasswd Basic auth ---------------------------------------------------------------


@pytest.fixture(scope="module")
def basic_seeded(basic_registry: RegistryServer) -> PushedImage:
    with httpx.Client(timeout=10, auth=httpx.BasicAuth(USERNAME, PASSWORD)) as http:
        return push_test_image(http, basic_registry.base_url, "private/tool", ["1.0"])


def test_basic_auth_with_the_right_password_lists_everything(
    basic_registry: RegistryServer, basic_seeded: PushedImage
) -> None:
    entry = registry_entry(basic_registry.host, username=USERNAME)
    with GenericClient(entry, secrets(PASSWORD)) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        repositories = [
            r.name for page in client.iter_repository_pages(CancelToken()) for r in page
        ]
        images = [
            i for page in client.iter_image_pages("private/tool", CancelToken()) for i in page
        ]

    assert report.ok, report.summary
    assert report.steps[2].message == f"Logged in as {USERNAME} (basic authentication)."
    assert repositories == ["private/tool"]
    assert [(image.digest, image.tags) for image in images] == [(basic_seeded.digest, ("1.0",))]


def test_basic_auth_with_a_wrong_password_says_the_credentials_were_refused(
    basic_registry: RegistryServer, basic_seeded: PushedImage
) -> None:
    entry = registry_entry(basic_registry.host, username=USERNAME)
    with GenericClient(entry, secrets("wrong password")) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        with pytest.raises(AuthRefused, match="refused the credentials"):
            list(client.iter_repository_pages(CancelToken()))

    assert not report.ok
    failed = report.failed_step
    assert failed is not None and failed.key == "authenticate"
    assert "refused the credentials" in report.summary
    assert [step.state for step in report.steps[3:]] == [StepState.SKIPPED, StepState.SKIPPED]
    assert "wrong password" not in repr(report)


def test_basic_auth_without_a_password_asks_for_one(basic_registry: RegistryServer) -> None:
    with GenericClient(registry_entry(basic_registry.host), secrets()) as client:
        report = client.test_connection(lambda step: None, CancelToken())

    failed = report.failed_step
    assert failed is not None and failed.key == "authenticate"
    assert failed.message == "The registry asks for a user name and password; fill them in."


# --- TLS from a private CA ---------------------------------------------------------------


def test_a_private_ca_certificate_is_not_trusted_without_its_bundle(
    tls_registry: RegistryServer,
) -> None:
    with GenericClient(registry_entry(tls_registry.host), secrets()) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        with pytest.raises(CertificateUntrusted, match="not trusted"):
            list(client.iter_repository_pages(CancelToken()))

    failed = report.failed_step
    assert failed is not None and failed.key == "reach"
    assert "certificate of 127.0.0.1" in failed.message
    assert "not trusted" in failed.message
    assert "CERTIFICATE_VERIFY_FAILED" in failed.details


def test_the_attached_ca_bundle_makes_the_registry_trusted(
    tls_registry: RegistryServer, certificates: CertificateFiles
) -> None:
    context = ssl.create_default_context(cafile=str(certificates.ca_file))
    with httpx.Client(timeout=10, verify=context) as http:
        pushed = push_test_image(http, tls_registry.base_url, "secure/app", ["v1"])

    entry = registry_entry(tls_registry.host, ca_file=str(certificates.ca_file))
    with GenericClient(entry, secrets()) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        images = [i for page in client.iter_image_pages("secure/app", CancelToken()) for i in page]

    assert report.ok, report.summary
    assert (
        report.steps[1].message == f"{tls_registry.host} answers over HTTPS; certificate trusted."
    )
    assert [image.digest for image in images] == [pushed.digest]
