"""Turns what the admin typed into a registry entry and its secrets, or field errors.

No Qt here: the checks are plain functions over :class:`RegistryFormValues`, so they
are tested without a window. An ECR host's region is checked against botocore's
endpoint data (read once, then cached; the Add Registry dialog loads it on a worker
as it opens, see :func:`load_region_data`). Every problem is collected, so the form can show each
one under its own field at once, before any network call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from imagedesk.domain import credentials, validation
from imagedesk.domain.errors import FieldError, ValidationErrors
from imagedesk.domain.hosts import normalize_host, parse_ecr_host
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.registry_hosts import is_loopback_host, validate_host_for_kind
from imagedesk.domain.scope import clean_scope
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.domain.text import quoted
from imagedesk.registry.ecr.regions import check_ecr_region, ecr_regions, regions_loaded

logger = logging.getLogger(__name__)

T = TypeVar("T")

ROLE_AUTH_OFF = (
    "Enter both keys: blank keys mean role authentication, and ECR IAM Role Authentication is off."
)
NOT_ECR_HOST = (
    "This is not an Amazon ECR registry host. It looks like "
    "ACCOUNT.dkr.ecr.REGION.amazonaws.com (or public.ecr.aws)."
)
ENDPOINT_EXTRAS = validation.ENDPOINT_EXTRAS
NO_STORED_SECRET = (
    "No secret is stored for this entry (it was kept for an earlier run only, or removed "
    "from the keyring). Enter it again."
)
PLAIN_HTTP_REFUSED = (
    "Plain HTTP is only used for this computer's own addresses. Use https://, or tick "
    "Insecure (HTTP) if this registry really serves no TLS."
)


@dataclass(frozen=True)
class RegistryFormValues:
    """The raw text of every field, as typed."""

    name: str = ""
    host: str = ""
    kind: RegistryKind = RegistryKind.ECR
    access_key_id: str = ""
    secret_access_key: str = ""
    session_token: str = ""
    role_arn: str = ""
    web_identity_token_file: str = ""
    web_identity_token: str = ""
    profile: str = ""
    username: str = ""
    password: str = ""
    scope: str = ""  # ECR: one repository or prefix (``team-a/*``) per line
    ca_file: str = ""  # generic/ACR: a PEM file of extra trusted CAs
    insecure: bool = False  # generic/ACR: plain HTTP allowed for a non-loopback host
    endpoint_url: str = ""  # ECR: the AWS API endpoint (LocalStack, moto, a VPC endpoint)


@dataclass(frozen=True)
class FormOutcome:
    """A checked entry. ``secrets`` is None when an edit keeps the stored secrets."""

    registry: Registry
    secrets: RegistrySecrets | None
    secret_cleared: bool = False  # an edit moved the host without a new secret


class _Collector:
    """Runs checks, keeping the cleaned value or the FieldError of each."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def check(self, check: Callable[[], T], fallback: T) -> T:
        try:
            return check()
        except FieldError as error:
            self.errors.append(error)
            return fallback

    def refuse(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))


