"""``imagedesk irsa``: print the IRSA snippets, or verify the real IAM objects.

The admin's secret key is read from ``IMAGEDESK_SECRET_ACCESS_KEY`` (never from an
argument, which other users of the machine could read in the process list).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from typing import Any

from imagedesk.domain.diagnosis import StepResult, StepState
from imagedesk.domain.errors import FieldError, ImageDeskError, ValidationErrors
from imagedesk.domain.irsa import (
    DEFAULT_NAMESPACE,
    DEFAULT_SERVICE_ACCOUNT,
    IrsaInputs,
    as_json,
    ecr_read_policy,
    helm_upgrade_line,
    helm_values_snippet,
    kubectl_lines,
    trust_policy,
    validate_irsa_inputs,
)
from imagedesk.domain.secret import Secret
from imagedesk.domain.validation import validate_endpoint_url

logger = logging.getLogger(__name__)

SECRET_ENV = "IMAGEDESK_SECRET_ACCESS_KEY"
SESSION_TOKEN_ENV = "IMAGEDESK_SESSION_TOKEN"

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2

_MARKS = {
    StepState.PASSED: "ok  ",
    StepState.WARNING: "warn",
    StepState.FAILED: "FAIL",
    StepState.SKIPPED: "skip",
    StepState.PENDING: "    ",
    StepState.RUNNING: "    ",
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "irsa",
        help="IAM roles for Kubernetes service accounts: snippets and verification",
        description="Generate the IRSA trust policy and snippets, or verify the IAM objects.",
    )
    actions = parser.add_subparsers(dest="irsa_command", metavar="ACTION", required=True)

    policy = actions.add_parser("policy", help="print the role trust policy and snippets")
    _add_setup_arguments(policy)
    policy.add_argument("--role-name", default="", help="role name (for the Helm annotation)")
    policy.add_argument("--helm", action="store_true", help="also print the Helm values")
    policy.add_argument("--kubectl", action="store_true", help="also print the kubectl checks")
    policy.add_argument("--ecr-policy", action="store_true", help="also print the ECR read policy")

    verify = actions.add_parser("verify", help="check the OIDC provider, role and policies")
    _add_setup_arguments(verify)
    verify.add_argument("--role-name", required=True, help="the IAM role to check")
    verify.add_argument("--profile", default="", help="AWS profile of the admin")
    verify.add_argument(
        "--access-key-id",
        default="",
        help=f"admin access key id; the secret is read from ${SECRET_ENV}",
    )
    verify.add_argument("--endpoint-url", default="", help="AWS endpoint (moto, LocalStack)")
    verify.add_argument("--json", action="store_true", help="print the checks as JSON")
    verify.add_argument(
        "--create",
        action="store_true",
        help="create a missing OIDC provider and role (as the GUI's Create it for me), "
        "then verify again",
    )


def _add_setup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", required=True, help="AWS account id (12 digits)")
    parser.add_argument("--issuer", required=True, help="the cluster's OIDC issuer URL")
    parser.add_argument("--namespace", default=DEFAULT_NAMESPACE, help="Kubernetes namespace")
    parser.add_argument(
        "--service-account", default=DEFAULT_SERVICE_ACCOUNT, help="Kubernetes service account"
    )
    parser.add_argument("--region", default="", help="AWS region (default: from the issuer)")
    parser.add_argument("--helm-release", default="", help="Helm release name")


def run(args: argparse.Namespace) -> int:
    try:
        inputs = validate_irsa_inputs(
            account_id=args.account,
            issuer=args.issuer,
            namespace=args.namespace,
            service_account=args.service_account,
            region=args.region,
            role_name=args.role_name,
            helm_release=args.helm_release,
        )
    except ValidationErrors as errors:
        for error in errors.errors:
            print(f"imagedesk irsa: --{_option(error.field)}: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT

    if args.irsa_command == "policy":
        _print_policy(inputs, args)
        return EXIT_OK
    return _verify(inputs, args)


def _option(field: str) -> str:
    return {"account_id": "account", "role_name": "role-name"}.get(field, field).replace("_", "-")


def _print_policy(inputs: IrsaInputs, args: argparse.Namespace) -> None:
    print(as_json(trust_policy(inputs)))
    if args.ecr_policy:
        print("\n# ECR read policy")
        print(as_json(ecr_read_policy(inputs)))
    if args.helm:
        print("\n# Helm values (irsa-values.yaml)")
        print(helm_values_snippet(inputs), end="")
        print(helm_upgrade_line(inputs))
    if args.kubectl:
        print("\n# kubectl checks")
        print(kubectl_lines(inputs), end="")


def _verify(inputs: IrsaInputs, args: argparse.Namespace) -> int:
    from imagedesk.registry.iam.admin import AdminCredentials
    from imagedesk.registry.iam.verifier import verify_irsa

    secret = os.environ.get(SECRET_ENV, "")
    if args.access_key_id and not secret:
        print(
            f"imagedesk irsa verify: --access-key-id needs the secret in ${SECRET_ENV}.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    session_token = os.environ.get(SESSION_TOKEN_ENV, "")
    try:
        endpoint_url = validate_endpoint_url(args.endpoint_url)
    except FieldError as error:
        print(f"imagedesk irsa verify: --endpoint-url: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    credentials = AdminCredentials(
        access_key_id=args.access_key_id,
        secret_access_key=Secret(secret) if args.access_key_id else None,
        session_token=Secret(session_token) if session_token else None,
        profile=args.profile,
        endpoint_url=endpoint_url,
    )

    try:
        steps = verify_irsa(inputs, credentials)
    except FieldError as error:
        print(f"imagedesk irsa verify: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ImageDeskError as error:
        print(f"imagedesk irsa verify: {error.message}", file=sys.stderr)
        return EXIT_CHECK_FAILED

    if args.create:
        steps = _create_missing(inputs, credentials, steps)

    if args.json:
        print(json.dumps(_as_json(inputs, steps), indent=2))
    else:
        _print_steps(steps)
    failed = any(step.state is StepState.FAILED for step in steps)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _create_missing(
    inputs: IrsaInputs, credentials: Any, steps: list[StepResult]
) -> list[StepResult]:
    """Create the OIDC provider and the role when the checks found them missing (or
    bring them up to date), then verify again. Raises RegistryError when IAM refuses."""
    from imagedesk.registry.iam.setup import create_oidc_provider, create_role
    from imagedesk.registry.iam.verifier import verify_irsa

    failed = {step.key for step in steps if step.state is StepState.FAILED}
    if "oidc_provider" in failed:
        outcome = create_oidc_provider(inputs, credentials)
        print(f"created: {outcome.summary}", file=sys.stderr)
    if failed & {"role", "trust_principal", "trust_action", "trust_sub", "trust_aud",
                 "ecr_policy"}:  # fmt: skip
        outcome = create_role(inputs, credentials)
        print(f"created: {outcome.summary}", file=sys.stderr)
    return verify_irsa(inputs, credentials)


def _as_json(inputs: IrsaInputs, steps: list[StepResult]) -> dict[str, Any]:
    return {
        "role_arn": inputs.role_arn,
        "provider_arn": inputs.provider_arn,
        "subject": inputs.subject,
        "ok": not any(step.state is StepState.FAILED for step in steps),
        "checks": [asdict(step) for step in steps],
    }


def _print_steps(steps: list[StepResult]) -> None:
    for step in steps:
        print(f"[{_MARKS[step.state]}] {step.title}")
        if step.message:
            print(f"       {step.message}")
