"""Checks the real IAM objects of an IRSA setup, one checklist line per question.

Reads with the admin's credentials: the OIDC provider, the role, its trust policy,
and its attached and inline policies. The judging of the documents is done in
``domain.iam_policy``; this module fetches them and words the outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import FieldError, RegistryError
from imagedesk.domain.iam_policy import (
    Decision,
    Finding,
    PolicyDocument,
    TrustExpectation,
    Verdict,
    allows_action_somewhere,
    evaluate,
    parse_policy,
    review_trust_policy,
)
from imagedesk.domain.irsa import ECR_REQUIRED_ACTIONS, STS_AUDIENCE, IrsaInputs
from imagedesk.registry.ecr.errors import classify, error_shape
from imagedesk.registry.iam.admin import AdminCredentials, iam_client

if TYPE_CHECKING:
    from mypy_boto3_iam import IAMClient

logger = logging.getLogger(__name__)

StepCallback = Callable[[StepResult], None]

# The checklist, in order: key -> title.
VERIFY_PLAN: tuple[tuple[str, str], ...] = (
    ("oidc_provider", "OIDC provider for the cluster's issuer"),
    ("role", "The IAM role exists"),
    ("trust_principal", "Trust policy: the cluster's provider"),
    ("trust_action", "Trust policy: sts:AssumeRoleWithWebIdentity"),
    ("trust_sub", "Trust policy: the service account (sub)"),
    ("trust_aud", "Trust policy: the audience (aud)"),
    ("ecr_policy", "ECR read permissions"),
)
_TITLES = dict(VERIFY_PLAN)
_STATE_OF_VERDICT = {
    Verdict.OK: StepState.PASSED,
    Verdict.WARN: StepState.WARNING,
    Verdict.FAIL: StepState.FAILED,
}


def _step(key: str, state: StepState, message: str = "", details: str = "") -> StepResult:
    return StepResult(key=key, title=_TITLES[key], state=state, message=message, details=details)


def _is_missing(error: ClientError) -> bool:
    return error_shape(error).code in ("NoSuchEntity", "NoSuchEntityException")


def _failure(key: str, error: BaseException, action: str) -> StepResult:
    """A FAILED line for an AWS error met while checking (the admin's rights, network)."""
    explained = classify(error, action)
    return _step(key, StepState.FAILED, explained.message, explained.details)


def verify_irsa(
    inputs: IrsaInputs,
    credentials: AdminCredentials,
    *,
    on_step: StepCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[StepResult]:
    """Run every check of :data:`VERIFY_PLAN`; each outcome is reported as it is known.

    Never raises for an AWS failure: it becomes a FAILED line. Raises FieldError when
    ``inputs`` has no role name, and Cancelled when ``cancel`` is set between checks.
    """
    if not inputs.role_name:
        raise FieldError("role_name", "Enter the name of the IAM role to verify.")
    token = cancel or CancelToken()
    results: list[StepResult] = []

    def report(step: StepResult) -> None:
        if step.state is not StepState.RUNNING:
            results.append(step)
        if on_step is not None:
            on_step(step)

    iam: IAMClient | None
    try:
        iam = iam_client(credentials, inputs.region)
    except RegistryError as error:
        report(_step("oidc_provider", StepState.FAILED, error.message, error.details))
        iam = None

    if iam is not None:
        token.raise_if_cancelled()
        report(_step("oidc_provider", StepState.RUNNING))
        _check_provider(iam, inputs, report)

        token.raise_if_cancelled()
        report(_step("role", StepState.RUNNING))
        _check_role(iam, inputs, report)

    checked = {step.key for step in results}
    for key, _title in VERIFY_PLAN:
        if key not in checked:
            report(_step(key, StepState.SKIPPED, "Not checked: the role could not be read."))
    return results


def _check_provider(iam: IAMClient, inputs: IrsaInputs, report: StepCallback) -> None:
    key = "oidc_provider"
    try:
        provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=inputs.provider_arn)
    except ClientError as error:
        if not _is_missing(error):
            report(_failure(key, error, "iam:GetOpenIDConnectProvider"))
            return
        report(
            _step(
                key,
                StepState.FAILED,
                f"IAM has no OIDC provider for {inputs.issuer}. Create it (“Create it for "
                "me”, or imagedesk irsa verify --create), or "
                "associate the cluster's issuer with IAM (eksctl utils "
                "associate-iam-oidc-provider --approve).",
                details=f"Looked for {inputs.provider_arn}",
            )
        )
        return
    except BotoCoreError as error:
        report(_failure(key, error, "iam:GetOpenIDConnectProvider"))
        return

    audiences = provider.get("ClientIDList", [])
    if STS_AUDIENCE not in audiences:
        report(
            _step(
                key,
                StepState.FAILED,
                f"The provider exists but does not accept the audience {STS_AUDIENCE}. Add "
                f"it: aws iam add-client-id-to-open-id-connect-provider "
                f"--open-id-connect-provider-arn {inputs.provider_arn} "
                f"--client-id {STS_AUDIENCE}",
                details=f"Audiences: {', '.join(audiences) or 'none'}",
            )
        )
        return
    report(
        _step(
            key,
            StepState.PASSED,
            f"The provider exists and accepts {STS_AUDIENCE}.",
            details=inputs.provider_arn,
        )
    )


def _check_role(iam: IAMClient, inputs: IrsaInputs, report: StepCallback) -> None:
    key = "role"
    try:
        role = iam.get_role(RoleName=inputs.role_name)["Role"]
    except ClientError as error:
        if not _is_missing(error):
            report(_failure(key, error, "iam:GetRole"))
            return
        report(
            _step(
                key,
                StepState.FAILED,
                f"There is no role {inputs.role_name} in this account. Create it (“Create it "
                "for me”, or imagedesk irsa verify --create), or create it with the "
                "generated trust policy and ECR read policy.",
            )
        )
        return
    except BotoCoreError as error:
        report(_failure(key, error, "iam:GetRole"))
        return

    if role["Arn"] != inputs.role_arn:
        report(
            _step(
                key,
                StepState.FAILED,
                f"The admin credentials found {role['Arn']}, not {inputs.role_arn}: they "
                "belong to another account or partition. Use credentials of account "
                f"{inputs.account_id}.",
            )
        )
        return
    report(_step(key, StepState.PASSED, f"{inputs.role_arn} exists."))

    _report_trust(role.get("AssumeRolePolicyDocument"), inputs, report)
    report(_check_permissions(iam, inputs))


def _report_trust(raw_document: object, inputs: IrsaInputs, report: StepCallback) -> None:
    document = parse_policy(raw_document)
    expected = TrustExpectation(
        provider_arn=inputs.provider_arn,
        issuer=inputs.issuer,
        subject=inputs.subject,
        audience=STS_AUDIENCE,
    )
    review = review_trust_policy(document, expected)
    details = "\n".join(document.problems)
    findings: tuple[tuple[str, Finding], ...] = (
        ("trust_principal", review.principal),
        ("trust_action", review.action),
        ("trust_sub", review.subject),
        ("trust_aud", review.audience),
    )
    others = _other_issuers(document, inputs.issuer)
    for key, finding in findings:
        if key in ("trust_sub", "trust_aud") and others and finding.verdict is not Verdict.OK:
            finding = _names_another_issuer(key, others, inputs.issuer)
        report(_step(key, _STATE_OF_VERDICT[finding.verdict], finding.message, details))


def _other_issuers(document: PolicyDocument, issuer: str) -> list[str]:
    """Issuers the trust policy's sub/aud condition keys name, other than ``issuer``."""
    found: set[str] = set()
    for statement in document.statements:
        for keys in statement.conditions.values():
            for key in keys:
                prefix, _, claim = key.rpartition(":")
                if claim in ("sub", "aud") and prefix and prefix != issuer.lower():
                    found.add(prefix)
    return sorted(found)


def _names_another_issuer(key: str, others: list[str], issuer: str) -> Finding:
    claim = "sub" if key == "trust_sub" else "aud"
    return Finding(
        Verdict.FAIL,
        f"The trust policy's {claim} condition names another issuer ({', '.join(others)}), "
        f"not {issuer}. Check --issuer (aws eks describe-cluster --query "
        "cluster.identity.oidc.issuer), or point the conditions at this cluster's issuer.",
    )


def _check_permissions(iam: IAMClient, inputs: IrsaInputs) -> StepResult:
    key = "ecr_policy"
    try:
        named = _role_policies(iam, inputs.role_name)
    except (ClientError, BotoCoreError) as error:
        return _failure(key, error, "iam:ListAttachedRolePolicies")

    documents = [document for _name, document in named]
    names = ", ".join(name for name, _document in named) or "none"
    problems = [problem for document in documents for problem in document.problems]
    details = "\n".join([f"Policies read: {names}", *problems])
    region = inputs.region or "*"
    repositories = f"arn:{inputs.partition}:ecr:{region}:{inputs.account_id}:repository/*"

    denied, missing, scoped = [], [], []
    for action in ECR_REQUIRED_ACTIONS:
        resource = "*" if action == "ecr:GetAuthorizationToken" else repositories
        decision = evaluate(documents, action, resource)
        if decision is Decision.DENIED:
            denied.append(action)
        elif (
            decision is Decision.NOT_ALLOWED
            and resource != "*"
            and allows_action_somewhere(documents, action)
        ):
            scoped.append(action)
        elif decision is Decision.NOT_ALLOWED:
            missing.append(action)

    if denied or missing:
        parts = []
        if missing:
            parts.append(f"The role's policies do not allow {', '.join(missing)}.")
        if denied:
            parts.append(f"A Deny statement blocks {', '.join(denied)}.")
        message = " ".join(parts) + (
            " Attach the generated ECR read policy (or add the missing actions)."
        )
        return _step(key, StepState.FAILED, message, details)
    if scoped:
        return _step(
            key,
            StepState.WARNING,
            f"{', '.join(scoped)} is allowed only for some repositories; others will be "
            "refused. Widen the Resource if Image Desk should see every repository.",
            details,
        )
    return _step(key, StepState.PASSED, f"Allowed through {names}.", details)


def _role_policies(iam: IAMClient, role_name: str) -> list[tuple[str, PolicyDocument]]:
    """The role's attached managed policies (default version) and inline policies."""
    found: list[tuple[str, PolicyDocument]] = []

    for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=role_name):
        for attached in page["AttachedPolicies"]:
            arn = attached.get("PolicyArn", "")
            version = iam.get_policy(PolicyArn=arn)["Policy"].get("DefaultVersionId", "v1")
            raw: Any = iam.get_policy_version(PolicyArn=arn, VersionId=version)
            document = raw["PolicyVersion"].get("Document")
            found.append((attached.get("PolicyName", arn), parse_policy(document)))

    for inline_page in iam.get_paginator("list_role_policies").paginate(RoleName=role_name):
        for name in inline_page["PolicyNames"]:
            inline = iam.get_role_policy(RoleName=role_name, PolicyName=name)
            found.append((f"{name} (inline)", parse_policy(inline["PolicyDocument"])))
    return found