def check_form(
    values: RegistryFormValues,
    settings: Settings,
    *,
    endpoint_url: str = "",
    editing: Registry | None = None,
    existing: Sequence[Registry] = (),
    secret_stored: bool = True,
) -> FormOutcome:
    """The registry entry the form describes; raises ValidationErrors listing every field.

    An ECR entry takes its endpoint from the form's field; ``endpoint_url`` is used only
    for a new entry whose field is blank (callers that have no such field). Other kinds
    get no endpoint, except an edited entry that already has one: it may be corrected.

    With ``editing``, blank secret fields keep the stored secrets, unless the host
    changed: then the stored secrets are cleared (``secret_cleared``). When the keyring
    holds no secret for the edited entry (``secret_stored`` false), a blank secret field
    is refused at the field instead. ``existing`` are the catalog's entries, checked for
    one with the same host, credentials and scope.
    """
    collector = _Collector()
    name = collector.check(lambda: validation.registry_name(values.name), "")
    host = collector.check(lambda: _clean_host(values.kind, values.host), "")
    ecr = values.kind is RegistryKind.ECR
    no_scope: tuple[str, ...] = ()
    scope = collector.check(lambda: _clean_scope_text(values.scope), no_scope) if ecr else ()
    ca_file = "" if ecr else collector.check(lambda: _clean_ca_file(values.ca_file), "")
    insecure = values.insecure and not ecr
    endpoint = _entry_endpoint(values, editing, endpoint_url, collector)
    if host and not ecr and not insecure:
        collector.check(lambda: _check_plain_http(values.host, host), None)
    base = Registry(
        name=name,
        host=host,
        kind=values.kind,
        auth=AuthMethod.NONE,
        id=editing.id if editing else None,
        endpoint_url=endpoint,
        scope=scope,
        ca_file=ca_file,
        insecure=insecure,
        last_test=editing.last_test if editing else None,
    )
    host_changed = editing is not None and host != editing.host

    keeping = editing if secret_stored else None
    if values.kind is RegistryKind.ECR:
        outcome = _ecr_credentials(values, settings, base, collector, keeping, host_changed)
    else:
        outcome = _password_credentials(values, base, collector, keeping, host_changed)
    if not secret_stored and editing is not None:
        _ask_for_missing_secret(values, outcome.registry, collector)

    if host and not collector.errors:
        collector.check(lambda: _check_not_duplicate(outcome.registry, existing), None)
    if collector.errors:
        raise ValidationErrors(collector.errors)
    return outcome


def _clean_host(kind: RegistryKind, text: str) -> str:
    if kind is not RegistryKind.ECR:
        return validate_host_for_kind(kind, text)

    host = normalize_host(text)
    ecr_host = parse_ecr_host(host)
    if ecr_host is None:
        raise FieldError("host", NOT_ECR_HOST)
    check_ecr_region(ecr_host)
    return host


def _entry_endpoint(
    values: RegistryFormValues,
    editing: Registry | None,
    fallback: str,
    collector: _Collector,
) -> str:
    if values.kind is not RegistryKind.ECR and not endpoint_editable(values.kind, editing):
        return ""
    if not values.endpoint_url.strip() and editing is None:
        return fallback
    return collector.check(lambda: clean_endpoint_url(values.endpoint_url), "")


def endpoint_editable(kind: RegistryKind, editing: Registry | None) -> bool:
    """ECR entries have an endpoint field; other kinds only to correct a stored one."""
    return kind is RegistryKind.ECR or (editing is not None and bool(editing.endpoint_url))


def clean_endpoint_url(text: str) -> str:
    """A blank, https or loopback-http URL without credentials, query or fragment."""
    return validation.validate_endpoint_url(text, "endpoint_url").rstrip("/")


def load_region_data() -> None:
    """Read botocore's endpoint data for the commercial partition, where nearly every
    ECR host lives, so the first check on the UI thread finds it cached."""
    ecr_regions("aws")


def region_data_loaded() -> bool:
    return regions_loaded("aws")


def _clean_scope_text(text: str) -> tuple[str, ...]:
    return clean_scope(text.splitlines())


def _clean_ca_file(text: str) -> str:
    """A path to an existing file, or blank. Its contents are checked by the test."""
    path = text.strip()
    if path and not _is_file(path):
        raise FieldError(
            "ca_file", f"There is no file at {quoted(path)}. Choose the CA bundle (PEM)."
        )
    return str(Path(path).expanduser()) if path else ""


def _is_file(path: str) -> bool:
    try:
        return Path(path).expanduser().is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL, no home
        return False


def _check_plain_http(typed: str, host: str) -> None:
    """``http://`` typed for a host that is not this computer, without the insecure tick."""
    if typed.strip().lower().startswith("http://") and not is_loopback_host(host):
        raise FieldError("host", PLAIN_HTTP_REFUSED)


def _check_not_duplicate(registry: Registry, existing: Sequence[Registry]) -> None:
    """Several entries may share a host with other credentials or another scope; the
    same host, credentials and scope twice is a duplicate."""
    for other in existing:
        if other.id is not None and other.id == registry.id:
            continue
        if (
            other.host.casefold() == registry.host.casefold()
            and other.username == registry.username
            and set(other.scope) == set(registry.scope)
        ):
            raise FieldError(
                "host",
                f'{registry.host} is already registered as "{other.name}" with the same '
                "credentials and scope. Use that entry, or give this one another scope.",
            )


