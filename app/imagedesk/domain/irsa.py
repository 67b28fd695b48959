"""IAM roles for Kubernetes service accounts (IRSA): inputs, ARNs and the snippets to paste.

Everything here is text: the trust policy a role needs so that one service account of
one EKS cluster may assume it, the ECR read policy, the Helm values annotation and the
``helm``/``kubectl`` lines that check the result. The AWS side lives in ``registry/iam``.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

from imagedesk.domain.errors import FieldError, ValidationErrors

DEFAULT_NAMESPACE = "coder"
DEFAULT_SERVICE_ACCOUNT = "coder"
DEFAULT_HELM_RELEASE = "coder"
DEFAULT_HELM_CHART = "coder-v2/coder"
STS_AUDIENCE = "sts.amazonaws.com"
WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn"
INLINE_POLICY_NAME = "ImageDeskEcrRead"

# What Image Desk itself calls; the verifier demands each of them.
ECR_REQUIRED_ACTIONS = (
    "ecr:GetAuthorizationToken",
    "ecr:DescribeRepositories",
    "ecr:DescribeImages",
    "ecr:BatchGetImage",
)
# What a workspace additionally needs to pull the layers of an image.
ECR_PULL_ACTIONS = ("ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability")

_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")
_CLUSTER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_HOST = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+")
_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)*")
_EKS_ISSUER_REGION = re.compile(r"oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?")


@dataclass(frozen=True)
class IrsaInputs:
    """What the assistant asks for, already validated and normalised.

    ``issuer`` is the issuer without its scheme (``oidc.eks.REGION.amazonaws.com/id/X``),
    which is how IAM names the provider and prefixes the condition keys.
    """

    account_id: str
    issuer: str
    namespace: str = DEFAULT_NAMESPACE
    service_account: str = DEFAULT_SERVICE_ACCOUNT
    region: str = ""
    role_name: str = ""
    helm_release: str = DEFAULT_HELM_RELEASE

    @property
    def partition(self) -> str:
        return partition_for_region(self.region)

    @property
    def issuer_url(self) -> str:
        return f"https://{self.issuer}"

    @property
    def subject(self) -> str:
        return service_account_subject(self.namespace, self.service_account)

    @property
    def provider_arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:oidc-provider/{self.issuer}"

    @property
    def role_arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:role/{self.role_name}"

    @property
    def ecr_host(self) -> str:
        return f"{self.account_id}.dkr.ecr.{self.region}.{dns_suffix(self.partition)}"


def partition_for_region(region: str) -> str:
    """The AWS partition a region belongs to; ``aws`` when the region is unknown."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def dns_suffix(partition: str) -> str:
    return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"


def service_account_subject(namespace: str, service_account: str) -> str:
    return f"system:serviceaccount:{namespace}:{service_account}"


# --- validation, one field at a time ---------------------------------------------------


def validate_account_id(text: str) -> str:
    value = text.strip()
    if not _ACCOUNT.fullmatch(value):
        raise FieldError("account_id", "An AWS account id is exactly 12 digits.")
    return value


def validate_issuer(text: str) -> str:
    """Return the issuer without scheme or trailing slash, e.g. ``oidc.eks.R.amazonaws.com/id/X``.

    An ``https://`` scheme is accepted and dropped; any other scheme, a port, a query
    or a fragment is refused, because IAM would never match such an issuer.
    """
    value = text.strip()
    if not value:
        raise FieldError("issuer", "Enter the cluster's OIDC issuer URL (or look it up).")

    scheme, separator, rest = value.partition("://")
    if separator and scheme.lower() != "https":
        raise FieldError("issuer", "The OIDC issuer URL must start with https://.")
    rest = (rest if separator else value).rstrip("/")

    host, slash, path = rest.partition("/")
    path = slash + path
    if not _HOST.fullmatch(host.lower()) or not _PATH.fullmatch(path):
        raise FieldError(
            "issuer",
            "This is not an issuer URL. Copy it from the cluster's Overview "
            "(https://oidc.eks.REGION.amazonaws.com/id/ID).",
        )
    return host.lower() + path


