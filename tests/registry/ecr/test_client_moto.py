"""EcrClient against moto in-process, with IAM access control on."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import boto3
import pytest
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.errors import FieldError, RoleAuthDisabled
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr.client import EcrClient

T = TypeVar("T")
HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 7,
            "digest": "sha256:" + "a" * 64,
        },
        "layers": [],
    }
)


def _registry(key_id: str = "", **changes: object) -> Registry:
    fields: dict[str, object] = {
        "name": "prod",
        "host": HOST,
        "kind": RegistryKind.ECR,
        "auth": AuthMethod.KEYS if key_id else AuthMethod.ROLE,
        "username": key_id,
    }
    fields.update(changes)
    return Registry(**fields)  # type: ignore[arg-type]


def _keys_for(iam: object, name: str, actions: list[str]) -> tuple[str, str]:
    iam.create_user(UserName=name)  # type: ignore[attr-defined]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
    }
    iam.put_user_policy(  # type: ignore[attr-defined]
        UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy)
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]  # type: ignore[attr-defined]
    return key["AccessKeyId"], key["SecretAccessKey"]


def _seed() -> dict[str, tuple[str, str]]:
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.create_repository(repositoryName="team-a/api")
    ecr.create_repository(repositoryName="platform/base")
    ecr.put_image(repositoryName="team-a/api", imageManifest=MANIFEST, imageTag="v1")
    ecr.put_image(repositoryName="team-a/api", imageManifest=MANIFEST, imageTag="latest")
    ecr.put_image(repositoryName="platform/base", imageManifest=MANIFEST, imageTag="1.0")
    iam = boto3.client("iam", region_name="us-east-1")
    read = ["ecr:DescribeRepositories", "ecr:DescribeImages"]
    token = ["sts:GetCallerIdentity", "ecr:GetAuthorizationToken"]
    return {
        "reader": _keys_for(iam, "reader", token + read),
        "token_only": _keys_for(iam, "token_only", token),
        "no_ecr": _keys_for(iam, "no_ecr", ["sts:GetCallerIdentity"]),
    }


def _guarded(call: Callable[[], T]) -> T:
    """Run ``call`` with moto's IAM access control on from its first request."""
    return set_initial_no_auth_action_count(0)(call)()


@pytest.fixture
def seeded() -> Iterator[dict[str, tuple[str, str]]]:
    """Users: reader (ECR read), token_only, no_ecr; seeded before access control."""
    with mock_aws():
        yield _seed()


def _client(keys: tuple[str, str], **changes: object) -> EcrClient:
    secrets = RegistrySecrets(secret=Secret(keys[1] + "\n"))
    return EcrClient(_registry(keys[0] + " ", **changes), secrets, Settings())


def _run(client: EcrClient) -> tuple[DiagnosisReport, list[StepResult]]:
    seen: list[StepResult] = []
    report = _guarded(lambda: client.test_connection(seen.append, CancelToken()))
    return report, seen


def test_reader_passes_every_step(seeded: dict[str, tuple[str, str]]) -> None:
    report, seen = _run(_client(seeded["reader"]))

    assert report.ok, report.summary
    assert [step.key for step in report.steps] == [
        "parse_host",
        "credentials",
        "identity",
        "token",
        "list",
        "images",
    ]
    assert report.identity_arn == "arn:aws:iam::123456789012:user/reader"
    assert report.credential_source == "keys"
    assert [s.state for s in seen[:2]] == [StepState.RUNNING, StepState.PASSED]
    assert "2 repositories visible" in report.steps[4].message


def test_moto_expired_token_is_used_once_and_not_cached(
    seeded: dict[str, tuple[str, str]],
) -> None:
    client = _client(seeded["reader"])
    token = client.get_token(CancelToken())
    assert token.username == "AWS"
    state = client.token_state()
    assert state.expires_at is not None and state.expires_at.year == 2015
    assert state.next_refresh is None
    assert client._tokens.get(HOST) is None


