"""How a scoped registry's repositories are listed (issue 10), through botocore's
Stubber: names are described by name, a prefix is expanded by listing the whole
registry when the keys may list, and is left unexpanded when they may not."""

from __future__ import annotations

from botocore.stub import Stubber

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr.client import EcrClient

ACCOUNT = "123456789012"
HOST = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
DENIED = (
    f"User: arn:aws:iam::{ACCOUNT}:user/team-a is not authorized to perform: "
    "ecr:DescribeRepositories"
)


def _client(scope: tuple[str, ...]) -> EcrClient:
    registry = Registry(
        name="team-a",
        host=HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username="AKIAIOSFODNN7EXAMPLE",
        scope=scope,
    )
    secrets = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
    return EcrClient(registry, secrets, Settings())


def _page(names: list[str], next_token: str | None = None) -> dict[str, object]:
    page: dict[str, object] = {
        "repositories": [{"repositoryName": n, "repositoryUri": f"{HOST}/{n}"} for n in names]
    }
    if next_token:
        page["nextToken"] = next_token
    return page


def _names(client: EcrClient) -> list[list[str]]:
    return [[repo.name for repo in page] for page in client.iter_repository_pages(CancelToken())]


def test_a_prefix_is_expanded_over_every_page_when_the_keys_may_list() -> None:
    client = _client(("team-a/*",))
    with Stubber(client.ecr()) as ecr:
        ecr.add_response(
            "describe_repositories",
            _page(["team-a/api", "team-b/web", "team-ab/x"], "t1"),
            {"registryId": ACCOUNT, "maxResults": 1000},
        )
        ecr.add_response(
            "describe_repositories",
            _page(["team-c/db", "team-a/worker"]),
            {"registryId": ACCOUNT, "maxResults": 1000, "nextToken": "t1"},
        )

        pages = _names(client)

        ecr.assert_no_pending_responses()
    assert pages == [["team-a/api"], ["team-a/worker"]]


def test_a_prefix_the_keys_may_not_list_yields_nothing_and_raises_nothing() -> None:
    client = _client(("team-a/*",))
    with Stubber(client.ecr()) as ecr:
        ecr.add_client_error("describe_repositories", "AccessDeniedException", DENIED, 400)

        pages = _names(client)

        ecr.assert_no_pending_responses()
    assert pages == []


def test_a_name_under_a_listed_prefix_is_shown_once() -> None:
    client = _client(("team-a/api", "team-a/*"))
    with Stubber(client.ecr()) as ecr:
        ecr.add_response(
            "describe_repositories",
            _page(["team-a/api"]),
            {"registryId": ACCOUNT, "repositoryNames": ["team-a/api"]},
        )
        ecr.add_response(
            "describe_repositories",
            _page(["team-a/api", "team-a/worker", "team-b/web"]),
            {"registryId": ACCOUNT, "maxResults": 1000},
        )

        pages = _names(client)

        ecr.assert_no_pending_responses()
    assert pages == [["team-a/api"], ["team-a/worker"]]


def test_names_are_kept_when_the_prefix_listing_is_denied() -> None:
    client = _client(("team-a/api", "team-b/*"))
    with Stubber(client.ecr()) as ecr:
        ecr.add_response(
            "describe_repositories",
            _page(["team-a/api"]),
            {"registryId": ACCOUNT, "repositoryNames": ["team-a/api"]},
        )
        ecr.add_client_error("describe_repositories", "AccessDeniedException", DENIED, 400)

        pages = _names(client)

        ecr.assert_no_pending_responses()
    assert pages == [["team-a/api"]]