def validate_namespace(text: str) -> str:
    value = text.strip() or DEFAULT_NAMESPACE
    if not _DNS_LABEL.fullmatch(value):
        raise FieldError(
            "namespace",
            "A namespace is up to 63 lower-case letters, digits and '-', "
            "starting and ending with a letter or digit.",
        )
    return value


def validate_service_account(text: str) -> str:
    value = text.strip() or DEFAULT_SERVICE_ACCOUNT
    if not _DNS_SUBDOMAIN.fullmatch(value) or ".." in value:
        raise FieldError(
            "service_account",
            "A service account name is lower-case letters, digits, '-' and '.', "
            "starting and ending with a letter or digit.",
        )
    return value


def validate_region(text: str, *, required: bool = False) -> str:
    value = text.strip().lower()
    if not value and not required:
        return ""
    if not _REGION.fullmatch(value):
        raise FieldError("region", "Enter an AWS region such as us-east-1 or cn-north-1.")
    return value


def validate_role_name(text: str, *, required: bool = False) -> str:
    value = text.strip()
    if not value:
        if required:
            raise FieldError("role_name", "Enter the name of the IAM role.")
        return ""
    if not _ROLE_NAME.fullmatch(value):
        raise FieldError(
            "role_name",
            "A role name is 1 to 64 letters, digits and + = , . @ _ - (no spaces).",
        )
    return value


def validate_helm_release(text: str) -> str:
    value = text.strip() or DEFAULT_HELM_RELEASE
    if len(value) > 53 or not _DNS_LABEL.fullmatch(value):
        raise FieldError(
            "helm_release",
            "A Helm release name is up to 53 lower-case letters, digits and '-'.",
        )
    return value


def validate_cluster_name(text: str) -> str:
    value = text.strip()
    if not _CLUSTER_NAME.fullmatch(value):
        raise FieldError(
            "cluster_name",
            "An EKS cluster name is 1 to 100 letters, digits, '-' and '_', "
            "starting with a letter or digit.",
        )
    return value


def region_from_issuer(issuer: str) -> str:
    """The region an EKS issuer names (``oidc.eks.REGION.amazonaws.com``), else ``""``."""
    match = _EKS_ISSUER_REGION.match(issuer)
    return match.group(1) if match else ""


def validate_irsa_inputs(
    *,
    account_id: str,
    issuer: str,
    namespace: str = "",
    service_account: str = "",
    region: str = "",
    role_name: str = "",
    helm_release: str = "",
    role_required: bool = False,
) -> IrsaInputs:
    """Validate every field; raise :class:`ValidationErrors` naming each bad one.

    A blank region is taken from an EKS issuer host; a region that contradicts the
    issuer is refused, since the partition in every ARN follows from it.
    """
    errors: list[FieldError] = []

    def field(check: Any, *args: Any, **kwargs: Any) -> str:
        try:
            value: str = check(*args, **kwargs)
        except FieldError as error:
            errors.append(error)
            return ""
        return value

    account_value = field(validate_account_id, account_id)
    issuer_value = field(validate_issuer, issuer)
    namespace_value = field(validate_namespace, namespace)
    service_account_value = field(validate_service_account, service_account)
    region_value = field(validate_region, region)
    role_value = field(validate_role_name, role_name, required=role_required)
    release_value = field(validate_helm_release, helm_release)

    issuer_region = region_from_issuer(issuer_value)
    if region_value and issuer_region and region_value != issuer_region:
        errors.append(
            FieldError("region", f"The issuer belongs to {issuer_region}, not {region_value}.")
        )
    if errors:
        raise ValidationErrors(errors)

    return IrsaInputs(
        account_id=account_value,
        issuer=issuer_value,
        namespace=namespace_value,
        service_account=service_account_value,
        region=region_value or issuer_region,
        role_name=role_value,
        helm_release=release_value,
    )


