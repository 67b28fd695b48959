"""Resolves the AWS credentials of one ECR registry entry into a boto3 session.

Exactly one source is used, chosen by the entry: static keys, an explicit role
assumed with a web identity token, a named profile, or (blank everything) the
default chain. Nothing falls back silently: the source is reported, and a default
chain that lands on something broader than web identity comes with a warning.

Sessions come from :mod:`imagedesk.registry.ecr.botocore_sessions`, which makes every
registry's session share one data loader and parse timestamps straight into UTC.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import boto3
import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.credentials import AssumeRoleProvider, ProfileProviderBuilder
from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.credentials import (
    check_session_token_fits_key,
    clean_access_key_id,
    clean_role_arn,
    clean_secret_access_key,
    clean_session_token,
    clean_web_identity_token,
)
from imagedesk.domain.errors import CredentialsMissing, FieldError, RoleAuthDisabled
from imagedesk.domain.hosts import EcrHost
from imagedesk.domain.models import Registry, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.domain.validation import validate_endpoint_url
from imagedesk.registry.ecr.botocore_sessions import botocore_session, new_session
from imagedesk.registry.ecr.config import client_config
from imagedesk.registry.ecr.errors import ASSUME_ROLE_WITH_WEB_IDENTITY, classify
from imagedesk.registry.ecr.token_cache import as_utc

if TYPE_CHECKING:
    from mypy_boto3_ecr import ECRClient
    from mypy_boto3_sts import STSClient

logger = logging.getLogger(__name__)

MfaPrompt = Callable[[str], str]

SESSION_NAME = "imagedesk"
MAX_TOKEN_FILE_BYTES = 64 * 1024


class CredentialSource(enum.StrEnum):
    KEYS = "keys"
    WEB_IDENTITY = "web identity"
    PROFILE = "profile"
    ENVIRONMENT = "environment"
    SHARED_FILE = "shared credentials file"
    INSTANCE_ROLE = "instance role"
    CONTAINER_ROLE = "container role"
    OTHER = "other"


# botocore's Credentials.method -> where the default chain found the credentials
_CHAIN_METHODS = {
    "env": CredentialSource.ENVIRONMENT,
    "assume-role-with-web-identity": CredentialSource.WEB_IDENTITY,
    "iam-role": CredentialSource.INSTANCE_ROLE,
    "container-role": CredentialSource.CONTAINER_ROLE,
    "shared-credentials-file": CredentialSource.SHARED_FILE,
    "config-file": CredentialSource.SHARED_FILE,
    "assume-role": CredentialSource.PROFILE,
    "sso": CredentialSource.PROFILE,
}


@dataclass(frozen=True)
class ResolvedCredentials:
    session: boto3.Session
    source: CredentialSource
    warning: str = ""
    expires_at: datetime | None = None  # temporary credentials from web identity


def uses_role_auth(registry: Registry, secrets: RegistrySecrets) -> bool:
    """Both keys blank means role authentication, whatever kind of role."""
    return not registry.username.strip() and not secrets.secret


def make_ecr_client(session: boto3.Session, host: EcrHost, endpoint_url: str = "") -> ECRClient:
    """An ECR client with timeouts and bounded retries; ``endpoint_url`` overrides AWS."""
    config = client_config(host.region, fips=host.fips, dual_stack=host.dual_stack)
    return session.client("ecr", config=config, endpoint_url=_endpoint(endpoint_url))


def make_sts_client(session: boto3.Session, host: EcrHost, endpoint_url: str = "") -> STSClient:
    """An STS client in the host's region, with the same timeouts and retries."""
    config = client_config(host.region, fips=host.fips, dual_stack=host.dual_stack)
    return session.client("sts", config=config, endpoint_url=_endpoint(endpoint_url))


def _endpoint(endpoint_url: str) -> str | None:
    """The checked endpoint override, or None for AWS itself (FieldError when bad)."""
    return validate_endpoint_url(endpoint_url) or None


def resolve_credentials(
    registry: Registry,
    secrets: RegistrySecrets,
    settings: Settings,
    host: EcrHost,
    *,
    mfa_prompt: MfaPrompt | None = None,
) -> ResolvedCredentials:
    """The session for ``registry``. Raises FieldError for bad input, RegistryError else."""
    if not uses_role_auth(registry, secrets):
        return _static_keys(registry, secrets, host)

    if not settings.ecr_role_auth:
        raise RoleAuthDisabled()
    if registry.role_arn.strip():
        return _web_identity(registry, secrets, host)
    if registry.profile.strip():
        return _profile(registry.profile.strip(), host, mfa_prompt)
    return _default_chain(host)


def _static_keys(
    registry: Registry, secrets: RegistrySecrets, host: EcrHost
) -> ResolvedCredentials:
    key_id = clean_access_key_id(registry.username)
    secret = clean_secret_access_key(secrets.secret.reveal() if secrets.secret else "")
    token = clean_session_token(secrets.session_token.reveal() if secrets.session_token else "")
    check_session_token_fits_key(key_id, token)

    session = new_session(
        host.region,
        access_key_id=key_id,
        secret_access_key=secret,
        session_token=token or None,
    )
    return ResolvedCredentials(session=session, source=CredentialSource.KEYS)


