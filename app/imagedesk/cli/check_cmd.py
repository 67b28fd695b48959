"""``imagedesk check --host H ...``: run a registry's connection test from a terminal.

Secrets never come from arguments (they would show in the process list and the shell
history): the ECR secret, session token and registry password are read from
environment variables. The options here are shared with ``imagedesk repos``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.errors import FieldError, ImageDeskError
from imagedesk.domain.hosts import normalize_host
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.registry_hosts import validate_host_for_kind
from imagedesk.domain.scope import clean_scope
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.domain.text import quoted
from imagedesk.domain.validation import validate_endpoint_url
from imagedesk.registry.base import RegistryClient

SECRET_ENV = "IMAGEDESK_SECRET_ACCESS_KEY"
SESSION_TOKEN_ENV = "IMAGEDESK_SESSION_TOKEN"
PASSWORD_ENV = "IMAGEDESK_PASSWORD"

_KINDS = {"ecr": RegistryKind.ECR, "generic": RegistryKind.GENERIC, "acr": RegistryKind.ACR}
_MARKS = {
    StepState.PASSED: "ok",
    StepState.FAILED: "FAILED",
    StepState.WARNING: "warning",
    StepState.SKIPPED: "skipped",
}


def add_registry_options(parser: argparse.ArgumentParser) -> None:
    """The options that describe one registry and its (non-secret) credentials."""
    parser.add_argument("--host", required=True, help="registry host")
    parser.add_argument("--kind", choices=sorted(_KINDS), default="ecr")
    parser.add_argument(
        "--access-key-id", default="", help=f"ECR key id (secret from ${SECRET_ENV})"
    )
    parser.add_argument("--role-arn", default="", help="role to assume with web identity")
    parser.add_argument("--web-identity-token-file", default="", metavar="FILE")
    parser.add_argument("--profile", default="", help="named AWS profile")
    parser.add_argument("--region", default="", help="check the host's region is this one")
    parser.add_argument("--endpoint-url", default="", help="AWS endpoint (moto, LocalStack)")
    parser.add_argument("--username", default="", help=f"registry user (password ${PASSWORD_ENV})")
    parser.add_argument(
        "--ca-file", default="", metavar="FILE", help="extra CA bundle (PEM) for the registry"
    )
    parser.add_argument(
        "--insecure", action="store_true", help="plain HTTP to a registry that is not local"
    )
    parser.add_argument(
        "--scope", action="append", default=[], metavar="REPO", help="repository or prefix/*"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("check", help="test a registry's credentials step by step")
    add_registry_options(parser)


def registry_from_args(args: argparse.Namespace) -> tuple[Registry, RegistrySecrets, Settings]:
    """The registry entry the options describe. Raises FieldError for bad input."""
    kind = _KINDS[args.kind]
    host = (
        normalize_host(args.host)
        if kind is RegistryKind.ECR
        else (validate_host_for_kind(kind, args.host))
    )
    environment = os.environ

    if kind is RegistryKind.ECR:
        secret = environment.get(SECRET_ENV, "")
        token = environment.get(SESSION_TOKEN_ENV, "")
        username = args.access_key_id
        if username and not secret:
            raise FieldError("secret_access_key", f"Set the secret in ${SECRET_ENV}.")
        auth = AuthMethod.KEYS if username else AuthMethod.ROLE
    else:
        secret, token = environment.get(PASSWORD_ENV, ""), ""
        username = args.username
        auth = AuthMethod.PASSWORD if username or secret else AuthMethod.NONE

    registry = Registry(
        name=host,
        host=host,
        kind=kind,
        auth=auth,
        username=username,
        role_arn=args.role_arn,
        web_identity_token_file=args.web_identity_token_file,
        profile=args.profile,
        scope=clean_scope(args.scope),
        ca_file=args.ca_file,
        insecure=args.insecure,
        endpoint_url=validate_endpoint_url(args.endpoint_url),
    )
    secrets = RegistrySecrets(
        secret=Secret(secret) if secret else None,
        session_token=Secret(token) if token else None,
    )
    # On the command line, blank keys are a deliberate choice; the report says which
    # credentials were used and warns when they are broader than web identity.
    return registry, secrets, Settings(ecr_role_auth=True)


def make_registry_client(args: argparse.Namespace) -> RegistryClient:
    registry, secrets, settings = registry_from_args(args)
    if registry.kind is RegistryKind.ECR:
        from imagedesk.registry.ecr.client import EcrClient

        client = EcrClient(registry, secrets, settings, mfa_prompt=_terminal_mfa_prompt)
        if args.region and client.host.region != args.region:
            raise FieldError(
                "host",
                f"{registry.host} is in region {client.host.region}, not {quoted(args.region)}.",
            )
        return client

    from imagedesk.registry.factory import make_client

    return make_client(registry, secrets, settings)


def close_client(client: RegistryClient) -> None:
    """Close the v2 client's connections (ECR clients hold none of their own)."""
    close = getattr(client, "close", None)
    if callable(close):
        close()


def _terminal_mfa_prompt(prompt: str) -> str:
    return getpass.getpass(prompt if prompt.strip() else "MFA code: ")


def report_as_dict(report: DiagnosisReport) -> dict[str, object]:
    return {
        "ok": report.ok,
        "summary": report.summary,
        "identity_arn": report.identity_arn,
        "credential_source": report.credential_source,
        "warnings": list(report.warnings),
        "steps": [
            {
                "key": step.key,
                "title": step.title,
                "state": str(step.state),
                "message": step.message,
                "details": step.details,
            }
            for step in report.steps
        ],
    }


def _print_step(step: StepResult) -> None:
    """Each step as it starts ("..."), each retry notice, then its outcome."""
    if step.state is StepState.RUNNING:
        print(f"[....] {step.title}: {step.message or 'running…'}", flush=True)
        return
    print(f"[{_MARKS.get(step.state, str(step.state))}] {step.title}: {step.message}")
    if step.state is StepState.FAILED and step.details:
        print(f"    details: {step.details}")


def run(args: argparse.Namespace) -> int:
    try:
        client = make_registry_client(args)
    except ImageDeskError as error:
        return _print_error(args, error)

    try:
        report = client.test_connection(
            (lambda step: None) if args.json else _print_step, CancelToken()
        )
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    finally:
        close_client(client)

    if args.json:
        print(json.dumps(report_as_dict(report), indent=2))
    else:
        if report.identity_arn:
            print(f"identity: {report.identity_arn} (from {report.credential_source})")
        for warning in report.warnings:
            print(f"warning: {warning}")
        print("result: " + ("every step passed" if report.ok else report.summary))
    return 0 if report.ok else 1


def _print_error(args: argparse.Namespace, error: ImageDeskError) -> int:
    field = getattr(error, "field", "")
    if args.json:
        print(json.dumps({"ok": False, "error": error.message, "field": field}))
    else:
        print(f"error: {error.message}", file=sys.stderr)
    return 2
