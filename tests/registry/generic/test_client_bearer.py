"""GenericClient against a scripted registry (httpx.MockTransport): the Bearer token
flow, catalog paging, a null tag list, a closed catalog and Docker Hub's mapping.

No request leaves the process: the transport answers every URL itself.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field

import httpx
import pytest

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepState
from imagedesk.domain.errors import (
    AuthRefused,
    Cancelled,
    CatalogDisabled,
    FieldError,
    RegistryError,
)
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.generic.client import GenericClient

HOST = "registry.example.test:5000"
REALM = "https://auth.example.test/token"
USER, PASSWORD = "robot", "s3cr3t-p4ss"


@dataclass
class FakeTokenRegistry:
    """A v2 registry behind a token service, with ``repositories`` in its catalog."""

    repositories: list[str] = field(default_factory=list)
    tags: dict[str, list[str] | None] = field(default_factory=dict)
    catalog_status: int = 200
    requests: list[httpx.Request] = field(default_factory=list)
    tokens_issued: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == "auth.example.test":
            return self._token(request)
        assert request.url.host == "registry.example.test"

        scope = _scope_for(request.url.path)
        if request.headers.get("authorization") != f"Bearer token-for:{scope}":
            challenge = f'Bearer realm="{REALM}",service="registry.example.test"'
            if scope:
                challenge += f',scope="{scope}"'
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})

        if request.url.path == "/v2/":
            return httpx.Response(200, json={})
        if request.url.path == "/v2/_catalog":
            return self._catalog(request)
        name = request.url.path.removeprefix("/v2/").removesuffix("/tags/list")
        if name not in self.tags:
            return httpx.Response(404, json={"errors": [{"code": "NAME_UNKNOWN"}]})
        return httpx.Response(200, json={"name": name, "tags": self.tags[name]})

    def _token(self, request: httpx.Request) -> httpx.Response:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if request.headers.get("authorization") != expected:
            return httpx.Response(401, json={"details": "incorrect username or password"})
        scope = request.url.params.get("scope", "")
        self.tokens_issued.append(scope)
        return httpx.Response(200, json={"token": f"token-for:{scope}", "expires_in": 300})

    def _catalog(self, request: httpx.Request) -> httpx.Response:
        if self.catalog_status != 200:
            return httpx.Response(self.catalog_status, json={"errors": [{"code": "DENIED"}]})
        size = int(request.url.params["n"])
        last = request.url.params.get("last", "")
        remaining = [name for name in self.repositories if name > last]
        page = remaining[:size]
        headers = {}
        if len(remaining) > size:
            headers["Link"] = f'</v2/_catalog?last={page[-1]}&n={size}>; rel="next"'
        return httpx.Response(200, json={"repositories": page}, headers=headers)


def _scope_for(path: str) -> str:
    if path == "/v2/":
        return ""
    if path == "/v2/_catalog":
        return "registry:catalog:*"
    name = path.removeprefix("/v2/").split("/tags/", 1)[0].split("/manifests/", 1)[0]
    return f"repository:{name}:pull"


def make_client(
    fake: FakeTokenRegistry,
    *,
    password: str = PASSWORD,
    kind: RegistryKind = RegistryKind.GENERIC,
    host: str = HOST,
) -> GenericClient:
    registry = Registry(name="fake", host=host, kind=kind, auth=AuthMethod.PASSWORD, username=USER)
    secrets = RegistrySecrets(secret=Secret(password))
    return GenericClient(registry, secrets, transport=httpx.MockTransport(fake))


def test_a_bearer_challenge_is_answered_with_a_token_for_the_scope() -> None:
    fake = FakeTokenRegistry(repositories=["a/one", "b/two"])
    with make_client(fake) as client:
        first = list(client.iter_repository_pages(CancelToken()))
        second = list(client.iter_repository_pages(CancelToken()))

    assert first == second
    assert [repo.name for repo in first[0]] == ["a/one", "b/two"]
    assert first[0][0].uri == f"{HOST}/a/one"
    # One token for the catalog scope, fetched once and then served from the cache.
    assert fake.tokens_issued == ["registry:catalog:*"]
    token_request = next(r for r in fake.requests if r.url.host == "auth.example.test")
    assert token_request.url.params["service"] == "registry.example.test"
    assert token_request.url.params["account"] == USER
    assert all(r.url.scheme == "https" for r in fake.requests)


def test_250_repositories_arrive_in_pages_of_100() -> None:
    names = [f"team/repo-{number:03d}" for number in range(250)]
    fake = FakeTokenRegistry(repositories=names)
    with make_client(fake) as client:
        pages = list(client.iter_repository_pages(CancelToken()))

    assert [len(page) for page in pages] == [100, 100, 50]
    assert [repo.name for page in pages for repo in page] == names
    catalog_calls = [r for r in fake.requests if r.url.path == "/v2/_catalog"]
    assert {r.url.params["n"] for r in catalog_calls} == {"100"}


def test_a_null_tag_list_means_no_tags() -> None:
    fake = FakeTokenRegistry(tags={"team/empty": None, "team/app": ["v2", "v1"]})
    with make_client(fake) as client:
        assert client.list_tags("team/empty", CancelToken()) == []
        assert client.list_tags("team/app", CancelToken()) == ["v1", "v2"]

    assert fake.tokens_issued == ["repository:team/empty:pull", "repository:team/app:pull"]


def test_a_wrong_password_is_refused_by_the_token_service() -> None:
    fake = FakeTokenRegistry(repositories=["a"])
    with make_client(fake, password="not it") as client:
        report = client.test_connection(lambda step: None, CancelToken())
        with pytest.raises(AuthRefused, match="refused the credentials"):
            list(client.iter_repository_pages(CancelToken()))

    failed = report.failed_step
    assert failed is not None and failed.key == "authenticate"
    assert "The registry refused the credentials" in failed.message
    assert "not it" not in failed.details


def test_connection_test_with_tokens_passes_and_lists_one_repository() -> None:
    fake = FakeTokenRegistry(repositories=["team/app"], tags={"team/app": ["v1"]})
    with make_client(fake) as client:
        report = client.test_connection(lambda step: None, CancelToken())

    assert report.ok, report.summary
    assert report.steps[2].message == f"Logged in as {USER} (bearer authentication)."
    assert report.steps[4].message == "team/app: 1 tag."


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_closed_catalog_is_reported_as_disabled(status: int) -> None:
    fake = FakeTokenRegistry(catalog_status=status)
    with make_client(fake) as client:
        with pytest.raises(CatalogDisabled, match="type the"):
            list(client.iter_repository_pages(CancelToken()))
        report = client.test_connection(lambda step: None, CancelToken())

    assert report.ok  # the admin can still type the repository
    assert report.steps[3].state is StepState.WARNING
    assert report.steps[4].state is StepState.SKIPPED


def test_a_next_link_to_another_host_is_refused() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "elsewhere.example.test":
            raise AssertionError("the client followed a link to another host")
        if request.url.path == "/v2/":
            return httpx.Response(200, json={})
        link = '<https://elsewhere.example.test/v2/_catalog?last=a&n=100>; rel="next"'
        return httpx.Response(200, json={"repositories": ["a"]}, headers={"Link": link})

    registry = Registry(name="x", host=HOST, kind=RegistryKind.GENERIC, auth=AuthMethod.NONE)
    with GenericClient(registry, RegistrySecrets(), transport=httpx.MockTransport(answer)) as c:
        pages = c.iter_repository_pages(CancelToken())
        assert [repo.name for repo in next(pages)] == ["a"]
        with pytest.raises(RegistryError, match="another host"):
            next(pages)


def test_a_cancelled_listing_stops_before_the_next_page() -> None:
    fake = FakeTokenRegistry(repositories=[f"r{number:03d}" for number in range(250)])
    cancel = CancelToken()
    with make_client(fake) as client:
        pages = client.iter_repository_pages(cancel)
        assert len(next(pages)) == 100
        cancel.cancel()
        with pytest.raises(Cancelled):
            next(pages)

    assert len([r for r in fake.requests if r.url.path == "/v2/_catalog"]) == 1


def test_credentials_are_never_sent_to_a_plain_http_token_service() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "registry.example.test", "credentials left for the realm"
        challenge = 'Bearer realm="http://auth.example.test/token",service="r"'
        return httpx.Response(401, headers={"WWW-Authenticate": challenge})

    registry = Registry(
        name="x", host=HOST, kind=RegistryKind.GENERIC, auth=AuthMethod.PASSWORD, username=USER
    )
    secrets = RegistrySecrets(secret=Secret(PASSWORD))
    with (
        GenericClient(registry, secrets, transport=httpx.MockTransport(answer)) as client,
        pytest.raises(RegistryError, match="not HTTPS"),
    ):
        list(client.iter_repository_pages(CancelToken()))


def test_the_password_appears_in_no_log_record(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeTokenRegistry(repositories=["a"], tags={"a": ["v1"]})
    with make_client(fake) as client:
        client.test_connection(lambda step: None, CancelToken())

    assert caplog.records  # the flow does log at debug level
    encoded = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    for record in caplog.records:
        text = record.getMessage()
        assert PASSWORD not in text and encoded not in text and "token-for" not in text


# --- Docker Hub: mapped, never contacted ---------------------------------------------------


def test_docker_hub_lists_no_catalog_and_touches_no_network() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"tests never contact Docker Hub: {request.url}")

    registry = Registry(
        name="Docker Hub", host="docker.io", kind=RegistryKind.DOCKER_HUB, auth=AuthMethod.NONE
    )
    with GenericClient(registry, RegistrySecrets(), transport=httpx.MockTransport(refuse)) as c:
        assert c.session.endpoint.base_url == "https://registry-1.docker.io"
        with pytest.raises(CatalogDisabled, match="library/nginx"):
            list(c.iter_repository_pages(CancelToken()))


def test_docker_hub_official_images_live_under_library() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host}{request.url.path}")
        if request.url.path == "/v2/":
            return httpx.Response(200, json={})
        return httpx.Response(200, json={"name": "library/nginx", "tags": ["1.27", "latest"]})

    registry = Registry(
        name="Docker Hub", host="docker.io", kind=RegistryKind.DOCKER_HUB, auth=AuthMethod.NONE
    )
    with GenericClient(registry, RegistrySecrets(), transport=httpx.MockTransport(answer)) as c:
        assert c.list_tags("nginx", CancelToken()) == ["1.27", "latest"]

    assert seen == ["registry-1.docker.io/v2/", "registry-1.docker.io/v2/library/nginx/tags/list"]


def test_a_malformed_repository_name_is_a_field_error_before_any_request() -> None:
    fake = FakeTokenRegistry()
    with make_client(fake) as client, pytest.raises(FieldError) as raised:
        client.list_tags("../etc", CancelToken())

    assert raised.value.field == "repository"
    assert fake.requests == []