def test_listing_repositories_and_images(seeded: dict[str, tuple[str, str]]) -> None:
    client = _client(seeded["reader"])
    names = sorted(
        repo.name for page in client.iter_repository_pages(CancelToken()) for repo in page
    )
    assert names == ["platform/base", "team-a/api"]

    images = [
        image for page in client.iter_image_pages("team-a/api", CancelToken()) for image in page
    ]
    assert len(images) == 1
    assert images[0].tags == ("latest", "v1")
    assert client.list_tags("team-a/api", CancelToken()) == ["latest", "v1"]


def test_unknown_key_is_refused(seeded: dict[str, tuple[str, str]]) -> None:
    report, _ = _run(_client(("AKIAIOSFODNN7EXAMPLE", seeded["reader"][1])))
    assert not report.ok
    assert report.failed_step is not None and report.failed_step.key == "identity"
    assert "does not recognise this Access Key ID" in report.summary


def test_wrong_secret_is_refused(seeded: dict[str, tuple[str, str]]) -> None:
    report, _ = _run(_client((seeded["reader"][0], "x" * 40)))
    assert report.failed_step is not None and report.failed_step.key == "identity"
    assert "refused the Secret Access Key" in report.summary
    assert "x" * 40 not in report.failed_step.details


def test_token_only_keys_name_the_listing_permission(
    seeded: dict[str, tuple[str, str]],
) -> None:
    report, _ = _run(_client(seeded["token_only"]))
    failed = report.failed_step
    assert failed is not None and failed.key == "list"
    assert failed.message.startswith(
        "Authenticated, but not allowed to list repositories (needs ecr:DescribeRepositories)"
    )


def test_keys_without_ecr_name_the_token_permission(seeded: dict[str, tuple[str, str]]) -> None:
    report, _ = _run(_client(seeded["no_ecr"]))
    failed = report.failed_step
    assert failed is not None and failed.key == "token"
    assert "ecr:GetAuthorizationToken" in failed.message


def test_malformed_key_fails_before_any_call() -> None:
    client = EcrClient(_registry("AKIA123"), RegistrySecrets(secret=Secret("s" * 40)), Settings())
    report, _ = _run(client)
    assert report.failed_step is not None and report.failed_step.key == "credentials"
    assert "20" in report.summary


def test_non_ecr_host_gets_no_credentials() -> None:
    client = EcrClient(
        _registry("AKIAIOSFODNN7EXAMPLE", host=f"{HOST}.evil.com"),
        RegistrySecrets(secret=Secret("s" * 40)),
        Settings(),
    )
    report, _ = _run(client)
    assert [step.key for step in report.steps] == ["parse_host"]
    with pytest.raises(FieldError):
        client.credentials()


def test_blank_keys_refused_while_role_auth_is_off() -> None:
    client = EcrClient(_registry(), RegistrySecrets(), Settings(ecr_role_auth=False))
    with pytest.raises(RoleAuthDisabled) as caught:
        client.credentials()
    assert "ECR IAM Role Authentication" in caught.value.message


def test_garbage_token_file_is_not_a_web_identity_token(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("garbage")
    registry = _registry(
        role_arn="arn:aws:iam::123456789012:role/desk",
        web_identity_token_file=str(token_file),
    )
    client = EcrClient(registry, RegistrySecrets(), Settings(ecr_role_auth=True))
    report, _ = _run(client)
    assert report.failed_step is not None and report.failed_step.key == "credentials"
    assert "not a web identity token" in report.summary


def test_missing_token_file_has_its_own_message(tmp_path: Path) -> None:
    registry = _registry(
        role_arn="arn:aws:iam::123456789012:role/desk",
        web_identity_token_file=str(tmp_path / "absent"),
    )
    client = EcrClient(registry, RegistrySecrets(), Settings(ecr_role_auth=True))
    with pytest.raises(FieldError) as caught:
        client.credentials()
    assert "does not exist" in caught.value.message


def test_blank_keys_on_environment_credentials_warn() -> None:
    # The sandbox fixture sets fake AWS_ACCESS_KEY_ID/SECRET in the environment.
    client = EcrClient(_registry(), RegistrySecrets(), Settings(ecr_role_auth=True))
    resolved = client.credentials()
    assert resolved.source == "environment"
    assert "fell back to environment credentials" in resolved.warning