def read_web_identity_token_file(path: str) -> str:
    """The token in ``path``, after checking it exists, is readable and looks like a JWT."""
    field = "web_identity_token_file"
    if not os.path.exists(path):
        raise FieldError(field, f"The web identity token file {path} does not exist.")
    if not os.path.isfile(path):
        raise FieldError(field, f"{path} is not a file.")
    if not os.access(path, os.R_OK):
        raise FieldError(field, f"The web identity token file {path} is not readable.")

    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_TOKEN_FILE_BYTES + 1)
    except OSError as error:
        raise FieldError(field, f"The token file {path} could not be read: {error}.") from error
    if len(raw) > MAX_TOKEN_FILE_BYTES:
        raise FieldError(field, f"{path} is far too large to be a web identity token.")

    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as error:
        raise FieldError(field, f"{path} is not a web identity token (not text).") from error
    return clean_web_identity_token(text, field)


def _web_identity(
    registry: Registry, secrets: RegistrySecrets, host: EcrHost
) -> ResolvedCredentials:
    role_arn = clean_role_arn(registry.role_arn)
    if registry.web_identity_token_file.strip():
        token = read_web_identity_token_file(registry.web_identity_token_file.strip())
    elif secrets.web_identity_token:
        token = clean_web_identity_token(secrets.web_identity_token.reveal(), "web_identity_token")
    else:
        raise FieldError(
            "web_identity_token_file",
            "A role ARN needs a web identity token: choose the token file or paste the token.",
        )

    # AssumeRoleWithWebIdentity is not signed; an unsigned client cannot pick up
    # whatever other credentials happen to be around.
    unsigned = client_config(host.region, fips=host.fips).merge(Config(signature_version=UNSIGNED))
    sts = new_session(host.region).client(
        "sts", config=unsigned, endpoint_url=_endpoint(registry.endpoint_url)
    )
    try:
        answer = sts.assume_role_with_web_identity(
            RoleArn=role_arn, RoleSessionName=SESSION_NAME, WebIdentityToken=token
        )
    except (ClientError, BotoCoreError) as error:
        raise classify(error, ASSUME_ROLE_WITH_WEB_IDENTITY) from error

    credentials = answer["Credentials"]
    session = new_session(
        host.region,
        access_key_id=credentials["AccessKeyId"],
        secret_access_key=credentials["SecretAccessKey"],
        session_token=credentials["SessionToken"],
    )
    return ResolvedCredentials(
        session=session,
        source=CredentialSource.WEB_IDENTITY,
        expires_at=as_utc(credentials["Expiration"]),
    )


def _profile(profile: str, host: EcrHost, mfa_prompt: MfaPrompt | None) -> ResolvedCredentials:
    try:
        core = botocore_session(profile)
        if mfa_prompt is not None:
            _ask_mfa_through(core, profile, mfa_prompt)
        session = boto3.Session(botocore_session=core, region_name=host.region)
        credentials = session.get_credentials()
    except (ClientError, BotoCoreError) as error:
        raise classify(error, "profile credentials") from error

    if credentials is None:
        raise CredentialsMissing(f"The AWS profile '{profile}' holds no credentials.")
    return ResolvedCredentials(session=session, source=CredentialSource.PROFILE)


def _ask_mfa_through(core: botocore.session.Session, profile: str, prompt: MfaPrompt) -> None:
    """Make the profile's role assumption ask ``prompt`` for the MFA code.

    botocore keeps the assumed session in the provider's cache until it expires, so one
    code serves every call of this client meanwhile.
    """
    # TODO: profiles using credential_source (Environment, Ec2InstanceMetadata) are not
    # supported with the MFA prompt; botocore's own provider is replaced without them.
    resolver = core.get_component("credential_provider")
    provider = AssumeRoleProvider(
        load_config=lambda: core.full_config,
        client_creator=core.create_client,
        cache={},
        profile_name=profile,
        prompter=prompt,
        profile_provider_builder=ProfileProviderBuilder(core),
    )
    resolver.insert_after("assume-role", provider)
    resolver.remove("assume-role")  # removes botocore's own, which comes first


def _default_chain(host: EcrHost) -> ResolvedCredentials:
    session = new_session(host.region)
    try:
        credentials = session.get_credentials()
    except (ClientError, BotoCoreError) as error:
        raise classify(error, "default credential chain") from error
    if credentials is None:
        raise CredentialsMissing(
            "Both keys are blank and the default AWS credential chain found nothing: "
            "no web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE), profile or "
            "instance role. Enter keys or a role ARN with a token."
        )

    source = _CHAIN_METHODS.get(credentials.method or "", CredentialSource.OTHER)
    warning = ""
    if source is not CredentialSource.WEB_IDENTITY:
        warning = (
            f"Blank keys fell back to {source} credentials, which may reach more than this "
            "registry needs. Use web identity (a role ARN with a token) to be specific."
        )
        logger.info("ECR role authentication resolved to %s credentials", source)
    return ResolvedCredentials(session=session, source=source, warning=warning)
