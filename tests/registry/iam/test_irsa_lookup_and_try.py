"""Issuer lookup through eks:DescribeCluster, and “Try it” through the ECR client (moto)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import FieldError, NotFound
from imagedesk.domain.irsa import validate_irsa_inputs
from imagedesk.domain.secret import Secret
from imagedesk.registry.iam.admin import AdminCredentials
from imagedesk.registry.iam.lookup import lookup_issuer
from imagedesk.registry.iam.setup import create_oidc_provider, create_role
from imagedesk.registry.iam.try_role import try_role

ACCOUNT = "123456789012"


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def _jwt(claims: dict[str, object]) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'kid': 'x'})}.{part(claims)}.c2lnbmF0dXJl"


def test_lookup_issuer_of_a_cluster(aws: None) -> None:
    eks = boto3.client("eks", region_name="eu-west-1")
    eks.create_cluster(
        name="platform",
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/eks",
        resourcesVpcConfig={"subnetIds": []},
    )

    issuer = lookup_issuer(" platform ", "eu-west-1", AdminCredentials())

    assert issuer.startswith("https://oidc.eks.eu-west-1.amazonaws.com/id/")
    assert validate_irsa_inputs(account_id=ACCOUNT, issuer=issuer).region == "eu-west-1"


def test_lookup_of_an_unknown_cluster_names_it(aws: None) -> None:
    with pytest.raises(NotFound) as caught:
        lookup_issuer("ghost", "eu-west-1", AdminCredentials())
    assert caught.value.message == (
        "There is no EKS cluster named ghost in eu-west-1. Check the name and region."
    )


def test_lookup_refuses_bad_input_at_the_fields() -> None:
    with pytest.raises(FieldError) as caught:
        lookup_issuer("bad name", "eu-west-1", AdminCredentials())
    assert caught.value.field == "cluster_name"
    with pytest.raises(FieldError) as caught:
        lookup_issuer("ok", "", AdminCredentials())
    assert caught.value.field == "region"


def test_try_it_assumes_the_role_and_runs_the_ecr_steps(aws: None) -> None:
    inputs = validate_irsa_inputs(
        account_id=ACCOUNT,
        issuer="https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        role_name="imagedesk-ecr",
    )
    create_oidc_provider(inputs, AdminCredentials())
    create_role(inputs, AdminCredentials())
    boto3.client("ecr", region_name="eu-west-1").create_repository(repositoryName="base")
    token = _jwt({"sub": inputs.subject, "aud": "sts.amazonaws.com", "iss": inputs.issuer_url})
    live: list[StepResult] = []

    report = try_role(inputs, inputs.role_arn, token=Secret(token), on_step=live.append)

    assert report.ok, report.summary
    assert report.steps[0].key == "parse_host"
    assert {"credentials", "identity", "token"} <= {step.key for step in report.steps}
    assert "imagedesk-ecr" in report.identity_arn
    assert any(step.state is StepState.RUNNING for step in live)


def test_try_it_refuses_a_token_that_is_no_jwt(aws: None) -> None:
    inputs = validate_irsa_inputs(
        account_id=ACCOUNT, issuer="https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"
    )

    report = try_role(inputs, f"arn:aws:iam::{ACCOUNT}:role/r", token=Secret("garbage"))

    assert not report.ok
    assert "not a web identity token" in report.summary


def test_try_it_needs_a_token() -> None:
    inputs = validate_irsa_inputs(
        account_id=ACCOUNT, issuer="https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"
    )
    with pytest.raises(FieldError) as caught:
        try_role(inputs, f"arn:aws:iam::{ACCOUNT}:role/r")
    assert caught.value.field == "web_identity_token"
