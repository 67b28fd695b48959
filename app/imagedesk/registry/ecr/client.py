"""The ECR registry client: credentials, login tokens, listing and diagnosis.

One client per registry entry; it keeps the resolved session, the AWS clients and
the login token in memory for its lifetime. Calls are blocking and meant for a
worker thread; a lock makes concurrent use safe, not parallel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.errors import (
    CatalogDisabled,
    FieldError,
    NotFound,
    PermissionMissing,
    RegistryError,
)
from imagedesk.domain.hosts import EcrHost, parse_ecr_host
from imagedesk.domain.models import ImageInfo, Registry, RepositoryInfo, Settings
from imagedesk.domain.scope import is_prefix, prefix_of
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.domain.text import quoted
from imagedesk.registry.base import StepCallback
from imagedesk.registry.ecr import listing
from imagedesk.registry.ecr.diagnosis import run_diagnosis, scope_steps
from imagedesk.registry.ecr.errors import classify
from imagedesk.registry.ecr.regions import check_ecr_region
from imagedesk.registry.ecr.retry_watch import RetryWatch
from imagedesk.registry.ecr.session import (
    MfaPrompt,
    ResolvedCredentials,
    make_ecr_client,
    make_sts_client,
    resolve_credentials,
)
from imagedesk.registry.ecr.token_cache import (
    AuthToken,
    Clock,
    TokenCache,
    TokenState,
    as_utc,
    decode_authorization_token,
    utc_now,
)

if TYPE_CHECKING:
    from mypy_boto3_ecr import ECRClient
    from mypy_boto3_sts import STSClient

logger = logging.getLogger(__name__)

GET_AUTHORIZATION_TOKEN = "ecr:GetAuthorizationToken"
GET_CALLER_IDENTITY = "sts:GetCallerIdentity"
SESSION_RENEW_MARGIN = timedelta(minutes=5)


class EcrClient:
    """Implements ``registry.base.RegistryClient`` for private Amazon ECR."""

    def __init__(
        self,
        registry: Registry,
        secrets: RegistrySecrets,
        settings: Settings,
        *,
        mfa_prompt: MfaPrompt | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.registry = registry
        self._secrets = secrets
        self._settings = settings
        self.mfa_prompt = mfa_prompt
        self._clock = clock
        self._tokens = TokenCache(clock)
        self._lock = threading.RLock()
        self._resolved: ResolvedCredentials | None = None
        self._ecr: ECRClient | None = None
        self._sts: STSClient | None = None
        self.retries = RetryWatch()

    # --- host and credentials -----------------------------------------------------

    @property
    def host(self) -> EcrHost:
        """The parsed ECR host; FieldError when the configured host is not ECR."""
        parsed = parse_ecr_host(self.registry.host)
        if parsed is None:
            raise FieldError(
                "host",
                f"{quoted(self.registry.host)} is not an Amazon ECR registry host "
                "(ACCOUNT.dkr.ecr.REGION.amazonaws.com). AWS credentials are only sent to ECR.",
            )
        return check_ecr_region(parsed)

    def credentials(self) -> ResolvedCredentials:
        """The resolved credentials, renewed when temporary ones are about to expire."""
        with self._lock:
            resolved = self._resolved
            now = as_utc(self._clock())
            if resolved is not None and (
                resolved.expires_at is None or now < resolved.expires_at - SESSION_RENEW_MARGIN
            ):
                return resolved

            resolved = resolve_credentials(
                self.registry,
                self._secrets,
                self._settings,
                self.host,
                mfa_prompt=self.mfa_prompt,
            )
            self._resolved = resolved
            self._ecr = None
            self._sts = None
            logger.debug(
                "credentials for %s resolved from %s", self.registry.host, resolved.source
            )
            return resolved

    def ecr(self) -> ECRClient:
        with self._lock:
            session = self.credentials().session
            if self._ecr is None:
                self._ecr = make_ecr_client(session, self.host, self.registry.endpoint_url)
                self.retries.register(self._ecr)
            return self._ecr

    def sts(self) -> STSClient:
        with self._lock:
            session = self.credentials().session
            if self._sts is None:
                self._sts = make_sts_client(session, self.host, self.registry.endpoint_url)
                self.retries.register(self._sts)
            return self._sts

    def caller_identity(self, cancel: CancelToken) -> str:
        """The ARN of the principal that signs this registry's calls."""
        cancel.raise_if_cancelled()
        sts = self.sts()
        try:
            return str(sts.get_caller_identity()["Arn"])
        except (ClientError, BotoCoreError) as error:
            raise classify(error, GET_CALLER_IDENTITY) from error

    # --- login token ----------------------------------------------------------------

    def get_token(self, cancel: CancelToken) -> AuthToken:
        """A fresh login token for this registry, from the cache or from ECR."""
        host = self.host
        cached = self._tokens.get(host.host)
        if cached is not None:
            return cached
        if host.public:
            # TODO: ECR Public pulls are anonymous; ecr-public:GetAuthorizationToken is
            # only needed to push, which Image Desk does not do.
            raise RegistryError("ECR Public needs no login token for pulling images.")

        cancel.raise_if_cancelled()
        try:
            answer = self.ecr().get_authorization_token(registryIds=[host.account_id])
            data = answer["authorizationData"][0]
            username, password = decode_authorization_token(data["authorizationToken"])
        except (ClientError, BotoCoreError, RegistryError, KeyError, IndexError) as error:
            failure = classify(error, GET_AUTHORIZATION_TOKEN)
            self._tokens.record_error(host.host, failure.message)
            raise failure from error

        token = AuthToken(
            username=username,
            password=password,
            expires_at=as_utc(data["expiresAt"]),
            issued_at=self._tokens.now(),
        )
        self._tokens.store(host.host, token)
        return token

    def refresh_token(self, cancel: CancelToken) -> TokenState:
        """Fetch a new token now; a failure is recorded in the returned state's last_error."""
        host = self.host
        self._tokens.invalidate(host.host)
        try:
            self.get_token(cancel)
        except RegistryError as error:
            logger.info("token refresh for %s failed: %s", host.host, error.message)
        return self._tokens.state(host.host)

    def token_state(self) -> TokenState:
        parsed = parse_ecr_host(self.registry.host)
        return self._tokens.state(parsed.host) if parsed else TokenState()

    # --- RegistryClient -------------------------------------------------------------

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        return run_diagnosis(self, on_step, cancel)

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        host = self.host
        if host.public:
            raise CatalogDisabled("ECR Public is not listed; type the repository name.")
        if self.registry.scope:
            yield from self._scoped_repository_pages(self.registry.scope, cancel)
            return
        yield from listing.iter_repository_pages(self.ecr(), host.account_id, cancel)

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        yield from listing.iter_image_pages(self.ecr(), self.host.account_id, repository, cancel)

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        return listing.all_tags(self.iter_image_pages(repository, cancel))

    def check_scope(self, scope: tuple[str, ...], cancel: CancelToken) -> list[StepResult]:
        """One step per scope entry: is that repository (or prefix) readable?"""
        return list(scope_steps(self, scope, cancel, listing_allowed=None))

    def describe_repositories(
        self, names: Sequence[str], cancel: CancelToken
    ) -> list[RepositoryInfo]:
        """The named repositories; raises NotFound or PermissionMissing."""
        return listing.describe_named_repositories(self.ecr(), self.host.account_id, names, cancel)

    # --- scoped registries ------------------------------------------------------------

    def _scoped_repository_pages(
        self, scope: tuple[str, ...], cancel: CancelToken
    ) -> Iterator[list[RepositoryInfo]]:
        """Only the scope: named repositories described by name, prefixes by listing."""
        names = [entry for entry in scope if not is_prefix(entry)]
        prefixes = tuple(prefix_of(entry) for entry in scope if is_prefix(entry))
        if names:
            yield self._describe_existing(names, cancel)
        if not prefixes:
            return

        named = set(names)  # a name under a prefix is shown once, not again by the listing
        try:
            for page in self.iter_repository_pages_unscoped(cancel):
                matching = [
                    repo
                    for repo in page
                    if repo.name.startswith(prefixes) and repo.name not in named
                ]
                if matching:
                    yield matching
        except PermissionMissing:
            # TODO: the caller cannot tell "denied" from "nothing matches"; the browser
            # offers "Open repository" for every scoped registry either way.
            logger.info("prefixes in the scope of %s cannot be listed", self.registry.name)

    def iter_repository_pages_unscoped(
        self, cancel: CancelToken
    ) -> Iterator[list[RepositoryInfo]]:
        yield from listing.iter_repository_pages(self.ecr(), self.host.account_id, cancel)

    def _describe_existing(self, names: list[str], cancel: CancelToken) -> list[RepositoryInfo]:
        """The scope's named repositories that exist; all of them, undescribed, when the
        keys may not describe repositories (the admin's scope is then taken as given)."""
        try:
            return self.describe_repositories(names, cancel)
        except NotFound:
            pass
        except PermissionMissing:
            logger.info("keys of %s may not describe repositories", self.registry.name)
            return [RepositoryInfo(name=name) for name in names]

        found: list[RepositoryInfo] = []
        for name in names:
            try:
                found.extend(self.describe_repositories([name], cancel))
            except NotFound:
                logger.info("scoped repository %s does not exist", name)
        return found