def _ecr_credentials(
    values: RegistryFormValues,
    settings: Settings,
    base: Registry,
    collector: _Collector,
    editing: Registry | None,
    host_changed: bool,
) -> FormOutcome:
    key_text = values.access_key_id.strip()
    secret_text = values.secret_access_key.strip()
    keeps_secret = _keeps_stored_secret(editing, AuthMethod.KEYS, secret_text)

    if not key_text and not secret_text:
        return _role_credentials(values, settings, base, collector)

    key_id = collector.check(lambda: credentials.clean_access_key_id(key_text), "")
    registry = replace(base, auth=AuthMethod.KEYS, username=key_id)
    if keeps_secret:
        return FormOutcome(registry, None if not host_changed else RegistrySecrets(), host_changed)

    secret = collector.check(lambda: credentials.clean_secret_access_key(secret_text), "")
    token = collector.check(lambda: credentials.clean_session_token(values.session_token), "")
    if key_id and not any(e.field == "session_token" for e in collector.errors):
        collector.check(lambda: credentials.check_session_token_fits_key(key_id, token), None)
    secrets = RegistrySecrets(
        secret=Secret(secret),
        session_token=Secret(token) if token else None,
    )
    return FormOutcome(registry, secrets)


def _role_credentials(
    values: RegistryFormValues,
    settings: Settings,
    base: Registry,
    collector: _Collector,
) -> FormOutcome:
    ecr_host = parse_ecr_host(base.host) if base.host else None
    if ecr_host is not None and ecr_host.public:
        return FormOutcome(replace(base, auth=AuthMethod.NONE), RegistrySecrets())
    if not settings.ecr_role_auth:
        collector.refuse("access_key_id", ROLE_AUTH_OFF)
        return FormOutcome(base, None)

    role_arn = ""
    if values.role_arn.strip():
        role_arn = collector.check(lambda: credentials.clean_role_arn(values.role_arn), "")
    token = ""
    if values.web_identity_token.strip():
        token = collector.check(
            lambda: credentials.clean_web_identity_token(
                values.web_identity_token, "web_identity_token"
            ),
            "",
        )
    token_file = values.web_identity_token_file.strip()
    if (token or token_file) and not role_arn:
        collector.refuse("role_arn", "A web identity token needs the role ARN to assume.")

    registry = replace(
        base,
        auth=AuthMethod.ROLE,
        role_arn=role_arn,
        web_identity_token_file=token_file,
        profile=values.profile.strip(),
    )
    secrets = RegistrySecrets(web_identity_token=Secret(token) if token else None)
    return FormOutcome(registry, secrets)


def _password_credentials(
    values: RegistryFormValues,
    base: Registry,
    collector: _Collector,
    editing: Registry | None,
    host_changed: bool,
) -> FormOutcome:
    username = values.username.strip()
    password = values.password.strip()
    if not username and not password:
        return FormOutcome(replace(base, auth=AuthMethod.NONE), RegistrySecrets())

    if not username:
        collector.refuse("username", "Enter the user name that goes with the password.")
    registry = replace(base, auth=AuthMethod.PASSWORD, username=username)
    if _keeps_stored_secret(editing, AuthMethod.PASSWORD, password):
        return FormOutcome(registry, None if not host_changed else RegistrySecrets(), host_changed)

    if not password:
        collector.refuse("password", "Enter the password or token for this user.")
    return FormOutcome(registry, RegistrySecrets(secret=Secret(password)))


def _ask_for_missing_secret(
    values: RegistryFormValues, registry: Registry, collector: _Collector
) -> None:
    """Keys or a password without a secret, where none is stored: ask at the field (in
    place of the general "enter it" message the field may already have)."""
    field = "secret_access_key" if registry.kind is RegistryKind.ECR else "password"
    typed = values.secret_access_key if field == "secret_access_key" else values.password
    if registry.auth not in (AuthMethod.KEYS, AuthMethod.PASSWORD) or typed.strip():
        return
    collector.errors = [error for error in collector.errors if error.field != field]
    collector.refuse(field, NO_STORED_SECRET)


def _keeps_stored_secret(editing: Registry | None, auth: AuthMethod, typed: str) -> bool:
    """An edit of an entry that already has a stored secret, with the field left blank."""
    return editing is not None and editing.auth is auth and not typed
