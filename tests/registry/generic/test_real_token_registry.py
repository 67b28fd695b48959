"""The real docker-registry in ``auth: token`` mode: a 401 Bearer challenge, a token
from a loopback token service, per-scope tokens, and a refused password."""

from __future__ import annotations

import httpx
import pytest

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import AuthRefused
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.generic.client import GenericClient
from imagedesk.registry.testing.oci_upload import PushedImage, push_test_image
from imagedesk.registry.testing.registry_server import RegistryServer
from imagedesk.registry.testing.token_server import TokenServer

pytestmark = pytest.mark.registry_server

USERNAME = "desk-admin"  # the pair conftest gives the token service
PASSWORD = "correct horse 42"


def entry(server: RegistryServer) -> Registry:
    return Registry(
        name="token",
        host=server.host,
        kind=RegistryKind.GENERIC,
        auth=AuthMethod.PASSWORD,
        username=USERNAME,
    )


@pytest.fixture(scope="module")
def pushed(token_registry: RegistryServer, token_service: TokenServer) -> PushedImage:
    token = token_service.issue(["repository:ci/builder:pull,push"])
    with httpx.Client(timeout=10, headers={"Authorization": f"Bearer {token}"}) as http:
        return push_test_image(http, token_registry.base_url, "ci/builder", ["2024.1"])


def test_the_registry_answers_401_with_a_bearer_challenge(
    token_registry: RegistryServer, token_service: TokenServer
) -> None:
    response = httpx.get(f"{token_registry.base_url}/v2/", timeout=10)

    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert f'realm="{token_service.realm}"' in challenge


def test_the_client_logs_in_and_lists_with_tokens(
    token_registry: RegistryServer, token_service: TokenServer, pushed: PushedImage
) -> None:
    secrets = RegistrySecrets(secret=Secret(PASSWORD))
    with GenericClient(entry(token_registry), secrets) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        images = [i for page in client.iter_image_pages("ci/builder", CancelToken()) for i in page]

    assert report.ok, report.summary
    assert report.steps[2].message == f"Logged in as {USERNAME} (bearer authentication)."
    assert report.steps[3].message == "1 repository listed."
    assert report.steps[4].message == "ci/builder: 1 tag."
    assert [(image.digest, image.tags) for image in images] == [(pushed.digest, ("2024.1",))]
    assert "registry:catalog:*" in token_service.issued_scopes
    assert "repository:ci/builder:pull" in token_service.issued_scopes


def test_a_wrong_password_is_refused_and_nothing_is_listed(
    token_registry: RegistryServer, pushed: PushedImage
) -> None:
    secrets = RegistrySecrets(secret=Secret("guess"))
    with GenericClient(entry(token_registry), secrets) as client:
        report = client.test_connection(lambda step: None, CancelToken())
        with pytest.raises(AuthRefused, match="refused the credentials"):
            client.list_tags("ci/builder", CancelToken())

    failed = report.failed_step
    assert failed is not None and failed.key == "authenticate"
    assert "refused the credentials" in failed.message
