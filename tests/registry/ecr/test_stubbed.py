"""AWS response shapes moto cannot produce, through botocore's Stubber."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from botocore.stub import ANY, Stubber

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import Cancelled, ClockSkew
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr import listing
from imagedesk.registry.ecr.client import EcrClient

ACCOUNT = "123456789012"
HOST = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
ARN = f"arn:aws:iam::{ACCOUNT}:user/team-a"
DENIED = f"User: {ARN} is not authorized to perform: ecr:DescribeRepositories"
TOKEN = "QVdTOnBhc3N3b3Jk"  # base64("AWS:password")


def _client(scope: tuple[str, ...] = ()) -> EcrClient:
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


@pytest.fixture
def stubbed() -> Iterator[tuple[EcrClient, Stubber, Stubber]]:
    client = _client()
    with Stubber(client.ecr()) as ecr, Stubber(client.sts()) as sts:
        yield client, ecr, sts
        ecr.assert_no_pending_responses()


def _repositories(start: int, count: int) -> list[dict[str, str]]:
    return [
        {"repositoryName": f"repo-{n:05d}", "repositoryUri": f"{HOST}/repo-{n:05d}"}
        for n in range(start, start + count)
    ]


def test_2200_repositories_arrive_in_pages_of_1000_1000_200(
    stubbed: tuple[EcrClient, Stubber, Stubber],
) -> None:
    client, ecr, _ = stubbed
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(0, 1000), "nextToken": "t1"},
        {"registryId": ACCOUNT, "maxResults": 1000},
    )
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(1000, 1000), "nextToken": "t2"},
        {"registryId": ACCOUNT, "maxResults": 1000, "nextToken": "t1"},
    )
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(2000, 200)},
        {"registryId": ACCOUNT, "maxResults": 1000, "nextToken": "t2"},
    )

    pages = list(client.iter_repository_pages(CancelToken()))

    assert [len(page) for page in pages] == [1000, 1000, 200]
    names = {repo.name for page in pages for repo in page}
    assert len(names) == 2200


def test_throttled_listing_resumes_from_the_last_page(
    stubbed: tuple[EcrClient, Stubber, Stubber], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "THROTTLE_BACKOFF_SECONDS", (0.0, 0.0, 0.0))
    client, ecr, _ = stubbed
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(0, 1000), "nextToken": "t1"},
        {"registryId": ACCOUNT, "maxResults": 1000},
    )
    ecr.add_client_error("describe_repositories", "ThrottlingException", "Rate exceeded", 400)
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(1000, 5)},
        {"registryId": ACCOUNT, "maxResults": 1000, "nextToken": "t1"},
    )
    notices: list[str] = []

    pages = list(
        listing.iter_repository_pages(
            client.ecr(), ACCOUNT, CancelToken(), on_retry=notices.append
        )
    )

    assert [len(page) for page in pages] == [1000, 5]
    assert len(notices) == 1 and "retrying" in notices[0]


def test_cancel_between_pages(stubbed: tuple[EcrClient, Stubber, Stubber]) -> None:
    client, ecr, _ = stubbed
    ecr.add_response(
        "describe_repositories",
        {"repositories": _repositories(0, 1000), "nextToken": "t1"},
        {"registryId": ACCOUNT, "maxResults": 1000},
    )
    cancel = CancelToken()
    pages = client.iter_repository_pages(cancel)
    assert len(next(pages)) == 1000
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(pages)


def test_images_one_per_digest_and_untagged(stubbed: tuple[EcrClient, Stubber, Stubber]) -> None:
    client, ecr, _ = stubbed
    pushed = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    ecr.add_response(
        "describe_images",
        {
            "imageDetails": [
                {
                    "imageDigest": "sha256:" + "1" * 64,
                    "imageTags": ["v1", "latest"],
                    "imagePushedAt": pushed,
                    "imageSizeInBytes": 1234,
                    "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
                    "imageScanStatus": {"status": "COMPLETE"},
                },
                {"imageDigest": "sha256:" + "2" * 64},
            ]
        },
        {"registryId": ACCOUNT, "repositoryName": "team-a/api", "maxResults": 1000},
    )

    images = [
        image for page in client.iter_image_pages("team-a/api", CancelToken()) for image in page
    ]

    assert images[0].tags == ("latest", "v1")
    assert (images[0].pushed_at, images[0].size_bytes, images[0].scan_status) == (
        pushed,
        1234,
        "COMPLETE",
    )
    assert images[0].media_type == "application/vnd.oci.image.manifest.v1+json"
    assert images[1].untagged and images[1].tags == ()


def test_signature_expired_is_the_clock_and_keeps_the_keys(
    stubbed: tuple[EcrClient, Stubber, Stubber],
) -> None:
    client, _ecr, sts = stubbed
    sts.add_client_error(
        "get_caller_identity",
        "SignatureDoesNotMatch",
        "Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z",
        403,
    )
    steps: list[StepResult] = []

    report = client.test_connection(steps.append, CancelToken())

    assert report.failed_step is not None and report.failed_step.key == "identity"
    assert "keys are fine" in report.summary
    assert client.credentials().source == "keys"
    with pytest.raises(ClockSkew):
        sts.add_client_error(
            "get_caller_identity", "InvalidSignatureException", "Signature expired: x", 400
        )
        client.caller_identity(CancelToken())


def _scoped_test(scope: tuple[str, ...]) -> tuple[list[StepResult], bool]:
    """The issue-10 shape: token works, unnamed listing denied, named reads allowed
    for team-a/api only."""
    client = _client(scope)
    expires = datetime.now(UTC) + timedelta(hours=12)
    with Stubber(client.ecr()) as ecr, Stubber(client.sts()) as sts:
        sts.add_response(
            "get_caller_identity", {"Arn": ARN, "Account": ACCOUNT, "UserId": "AIDAEXAMPLE"}
        )
        ecr.add_response(
            "get_authorization_token",
            {"authorizationData": [{"authorizationToken": TOKEN, "expiresAt": expires}]},
            {"registryIds": [ACCOUNT]},
        )
        ecr.add_client_error("describe_repositories", "AccessDeniedException", DENIED, 400)
        for name in scope:
            if name == "team-a/api":
                ecr.add_response(
                    "describe_repositories",
                    {"repositories": [{"repositoryName": name}]},
                    {"registryId": ACCOUNT, "repositoryNames": [name]},
                )
                ecr.add_response(
                    "describe_images",
                    {"imageDetails": [{"imageDigest": "sha256:" + "3" * 64}]},
                    {"registryId": ACCOUNT, "repositoryName": name, "maxResults": ANY},
                )
            elif not name.endswith("/*"):
                for action in ("DescribeRepositories", "DescribeImages"):
                    ecr.add_client_error(
                        f"describe_{action[8:].lower()}",
                        "AccessDeniedException",
                        f"User: {ARN} is not authorized to perform: ecr:{action} on "
                        f"resource: arn:aws:ecr:us-east-1:{ACCOUNT}:repository/{name}",
                        400,
                    )
        report = client.test_connection(lambda step: None, CancelToken())
        ecr.assert_no_pending_responses()
    return report.steps, report.ok


def test_scope_of_the_keys_passes_with_the_listing_note() -> None:
    steps, ok = _scoped_test(("team-a/api",))
    assert ok
    listing_step = next(step for step in steps if step.key == "list")
    assert listing_step.state is StepState.WARNING
    assert "can't list the whole registry; add the repositories they are for" in (
        listing_step.message
    )
    scope_step = steps[-1]
    assert (scope_step.key, scope_step.state) == ("scope:team-a/api", StepState.PASSED)


def test_scope_outside_the_keys_names_the_repository() -> None:
    steps, ok = _scoped_test(("team-b/web",))
    assert not ok
    failed = steps[-1]
    assert (failed.key, failed.state) == ("scope:team-b/web", StepState.FAILED)
    assert failed.message == (
        "team-b/web is not readable with these keys (needs ecr:DescribeImages)."
    )


def test_prefix_scope_is_accepted_with_a_note_when_listing_is_denied() -> None:
    steps, ok = _scoped_test(("team-a/*",))
    assert ok
    assert steps[-1].state is StepState.WARNING
    assert "accepted without a check" in steps[-1].message


def test_scoped_registry_lists_only_its_scope() -> None:
    client = _client(("team-a/api",))
    with Stubber(client.ecr()) as ecr:
        ecr.add_response(
            "describe_repositories",
            {"repositories": [{"repositoryName": "team-a/api"}]},
            {"registryId": ACCOUNT, "repositoryNames": ["team-a/api"]},
        )
        pages = list(client.iter_repository_pages(CancelToken()))
    assert [[repo.name for repo in page] for page in pages] == [["team-a/api"]]


def test_token_cache_is_keyed_on_the_configured_host() -> None:
    client = _client()
    expires = datetime.now(UTC) + timedelta(hours=12)
    with Stubber(client.ecr()) as ecr:
        ecr.add_response(
            "get_authorization_token",
            {
                "authorizationData": [
                    {
                        "authorizationToken": TOKEN,
                        "expiresAt": expires,
                        "proxyEndpoint": "https://attacker.example",
                    }
                ]
            },
            {"registryIds": [ACCOUNT]},
        )
        first = client.get_token(CancelToken())
        second = client.get_token(CancelToken())  # no second stubbed call: from the cache
    assert first is second
    assert first.password.reveal() == "password"
    assert client.token_state().next_refresh is not None
    assert client._tokens.get("attacker.example") is None
