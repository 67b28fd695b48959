"""The demo's IAM: users with different ECR rights, and an IRSA setup (one right, one broken).

moto 5.2.5 evaluates only the ``Action`` of identity policies (not ``Resource``
or ``Condition``), so a policy naming one repository ARN would deny everything;
``scoped-reader`` therefore shows "token and images but no full listing" by
leaving out ``ecr:DescribeRepositories`` instead (issue 10).

For the IRSA developer, two moto 5.2.5 gaps: ``AssumeRoleWithWebIdentity`` does not
evaluate the role's trust policy (before access control is on, the broken role
is assumed as readily as the right one), and once access control is on the
unsigned call fails with HTTP 500 (moto reads its missing ``Authorization``
header). So the demo shows IRSA through the *verifier* (reading the IAM objects
with the ``admin`` keys), not by assuming the roles.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from imagedesk.demo.clients import demo_client
from imagedesk.demo.seed_model import (
    IRSA_NAMESPACE,
    IRSA_SERVICE_ACCOUNT,
    OIDC_AUDIENCE,
    OIDC_ISSUER,
    DemoRole,
    DemoUser,
)

logger = logging.getLogger(__name__)

ECR_READ_ACTIONS = (
    "ecr:GetAuthorizationToken",
    "ecr:DescribeRepositories",
    "ecr:DescribeImages",
    "ecr:ListImages",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchCheckLayerAvailability",
)
ECR_READ_POLICY_NAME = "imagedesk-ecr-read"
CORRECT_ROLE = "imagedesk-ecr-reader"
BROKEN_ROLE = "imagedesk-ecr-broken"
BROKEN_ROLE_SERVICE_ACCOUNT = "default"
_OIDC_THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"


def policy_document(actions: tuple[str, ...] | str) -> str:
    """An identity policy allowing ``actions`` on every resource."""
    statement = {
        "Effect": "Allow",
        "Action": list(actions) if isinstance(actions, tuple) else actions,
        "Resource": "*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def irsa_trust_policy(provider_arn: str, namespace: str, service_account: str) -> str:
    """The trust policy that lets one Kubernetes service account assume a role."""
    issuer = OIDC_ISSUER.removeprefix("https://")
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {
                f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                f"{issuer}:aud": OIDC_AUDIENCE,
            }
        },
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


# name -> (description, inline policy or None, attach the managed ECR read policy)
_USERS: dict[str, tuple[str, str | None, bool]] = {
    "ecr-reader": ("ECR read-only: lists every repository and image.", None, True),
    "no-ecr": (
        "Valid keys without any ECR permission (may only list S3 buckets).",
        policy_document(("s3:ListAllMyBuckets",)),
        False,
    ),
    "token-only": (
        "Allowed only ecr:GetAuthorizationToken: logs in but can list nothing.",
        policy_document(("ecr:GetAuthorizationToken",)),
        False,
    ),
    "scoped-reader": (
        "Token, images and tags, but not DescribeRepositories: name the repositories.",
        policy_document(
            (
                "ecr:GetAuthorizationToken",
                "ecr:DescribeImages",
                "ecr:ListImages",
                "ecr:BatchGetImage",
            )
        ),
        False,
    ),
    "admin": ("Full access to everything (for the IRSA verifier).", policy_document("*"), False),
}


def seed_iam(endpoint_url: str) -> tuple[tuple[DemoUser, ...], tuple[DemoRole, ...], str]:
    """Create the users, their keys, the OIDC provider and both IRSA roles.

    Returns the users, the roles and the OIDC provider ARN.
    """
    iam = demo_client("iam", endpoint_url)

    read_policy_arn = iam.create_policy(
        PolicyName=ECR_READ_POLICY_NAME,
        PolicyDocument=policy_document(ECR_READ_ACTIONS),
        Description="Least-privilege read access to ECR for Image Desk",
    )["Policy"]["Arn"]

    users = tuple(
        _create_user(iam, name, description, inline, read_policy_arn if attach else None)
        for name, (description, inline, attach) in _USERS.items()
    )

    provider_arn = iam.create_open_id_connect_provider(
        Url=OIDC_ISSUER, ClientIDList=[OIDC_AUDIENCE], ThumbprintList=[_OIDC_THUMBPRINT]
    )["OpenIDConnectProviderArn"]

    roles = (
        _create_role(
            iam,
            CORRECT_ROLE,
            irsa_trust_policy(provider_arn, IRSA_NAMESPACE, IRSA_SERVICE_ACCOUNT),
            read_policy_arn,
            f"IRSA done right for {IRSA_NAMESPACE}/{IRSA_SERVICE_ACCOUNT}.",
        ),
        _create_role(
            iam,
            BROKEN_ROLE,
            irsa_trust_policy(provider_arn, IRSA_NAMESPACE, BROKEN_ROLE_SERVICE_ACCOUNT),
            read_policy_arn,
            f"Trust policy names the wrong service account "
            f"({IRSA_NAMESPACE}/{BROKEN_ROLE_SERVICE_ACCOUNT}).",
        ),
    )

    logger.debug("Seeded %d IAM users and %d roles", len(users), len(roles))
    return users, roles, provider_arn


def _create_user(
    iam: Any, name: str, description: str, inline_policy: str | None, managed_arn: str | None
) -> DemoUser:
    iam.create_user(UserName=name)
    if inline_policy is not None:
        iam.put_user_policy(
            UserName=name, PolicyName=f"{name}-policy", PolicyDocument=inline_policy
        )
    if managed_arn is not None:
        iam.attach_user_policy(UserName=name, PolicyArn=managed_arn)

    key = iam.create_access_key(UserName=name)["AccessKey"]
    return DemoUser(
        name=name,
        access_key_id=key["AccessKeyId"],
        secret_access_key=key["SecretAccessKey"],
        description=description,
    )


def _create_role(
    iam: Any, name: str, trust_policy: str, policy_arn: str, description: str
) -> DemoRole:
    arn = iam.create_role(
        RoleName=name, AssumeRolePolicyDocument=trust_policy, Description=description
    )["Role"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
    return DemoRole(name=name, arn=arn, description=description)
