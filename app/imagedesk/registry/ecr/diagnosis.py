"""The named steps of an ECR connection test, each reported as it starts and ends.

parse host → resolve credentials → sts:GetCallerIdentity → ecr:GetAuthorizationToken
→ ecr:DescribeRepositories → ecr:DescribeImages on one repository, plus one step per
scope entry when the registry has a scope. A failure becomes a FAILED step with a
sentence and details; later steps that depend on it are not run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.errors import (
    FieldError,
    ImageDeskError,
    NotFound,
    PermissionMissing,
)
from imagedesk.domain.scope import is_prefix, prefix_of
from imagedesk.registry.base import StepCallback
from imagedesk.registry.ecr import listing
from imagedesk.registry.ecr.config import DIAGNOSIS_DEADLINE_SECONDS

if TYPE_CHECKING:
    from imagedesk.registry.ecr.client import EcrClient

logger = logging.getLogger(__name__)

LISTING_DENIED_WITH_SCOPE = (
    "These keys can't list the whole registry; add the repositories they are for. "
    "Checking the registry's scope instead."
)
LISTING_DENIED = (
    "Authenticated, but not allowed to list repositories (needs ecr:DescribeRepositories). "
    "If these keys are meant for some repositories only: these keys can't list the whole "
    "registry; add the repositories they are for as the registry's scope."
)


class _Checklist:
    """Records steps into the report and tells ``on_step`` about each change."""

    def __init__(self, on_step: StepCallback, report: DiagnosisReport) -> None:
        self._on_step = on_step
        self.report = report
        self._running: tuple[str, str] | None = None

    def start(self, key: str, title: str, message: str = "") -> None:
        self._running = (key, title)
        self._on_step(StepResult(key, title, StepState.RUNNING, message))

    def retrying(self, message: str) -> None:
        """The running step, told again with a retry message ("retrying (attempt 2 of 3)")."""
        if self._running is not None:
            self.start(*self._running, message)

    def finish(
        self, key: str, title: str, state: StepState, message: str, details: str = ""
    ) -> StepResult:
        step = StepResult(key, title, state, message, details)
        self.report.steps.append(step)
        self._on_step(step)
        return step

    def add(self, step: StepResult) -> None:
        self.report.steps.append(step)
        self._on_step(step)

    def fail(self, key: str, title: str, error: ImageDeskError) -> StepResult:
        return self.finish(key, title, StepState.FAILED, error.message, error.details)


def run_diagnosis(
    client: EcrClient, on_step: StepCallback, cancel: CancelToken
) -> DiagnosisReport:
    """Run every step; never raises for a registry failure (only Cancelled)."""
    report = DiagnosisReport()
    checklist = _Checklist(on_step, report)

    checklist.start("parse_host", "Parse registry host")
    try:
        host = client.host
    except FieldError as error:
        checklist.fail("parse_host", "Parse registry host", error)
        return report
    kind = "ECR Public" if host.public else f"account {host.account_id}, region {host.region}"
    flags = "".join((", FIPS" if host.fips else "", ", dual-stack" if host.dual_stack else ""))
    checklist.finish(
        "parse_host", "Parse registry host", StepState.PASSED, f"Amazon ECR: {kind}{flags}."
    )
    if host.public:
        checklist.finish(
            "credentials",
            "Resolve credentials",
            StepState.SKIPPED,
            "ECR Public images are pulled anonymously; no credentials are needed.",
        )
        return report

    if not _credentials_step(client, checklist, cancel):
        return report
    deadline = time.monotonic() + DIAGNOSIS_DEADLINE_SECONDS
    with client.retries.listening(checklist.retrying, deadline):
        if not _identity_step(client, checklist, cancel):
            return report
        if not _token_step(client, checklist, cancel):
            return report
        _listing_steps(client, checklist, cancel)
    return report


def _credentials_step(client: EcrClient, checklist: _Checklist, cancel: CancelToken) -> bool:
    key, title = "credentials", "Resolve credentials"
    checklist.start(key, title)
    cancel.raise_if_cancelled()
    try:
        resolved = client.credentials()
    except ImageDeskError as error:
        checklist.fail(key, title, error)
        return False

    checklist.report.credential_source = str(resolved.source)
    if resolved.warning:
        checklist.report.warnings.append(resolved.warning)
        checklist.finish(key, title, StepState.WARNING, resolved.warning)
    else:
        checklist.finish(key, title, StepState.PASSED, f"Using {resolved.source}.")
    return True


def _identity_step(client: EcrClient, checklist: _Checklist, cancel: CancelToken) -> bool:
    key, title = "identity", "sts:GetCallerIdentity"
    checklist.start(key, title)
    try:
        arn = client.caller_identity(cancel)
    except PermissionMissing as error:
        # Real AWS never denies GetCallerIdentity, but some endpoints do; not fatal.
        checklist.finish(key, title, StepState.WARNING, error.message, error.details)
        return True
    except ImageDeskError as error:
        checklist.fail(key, title, error)
        return False

    checklist.report.identity_arn = arn
    checklist.finish(key, title, StepState.PASSED, f"Signed in as {arn}.")
    return True


def _token_step(client: EcrClient, checklist: _Checklist, cancel: CancelToken) -> bool:
    key, title = "token", "ecr:GetAuthorizationToken"
    checklist.start(key, title)
    try:
        token = client.get_token(cancel)
    except ImageDeskError as error:
        checklist.fail(key, title, error)
        return False

    expires = token.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if token.expires_at <= token.issued_at:
        message = f"Got a login token, already expired when it arrived ({expires}); used once."
    else:
        message = f"Got a login token, valid until {expires}."
    checklist.finish(key, title, StepState.PASSED, message)
    return True


def _listing_steps(client: EcrClient, checklist: _Checklist, cancel: CancelToken) -> None:
    key, title = "list", "ecr:DescribeRepositories"
    scope = client.registry.scope
    checklist.start(key, title)
    ecr = client.ecr()
    account = client.host.account_id

    def notice(message: str) -> None:
        checklist.start(key, title, message)

    try:
        pages = listing.iter_repository_pages(ecr, account, cancel, on_retry=notice)
        first_page = next(pages, [])
    except PermissionMissing as error:
        if not scope:
            checklist.finish(key, title, StepState.FAILED, LISTING_DENIED, error.details)
            return
        checklist.finish(key, title, StepState.WARNING, LISTING_DENIED_WITH_SCOPE, error.details)
        for step in scope_steps(client, scope, cancel, listing_allowed=False):
            checklist.add(step)
        return
    except ImageDeskError as error:
        checklist.fail(key, title, error)
        return

    more = "+" if len(first_page) >= listing.PAGE_SIZE else ""
    checklist.finish(
        key, title, StepState.PASSED, f"{len(first_page)}{more} repositories visible."
    )
    if scope:
        for step in scope_steps(client, scope, cancel, listing_allowed=True):
            checklist.add(step)
        return
    if first_page:
        _images_step(client, first_page[0].name, checklist, cancel)
    else:
        checklist.finish(
            "images", "ecr:DescribeImages", StepState.SKIPPED, "The registry has no repository."
        )


def _images_step(
    client: EcrClient, repository: str, checklist: _Checklist, cancel: CancelToken
) -> None:
    key, title = "images", "ecr:DescribeImages"
    checklist.start(key, title)
    try:
        images = listing.first_image_page(client.ecr(), client.host.account_id, repository, cancel)
    except ImageDeskError as error:
        checklist.fail(key, title, error)
        return
    checklist.finish(
        key, title, StepState.PASSED, f"Images of {repository} are readable ({len(images)} seen)."
    )


def scope_steps(
    client: EcrClient,
    scope: tuple[str, ...],
    cancel: CancelToken,
    *,
    listing_allowed: bool | None,
) -> Iterator[StepResult]:
    """One step per scope entry. ``listing_allowed`` None means: find out by trying."""
    for entry in scope:
        cancel.raise_if_cancelled()
        if is_prefix(entry):
            yield _prefix_step(client, entry, cancel, listing_allowed)
        else:
            yield _repository_step(client, entry, cancel)


def _repository_step(client: EcrClient, name: str, cancel: CancelToken) -> StepResult:
    """Describe the repository by name, then read its images.

    Keys whose policy allows reading images but not describing repositories (the demo's
    scoped user) still pass, with a note: reading images is what an import needs.
    """
    key, title = f"scope:{name}", f"Repository {name}"
    note = ""
    try:
        try:
            client.describe_repositories([name], cancel)
        except PermissionMissing as denied:
            note = f" ({denied.action} on it is not allowed, which an import does not need)"
        images = listing.first_image_page(client.ecr(), client.host.account_id, name, cancel)
    except NotFound as error:
        return StepResult(
            key, title, StepState.FAILED, f"{name} does not exist in this registry.", error.details
        )
    except PermissionMissing as error:
        return StepResult(
            key,
            title,
            StepState.FAILED,
            f"{name} is not readable with these keys (needs {error.action}).",
            error.details,
        )
    except ImageDeskError as error:
        return StepResult(key, title, StepState.FAILED, f"{name}: {error.message}", error.details)
    return StepResult(
        key, title, StepState.PASSED, f"{name} is readable ({len(images)} images seen){note}."
    )


def _prefix_step(
    client: EcrClient, entry: str, cancel: CancelToken, listing_allowed: bool | None
) -> StepResult:
    key, title = f"scope:{entry}", f"Repositories {entry}"
    note = (
        f"{entry} accepted without a check: these keys can't list repositories, "
        "so a prefix can only be checked when a repository under it is opened."
    )
    if listing_allowed is False:
        return StepResult(key, title, StepState.WARNING, note)

    prefix = prefix_of(entry)
    try:
        count = sum(
            1
            for page in client.iter_repository_pages_unscoped(cancel)
            for repository in page
            if repository.name.startswith(prefix)
        )
    except PermissionMissing:
        return StepResult(key, title, StepState.WARNING, note)
    except ImageDeskError as error:
        return StepResult(key, title, StepState.FAILED, f"{entry}: {error.message}", error.details)
    if count == 0:
        return StepResult(
            key, title, StepState.WARNING, f"No repository in this registry matches {entry}."
        )
    return StepResult(key, title, StepState.PASSED, f"{count} repositories match {entry}.")