# --- generated documents and snippets --------------------------------------------------


def trust_policy(inputs: IrsaInputs) -> dict[str, Any]:
    """The role trust policy that lets exactly this service account assume the role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": inputs.provider_arn},
                "Action": WEB_IDENTITY_ACTION,
                "Condition": {
                    "StringEquals": {
                        f"{inputs.issuer}:sub": inputs.subject,
                        f"{inputs.issuer}:aud": STS_AUDIENCE,
                    }
                },
            }
        ],
    }


def ecr_read_policy(inputs: IrsaInputs) -> dict[str, Any]:
    """Least-privilege ECR read access to this account's repositories.

    GetAuthorizationToken has no resource of its own, so it is granted on ``*``;
    everything else is limited to the account's repositories.
    """
    repositories = f"arn:{inputs.partition}:ecr:*:{inputs.account_id}:repository/*"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EcrLogin",
                "Effect": "Allow",
                "Action": "ecr:GetAuthorizationToken",
                "Resource": "*",
            },
            {
                "Sid": "EcrRead",
                "Effect": "Allow",
                "Action": [*ECR_REQUIRED_ACTIONS[1:], *ECR_PULL_ACTIONS],
                "Resource": repositories,
            },
        ],
    }


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2)


def _role_arn_or_placeholder(inputs: IrsaInputs) -> str:
    if inputs.role_name:
        return inputs.role_arn
    return f"arn:{inputs.partition}:iam::{inputs.account_id}:role/ROLE_NAME"


def helm_values_snippet(inputs: IrsaInputs) -> str:
    """Values for the service account annotation (the layout of the coder chart)."""
    return (
        "coder:\n"
        "  serviceAccount:\n"
        "    annotations:\n"
        f"      {ROLE_ARN_ANNOTATION}: {_role_arn_or_placeholder(inputs)}\n"
    )


def helm_upgrade_line(inputs: IrsaInputs, values_file: str = "irsa-values.yaml") -> str:
    words = [
        "helm",
        "upgrade",
        inputs.helm_release,
        DEFAULT_HELM_CHART,
        "--namespace",
        inputs.namespace,
        "--reuse-values",
        "--values",
        values_file,
    ]
    return shlex.join(words)


def kubectl_lines(inputs: IrsaInputs) -> str:
    """Lines that show the annotation, and list ECR repositories as the service account."""
    annotation_path = "{.metadata.annotations." + ROLE_ARN_ANNOTATION.replace(".", "\\.") + "}"
    show_annotation = shlex.join(
        [
            "kubectl",
            "get",
            "serviceaccount",
            inputs.service_account,
            "--namespace",
            inputs.namespace,
            "--output",
            f"jsonpath={annotation_path}",
        ]
    )
    overrides = json.dumps(
        {"apiVersion": "v1", "spec": {"serviceAccountName": inputs.service_account}},
        separators=(",", ":"),
    )
    region_words = ["--region", inputs.region] if inputs.region else []
    run_as_service_account = shlex.join(
        [
            "kubectl",
            "run",
            "imagedesk-irsa-check",
            "--namespace",
            inputs.namespace,
            "--rm",
            "--stdin",
            "--restart=Never",
            "--image=public.ecr.aws/aws-cli/aws-cli",
            f"--overrides={overrides}",
            "--",
            "ecr",
            "describe-repositories",
            *region_words,
        ]
    )
    create_token = shlex.join(
        [
            "kubectl",
            "create",
            "token",
            inputs.service_account,
            "--namespace",
            inputs.namespace,
            "--audience",
            STS_AUDIENCE,
        ]
    )
    return (
        "# The service account carries the role annotation:\n"
        f"{show_annotation}\n"
        "# AWS accepts the service account (lists repositories as that role):\n"
        f"{run_as_service_account}\n"
        "# A token for 'Try it' in Image Desk:\n"
        f"{create_token}\n"
    )
