"""“Create it for me”: the OIDC provider and the role, made with the admin's credentials.

Both operations are idempotent. An existing provider gains the STS audience if it
lacks it; an existing role gets the generated trust policy (replacing its old one)
and the inline ECR read policy, so running it again repairs a broken setup.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.errors import FieldError
from imagedesk.domain.irsa import (
    INLINE_POLICY_NAME,
    STS_AUDIENCE,
    IrsaInputs,
    ecr_read_policy,
    trust_policy,
)
from imagedesk.registry.ecr.errors import classify, error_shape
from imagedesk.registry.iam.admin import AdminCredentials, iam_client

logger = logging.getLogger(__name__)

ROLE_DESCRIPTION = "Image Desk: read ECR from the Kubernetes service account {subject}"


@dataclass(frozen=True)
class SetupOutcome:
    arn: str
    created: bool  # False: it existed and was brought up to date
    summary: str


def create_oidc_provider(inputs: IrsaInputs, credentials: AdminCredentials) -> SetupOutcome:
    """Register the cluster's issuer with IAM, accepting the STS audience. Raises RegistryError.

    No thumbprint is sent: IAM no longer needs one for EKS issuers, and fetching the
    issuer's certificate here would mean calling a host the admin did not name.
    """
    iam = iam_client(credentials, inputs.region)
    action = "iam:CreateOpenIDConnectProvider"
    try:
        arn = iam.create_open_id_connect_provider(
            Url=inputs.issuer_url, ClientIDList=[STS_AUDIENCE]
        )["OpenIDConnectProviderArn"]
    except ClientError as error:
        if error_shape(error).code != "EntityAlreadyExists":
            raise classify(error, action) from error
        return _add_audience(inputs, credentials)
    except BotoCoreError as error:
        raise classify(error, action) from error

    logger.info("created the OIDC provider %s", arn)
    return SetupOutcome(arn, True, f"Created the OIDC provider {arn}.")


def _add_audience(inputs: IrsaInputs, credentials: AdminCredentials) -> SetupOutcome:
    iam = iam_client(credentials, inputs.region)
    arn = inputs.provider_arn
    try:
        provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        if STS_AUDIENCE in provider.get("ClientIDList", []):
            return SetupOutcome(arn, False, f"The OIDC provider {arn} was already right.")
        iam.add_client_id_to_open_id_connect_provider(
            OpenIDConnectProviderArn=arn, ClientID=STS_AUDIENCE
        )
    except (ClientError, BotoCoreError) as error:
        raise classify(error, "iam:AddClientIDToOpenIDConnectProvider") from error
    return SetupOutcome(arn, False, f"Added the audience {STS_AUDIENCE} to {arn}.")


def create_role(inputs: IrsaInputs, credentials: AdminCredentials) -> SetupOutcome:
    """Create the role (or fix an existing one) with the trust and ECR read policies."""
    if not inputs.role_name:
        raise FieldError("role_name", "Enter the name of the IAM role to create.")
    iam = iam_client(credentials, inputs.region)
    trust = json.dumps(trust_policy(inputs))

    action = "iam:CreateRole"
    try:
        iam.create_role(
            RoleName=inputs.role_name,
            AssumeRolePolicyDocument=trust,
            Description=ROLE_DESCRIPTION.format(subject=inputs.subject),
        )
        created = True
    except ClientError as error:
        if error_shape(error).code != "EntityAlreadyExists":
            raise classify(error, action) from error
        created = False
    except BotoCoreError as error:
        raise classify(error, action) from error

    try:
        if not created:
            action = "iam:UpdateAssumeRolePolicy"
            iam.update_assume_role_policy(RoleName=inputs.role_name, PolicyDocument=trust)
        action = "iam:PutRolePolicy"
        iam.put_role_policy(
            RoleName=inputs.role_name,
            PolicyName=INLINE_POLICY_NAME,
            PolicyDocument=json.dumps(ecr_read_policy(inputs)),
        )
    except (ClientError, BotoCoreError) as error:
        raise classify(error, action) from error

    verb = "Created" if created else "Updated the trust policy and ECR policy of"
    logger.info("%s the role %s", verb, inputs.role_arn)
    return SetupOutcome(inputs.role_arn, created, f"{verb} the role {inputs.role_arn}.")
