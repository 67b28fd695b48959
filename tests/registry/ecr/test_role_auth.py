"""Role authentication: web identity and a named profile with MFA, against moto."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr.client import EcrClient

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
ROLE_ARN = "arn:aws:iam::123456789012:role/desk"


def _jwt() -> str:
    def part(data: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"sub": "system:serviceaccount:coder:coder", "aud": "sts.amazonaws.com"}
    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2ln"


def _registry(**changes: str) -> Registry:
    return Registry(name="role", host=HOST, kind=RegistryKind.ECR, auth=AuthMethod.ROLE, **changes)


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="r1")
        yield


@pytest.mark.usefixtures("aws")
def test_pasted_web_identity_token_assumes_the_role() -> None:
    client = EcrClient(
        _registry(role_arn=ROLE_ARN),
        RegistrySecrets(web_identity_token=Secret(_jwt())),
        Settings(ecr_role_auth=True),
    )

    report = client.test_connection(lambda step: None, CancelToken())

    assert report.ok, report.summary
    assert report.credential_source == "web identity"
    assert report.identity_arn.startswith("arn:aws:sts::123456789012:assumed-role/desk/")
    assert report.warnings == []


@pytest.mark.usefixtures("aws")
def test_token_file_is_read(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(_jwt() + "\n")
    client = EcrClient(
        _registry(role_arn=ROLE_ARN, web_identity_token_file=str(token_file)),
        RegistrySecrets(),
        Settings(ecr_role_auth=True),
    )
    assert client.credentials().source == "web identity"
    assert client.credentials().expires_at is not None


@pytest.mark.usefixtures("aws")
def test_profile_with_mfa_asks_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text(
        "[profile desk]\n"
        f"role_arn = {ROLE_ARN}\n"
        "source_profile = base\n"
        "mfa_serial = arn:aws:iam::123456789012:mfa/admin\n"
        "[profile base]\n"
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "123456"

    client = EcrClient(
        _registry(profile="desk"),
        RegistrySecrets(),
        Settings(ecr_role_auth=True),
        mfa_prompt=answer,
    )
    report = client.test_connection(lambda step: None, CancelToken())
    client.list_tags("r1", CancelToken())

    assert report.ok, report.summary
    assert report.credential_source == "profile"
    assert report.identity_arn.startswith("arn:aws:sts::123456789012:assumed-role/desk/")
    assert len(prompts) == 1 and "arn:aws:iam::123456789012:mfa/admin" in prompts[0]
