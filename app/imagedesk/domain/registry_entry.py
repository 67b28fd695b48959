"""Checks a whole registry entry that did not come through the Add Registry form.

An imported file is input like any other: its hosts, names, scope and credentials
fields pass the same rules as the form's fields, so a file cannot bring in what the
dialog would refuse (an "ECR" entry whose host is not ECR, a hidden character in a
name, a scope for a kind that has none).
"""

from __future__ import annotations

from dataclasses import replace

from imagedesk.domain import credentials, validation
from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import normalize_host, parse_ecr_host
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.domain.registry_hosts import validate_host_for_kind
from imagedesk.domain.scope import clean_scope
from imagedesk.domain.text import quoted, refuse_hidden

NOT_ECR_HOST = (
    "is not an Amazon ECR registry host. It looks like "
    "ACCOUNT.dkr.ecr.REGION.amazonaws.com (or public.ecr.aws)."
)

_AUTH_OF_KIND = {
    RegistryKind.ECR: (AuthMethod.KEYS, AuthMethod.ROLE, AuthMethod.NONE),
    RegistryKind.GENERIC: (AuthMethod.PASSWORD, AuthMethod.NONE),
    RegistryKind.ACR: (AuthMethod.PASSWORD, AuthMethod.NONE),
    RegistryKind.DOCKER_HUB: (AuthMethod.PASSWORD, AuthMethod.NONE),
}


def clean_ecr_host(text: str) -> str:
    """The normalised host when it is an ECR registry host; FieldError("host") if not."""
    host = normalize_host(text)
    if parse_ecr_host(host) is None:
        raise FieldError("host", f"{quoted(host)} {NOT_ECR_HOST}")
    return host


def check_registry_entry(registry: Registry) -> Registry:
    """The entry with every field checked and cleaned; FieldError names the first bad one.

    The endpoint override is not judged here: it is a local setting, and the caller
    decides whether an entry may carry one at all.
    """
    name = validation.registry_name(registry.name)
    ecr = registry.kind is RegistryKind.ECR
    host = (
        clean_ecr_host(registry.host)
        if ecr
        else validate_host_for_kind(registry.kind, registry.host)
    )

    if registry.auth not in _AUTH_OF_KIND[registry.kind]:
        raise FieldError(
            "auth",
            f"A {registry.kind.label} registry cannot use the authentication "
            f"{quoted(registry.auth.value)}.",
        )
    if not ecr and registry.scope:
        raise FieldError("scope", "Only Amazon ECR registries have a repository scope.")
    if ecr and registry.insecure:
        raise FieldError("insecure", "Amazon ECR is only reached over HTTPS.")

    username = registry.username.strip()
    refuse_hidden("username", "user name", username)
    if registry.auth is AuthMethod.KEYS:
        username = credentials.clean_access_key_id(username)
    role_arn = registry.role_arn.strip()
    if role_arn:
        role_arn = credentials.clean_role_arn(role_arn)
    for field, label in (
        ("web_identity_token_file", "web identity token file"),
        ("profile", "profile"),
        ("ca_file", "CA bundle file"),
    ):
        refuse_hidden(field, label, getattr(registry, field))

    return replace(
        registry,
        name=name,
        host=host,
        username=username,
        role_arn=role_arn,
        scope=clean_scope(registry.scope) if ecr else (),
    )
