"""The IRSA verifier against moto's IAM (in-process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.irsa import IrsaInputs, ecr_read_policy, trust_policy, validate_irsa_inputs
from imagedesk.registry.iam.admin import AdminCredentials
from imagedesk.registry.iam.setup import create_oidc_provider, create_role
from imagedesk.registry.iam.verifier import VERIFY_PLAN, verify_irsa

ACCOUNT = "123456789012"  # moto's default account
ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
CHINA_ISSUER = "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/FEDCBA9876543210"
ADMIN = AdminCredentials()  # the sandbox's fake keys, answered by moto


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def _inputs(issuer: str = ISSUER, **overrides: str) -> IrsaInputs:
    fields = {"account_id": ACCOUNT, "issuer": issuer, "role_name": "imagedesk-ecr"}
    fields.update(overrides)
    return validate_irsa_inputs(**fields)


def _iam(inputs: IrsaInputs) -> Any:
    return boto3.client("iam", region_name=inputs.region)


def _provider(inputs: IrsaInputs, audiences: tuple[str, ...] = ("sts.amazonaws.com",)) -> None:
    _iam(inputs).create_open_id_connect_provider(
        Url=inputs.issuer_url, ClientIDList=list(audiences), ThumbprintList=["a" * 40]
    )


def _role(inputs: IrsaInputs, trust: dict[str, Any], permissions: dict[str, Any]) -> None:
    iam = _iam(inputs)
    iam.create_role(RoleName=inputs.role_name, AssumeRolePolicyDocument=json.dumps(trust))
    arn = iam.create_policy(PolicyName="ecr-read", PolicyDocument=json.dumps(permissions))[
        "Policy"
    ]["Arn"]
    iam.attach_role_policy(RoleName=inputs.role_name, PolicyArn=arn)


def _states(steps: list[StepResult]) -> dict[str, StepState]:
    return {step.key: step.state for step in steps}


def _by_key(steps: list[StepResult], key: str) -> StepResult:
    return next(step for step in steps if step.key == key)


def test_everything_right_passes_every_line(aws: None) -> None:
    inputs = _inputs()
    _provider(inputs)
    _role(inputs, trust_policy(inputs), ecr_read_policy(inputs))
    live: list[StepResult] = []

    steps = verify_irsa(inputs, ADMIN, on_step=live.append)

    assert [step.key for step in steps] == [key for key, _title in VERIFY_PLAN]
    assert set(_states(steps).values()) == {StepState.PASSED}
    assert [step.state for step in live][:2] == [StepState.RUNNING, StepState.PASSED]
    assert "ecr-read" in _by_key(steps, "ecr_policy").message


def test_no_oidc_provider(aws: None) -> None:
    inputs = _inputs()
    _role(inputs, trust_policy(inputs), ecr_read_policy(inputs))

    steps = verify_irsa(inputs, ADMIN)

    provider = _by_key(steps, "oidc_provider")
    assert provider.state is StepState.FAILED
    assert "no OIDC provider for oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF" in (
        provider.message
    )
    assert "Create it for me" in provider.message
    assert _states(steps)["trust_sub"] is StepState.PASSED


def test_provider_without_the_sts_audience(aws: None) -> None:
    inputs = _inputs()
    _provider(inputs, audiences=("vault",))

    provider = _by_key(verify_irsa(inputs, ADMIN), "oidc_provider")

    assert provider.state is StepState.FAILED
    assert "--client-id sts.amazonaws.com" in provider.message


def test_sub_for_another_namespace(aws: None) -> None:
    inputs = _inputs()
    wrong = _inputs(namespace="default")
    _provider(inputs)
    _role(inputs, trust_policy(wrong), ecr_read_policy(inputs))

    steps = verify_irsa(inputs, ADMIN)

    sub = _by_key(steps, "trust_sub")
    assert sub.state is StepState.FAILED
    assert "system:serviceaccount:default:coder" in sub.message
    assert "system:serviceaccount:coder:coder" in sub.message
    assert _states(steps)["trust_principal"] is StepState.PASSED


def test_wildcard_under_string_equals(aws: None) -> None:
    inputs = _inputs()
    trust = trust_policy(inputs)
    condition = trust["Statement"][0]["Condition"]["StringEquals"]
    condition[f"{inputs.issuer}:sub"] = "system:serviceaccount:coder:*"
    _provider(inputs)
    _role(inputs, trust, ecr_read_policy(inputs))

    sub = _by_key(verify_irsa(inputs, ADMIN), "trust_sub")

    assert sub.state is StepState.FAILED
    assert "wildcard under StringEquals" in sub.message


def test_wildcard_under_string_like_passes(aws: None) -> None:
    inputs = _inputs()
    trust = trust_policy(inputs)
    condition = trust["Statement"][0]["Condition"]
    condition["StringLike"] = {f"{inputs.issuer}:sub": "system:serviceaccount:coder:*"}
    del condition["StringEquals"][f"{inputs.issuer}:sub"]
    _provider(inputs)
    _role(inputs, trust, ecr_read_policy(inputs))

    assert _by_key(verify_irsa(inputs, ADMIN), "trust_sub").state is StepState.PASSED


def test_missing_describe_repositories(aws: None) -> None:
    inputs = _inputs()
    permissions = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": [
                    "ecr:GetAuthorizationToken",
                    "ecr:DescribeImages",
                    "ecr:BatchGetImage",
                ],
                "Resource": "*",
            }
        ],
    }
    _provider(inputs)
    _role(inputs, trust_policy(inputs), permissions)

    policy = _by_key(verify_irsa(inputs, ADMIN), "ecr_policy")

    assert policy.state is StepState.FAILED
    assert policy.message.startswith("The role's policies do not allow ecr:DescribeRepositories.")


@pytest.mark.parametrize("action", ["ecr:*", "ecr:Describe*", "*"])
def test_wildcard_actions_in_an_inline_policy_count(aws: None, action: str) -> None:
    inputs = _inputs()
    _provider(inputs)
    iam = _iam(inputs)
    iam.create_role(
        RoleName=inputs.role_name, AssumeRolePolicyDocument=json.dumps(trust_policy(inputs))
    )
    statements = [{"Effect": "Allow", "Action": action, "Resource": "*"}]
    if action == "ecr:Describe*":
        statements.append(
            {"Effect": "Allow", "Action": ["ecr:Get*", "ecr:BatchGetImage"], "Resource": "*"}
        )
    iam.put_role_policy(
        RoleName=inputs.role_name,
        PolicyName="inline",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )

    policy = _by_key(verify_irsa(inputs, ADMIN), "ecr_policy")

    assert policy.state is StepState.PASSED
    assert "inline (inline)" in policy.message


def test_missing_role_skips_the_policy_lines(aws: None) -> None:
    inputs = _inputs()
    _provider(inputs)

    states = _states(verify_irsa(inputs, ADMIN))

    assert states["role"] is StepState.FAILED
    assert {states[key] for key in ("trust_sub", "trust_aud", "ecr_policy")} == {StepState.SKIPPED}


def test_china_region_uses_aws_cn_in_every_arn(aws: None) -> None:
    inputs = _inputs(CHINA_ISSUER)
    assert inputs.partition == "aws-cn"
    _provider(inputs)
    _role(inputs, trust_policy(inputs), ecr_read_policy(inputs))

    steps = verify_irsa(inputs, ADMIN)

    assert set(_states(steps).values()) == {StepState.PASSED}
    provider = _by_key(steps, "oidc_provider").details
    assert provider.startswith(f"arn:aws-cn:iam::{ACCOUNT}:oidc-provider/oidc.eks.cn-north-1")
    assert (
        _by_key(steps, "role").message == f"arn:aws-cn:iam::{ACCOUNT}:role/imagedesk-ecr exists."
    )


def test_china_role_in_the_commercial_partition_is_not_found(aws: None) -> None:
    china = _inputs(CHINA_ISSUER)
    commercial = _inputs()
    _provider(commercial)
    _role(commercial, trust_policy(china), ecr_read_policy(china))

    states = _states(verify_irsa(china, ADMIN))

    assert (states["oidc_provider"], states["role"]) == (StepState.FAILED, StepState.FAILED)


def test_create_it_for_me_makes_a_setup_that_verifies(aws: None) -> None:
    inputs = _inputs()

    provider = create_oidc_provider(inputs, ADMIN)
    role = create_role(inputs, ADMIN)

    assert (provider.arn, provider.created) == (inputs.provider_arn, True)
    assert (role.arn, role.created) == (inputs.role_arn, True)
    assert set(_states(verify_irsa(inputs, ADMIN)).values()) == {StepState.PASSED}


def test_create_it_for_me_repairs_a_broken_setup(aws: None) -> None:
    inputs = _inputs()
    # moto 5.2.5 lacks AddClientIDToOpenIDConnectProvider, so the provider is already right.
    _provider(inputs)
    unrelated = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}],
    }
    _role(inputs, trust_policy(_inputs(namespace="default")), unrelated)

    provider = create_oidc_provider(inputs, ADMIN)
    role = create_role(inputs, ADMIN)

    assert (provider.created, role.created) == (False, False)
    assert provider.summary == f"The OIDC provider {inputs.provider_arn} was already right."
    assert set(_states(verify_irsa(inputs, ADMIN)).values()) == {StepState.PASSED}


def test_unknown_profile_is_one_failed_line(aws: None) -> None:
    steps = verify_irsa(_inputs(), AdminCredentials(profile="nobody"))

    assert _by_key(steps, "oidc_provider").state is StepState.FAILED
    assert "profile" in _by_key(steps, "oidc_provider").message
    assert _states(steps)["role"] is StepState.SKIPPED
