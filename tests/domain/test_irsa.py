"""Inputs, ARNs and snippets of the IRSA assistant."""

from __future__ import annotations

import json

import pytest

from imagedesk.domain.errors import FieldError, ValidationErrors
from imagedesk.domain.irsa import (
    IrsaInputs,
    ecr_read_policy,
    helm_upgrade_line,
    helm_values_snippet,
    kubectl_lines,
    partition_for_region,
    trust_policy,
    validate_irsa_inputs,
    validate_issuer,
)

ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789"


def _inputs(**overrides: str) -> IrsaInputs:
    fields = {
        "account_id": "123456789012",
        "issuer": f"https://{ISSUER}",
        "role_name": "imagedesk-ecr",
    }
    fields.update(overrides)
    return validate_irsa_inputs(**fields)


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("", "aws"),
    ],
)
def test_partition_follows_region(region: str, partition: str) -> None:
    assert partition_for_region(region) == partition


def test_trust_policy_names_provider_action_sub_and_aud() -> None:
    document = trust_policy(_inputs())

    statement = document["Statement"][0]
    assert statement["Principal"] == {
        "Federated": f"arn:aws:iam::123456789012:oidc-provider/{ISSUER}"
    }
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            f"{ISSUER}:sub": "system:serviceaccount:coder:coder",
            f"{ISSUER}:aud": "sts.amazonaws.com",
        }
    }


def test_china_issuer_gives_aws_cn_in_every_arn() -> None:
    inputs = _inputs(issuer="https://oidc.eks.cn-north-1.amazonaws.com.cn/id/XYZ")

    assert inputs.region == "cn-north-1"
    assert inputs.provider_arn.startswith("arn:aws-cn:iam::123456789012:oidc-provider/")
    assert inputs.role_arn == "arn:aws-cn:iam::123456789012:role/imagedesk-ecr"
    assert inputs.ecr_host == "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"
    policy_text = json.dumps(ecr_read_policy(inputs)) + json.dumps(trust_policy(inputs))
    assert "arn:aws:" not in policy_text
    assert "arn:aws-cn:ecr:*:123456789012:repository/*" in policy_text
    assert "arn:aws-cn:iam::123456789012:role/imagedesk-ecr" in helm_values_snippet(inputs)


def test_issuer_is_normalised() -> None:
    assert validate_issuer(f"  HTTPS://{ISSUER}/ ") == ISSUER.replace("OIDC", "oidc")
    assert validate_issuer(ISSUER) == ISSUER


@pytest.mark.parametrize(
    "issuer",
    [
        "",
        f"http://{ISSUER}",
        "https://oidc.eks.eu-west-1.amazonaws.com:8443/id/X",
        "https://oidc.eks.eu-west-1.amazonaws.com/id/X?x=1",
        "https://no spaces.example/id",
        "justtext",
    ],
)
def test_bad_issuers_are_refused_at_the_issuer_field(issuer: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_issuer(issuer)
    assert caught.value.field == "issuer"


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_irsa_inputs(
            account_id="12345",
            issuer=f"https://{ISSUER}",
            namespace="Bad_NS",
            service_account="-sa",
            role_name="has space",
            helm_release="x" * 60,
        )
    assert sorted(error.field for error in caught.value.errors) == [
        "account_id",
        "helm_release",
        "namespace",
        "role_name",
        "service_account",
    ]


def test_region_contradicting_the_issuer_is_refused() -> None:
    with pytest.raises(ValidationErrors) as caught:
        _inputs(region="us-east-1")
    assert [error.field for error in caught.value.errors] == ["region"]
    assert "eu-west-1" in caught.value.errors[0].message


def test_blank_namespace_and_service_account_default_to_coder() -> None:
    inputs = _inputs(namespace=" ", service_account="")
    assert inputs.subject == "system:serviceaccount:coder:coder"


def test_ecr_read_policy_grants_login_on_star_and_reads_on_repositories() -> None:
    document = ecr_read_policy(_inputs())

    login, read = document["Statement"]
    assert (login["Action"], login["Resource"]) == ("ecr:GetAuthorizationToken", "*")
    assert read["Resource"] == "arn:aws:ecr:*:123456789012:repository/*"
    assert {"ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage"} <= set(
        read["Action"]
    )
    assert not any(action.endswith("*") for action in read["Action"])


def test_helm_snippets() -> None:
    inputs = _inputs(namespace="dev", helm_release="platform")

    assert helm_values_snippet(inputs) == (
        "coder:\n"
        "  serviceAccount:\n"
        "    annotations:\n"
        "      eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/imagedesk-ecr\n"
    )
    assert helm_upgrade_line(inputs) == (
        "helm upgrade platform coder-v2/coder --namespace dev --reuse-values "
        "--values irsa-values.yaml"
    )


def test_role_arn_placeholder_without_role_name() -> None:
    inputs = _inputs(role_name="")
    assert "role/ROLE_NAME" in helm_values_snippet(inputs)


def test_kubectl_lines_check_annotation_and_list_as_the_service_account() -> None:
    lines = kubectl_lines(_inputs(namespace="dev", service_account="builder"))

    assert (
        "kubectl get serviceaccount builder --namespace dev --output "
        "'jsonpath={.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'"
    ) in lines
    assert '\'--overrides={"apiVersion":"v1","spec":{"serviceAccountName":"builder"}}\'' in lines
    assert "-- ecr describe-repositories --region eu-west-1" in lines
    assert "kubectl create token builder --namespace dev --audience sts.amazonaws.com" in lines
