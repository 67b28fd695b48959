"""The seeded IRSA objects: one OIDC provider, one correct role and one broken role."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest
from botocore.parsers import ResponseParserError

from imagedesk.demo.clients import demo_client
from imagedesk.demo.iam_seed import ECR_READ_ACTIONS
from imagedesk.demo.session import DemoSession

ISSUER_HOST_PATH = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
PROVIDER_ARN = f"arn:aws:iam::123456789012:oidc-provider/{ISSUER_HOST_PATH}"


def _admin_iam(demo: DemoSession) -> Any:
    admin = demo.seed.user("admin")
    return demo_client(
        "iam",
        demo.endpoint_url,
        access_key_id=admin.access_key_id,
        secret_access_key=admin.secret_access_key,
    )


def _trust_statement(iam: Any, role_name: str) -> dict[str, Any]:
    document = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    if isinstance(document, str):
        document = json.loads(unquote(document))
    statement: dict[str, Any] = document["Statement"][0]
    return statement


def test_oidc_provider_exists_with_the_sts_audience(demo: DemoSession) -> None:
    iam = _admin_iam(demo)

    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)

    assert demo.seed.oidc_provider_arn == PROVIDER_ARN
    assert demo.seed.oidc_issuer == f"https://{ISSUER_HOST_PATH}"
    assert provider["ClientIDList"] == ["sts.amazonaws.com"]


def test_correct_role_trusts_the_coder_service_account(demo: DemoSession) -> None:
    statement = _trust_statement(_admin_iam(demo), "imagedesk-ecr-reader")

    assert statement == {
        "Effect": "Allow",
        "Principal": {"Federated": PROVIDER_ARN},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{ISSUER_HOST_PATH}:sub": "system:serviceaccount:coder:coder",
                f"{ISSUER_HOST_PATH}:aud": "sts.amazonaws.com",
            }
        },
    }


def test_broken_role_names_the_wrong_service_account(demo: DemoSession) -> None:
    statement = _trust_statement(_admin_iam(demo), "imagedesk-ecr-broken")

    sub = statement["Condition"]["StringEquals"][f"{ISSUER_HOST_PATH}:sub"]
    assert sub == "system:serviceaccount:coder:default"


def test_both_roles_carry_the_ecr_read_policy(demo: DemoSession) -> None:
    iam = _admin_iam(demo)

    for role in demo.seed.roles:
        attached = iam.list_attached_role_policies(RoleName=role.name)["AttachedPolicies"]
        assert [policy["PolicyName"] for policy in attached] == ["imagedesk-ecr-read"]

        policy_arn = attached[0]["PolicyArn"]
        version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
        document = iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)
        statement = document["PolicyVersion"]["Document"]["Statement"][0]
        assert statement["Action"] == list(ECR_READ_ACTIONS)
        assert role.arn == f"arn:aws:iam::123456789012:role/{role.name}"


def test_web_identity_fails_in_moto_while_access_control_is_on(demo: DemoSession) -> None:
    """A known moto 5.2.5 gap, pinned so we notice when it is fixed.

    ``AssumeRoleWithWebIdentity`` is an unsigned call; moto's access control reads
    the missing ``Authorization`` header and answers HTTP 500 with an HTML page,
    which botocore cannot parse. The demo therefore cannot show "Try it" for IRSA.
    """
    sts = demo_client("sts", demo.endpoint_url)

    with pytest.raises(ResponseParserError, match="500 Internal Server Error"):
        sts.assume_role_with_web_identity(
            RoleArn=demo.seed.role("imagedesk-ecr-reader").arn,
            RoleSessionName="imagedesk-try",
            WebIdentityToken="eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl",
        )
