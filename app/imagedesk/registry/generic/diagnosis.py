"""The connection test of a v2 registry, as named steps the dialog shows one by one.

parse host → reach /v2/ (TLS) → authenticate → list the catalog → list the tags
of one repository. A failed step stops the test; the steps after it are SKIPPED.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.errors import (
    Cancelled,
    CatalogDisabled,
    CredentialsMissing,
    ImageDeskError,
    RegistryError,
)
from imagedesk.domain.registry_hosts import is_loopback_host, validate_host_for_kind
from imagedesk.domain.text import counted
from imagedesk.registry.base import StepCallback

if TYPE_CHECKING:
    from imagedesk.registry.generic.client import GenericClient

logger = logging.getLogger(__name__)

STEPS = (
    ("parse_host", "Registry host"),
    ("reach", "Reach /v2/ (TLS)"),
    ("authenticate", "Log in"),
    ("list", "List repositories (/v2/_catalog)"),
    ("tags", "List tags of one repository"),
)
_TITLES = dict(STEPS)

# A step returns its final state and sentence, or raises an ImageDeskError.
StepOutcome = tuple[StepState, str]


def run_diagnosis(
    client: GenericClient, on_step: StepCallback, cancel: CancelToken
) -> DiagnosisReport:
    """Never raises for a registry failure; only Cancelled escapes."""
    report = DiagnosisReport(credential_source=_credential_source(client))
    probe = _Probe(client, cancel)
    actions: dict[str, Callable[[], StepOutcome]] = {
        "parse_host": probe.parse_host,
        "reach": probe.reach,
        "authenticate": probe.authenticate,
        "list": probe.list_catalog,
        "tags": probe.list_tags,
    }

    failed = False
    for key, title in STEPS:
        if failed:
            _record(report, on_step, StepResult(key, title, StepState.SKIPPED))
            continue

        cancel.raise_if_cancelled()
        on_step(StepResult(key, title, StepState.RUNNING))
        result = _run_step(key, actions[key])
        failed = result.state is StepState.FAILED
        _record(report, on_step, result)
        if result.state is StepState.WARNING:
            report.warnings.append(result.message)
    return report


def _run_step(key: str, action: Callable[[], StepOutcome]) -> StepResult:
    title = _TITLES[key]
    try:
        state, message = action()
    except Cancelled:
        raise
    except RegistryError as error:
        logger.info("Registry test step %s failed: %s", key, error.message)
        return StepResult(key, title, StepState.FAILED, error.message, error.details)
    except ImageDeskError as error:  # a FieldError: the host or CA file is malformed
        return StepResult(key, title, StepState.FAILED, error.message, error.details)
    return StepResult(key, title, state, message)


def _record(report: DiagnosisReport, on_step: StepCallback, result: StepResult) -> None:
    report.steps.append(result)
    on_step(result)


def _credential_source(client: GenericClient) -> str:
    return "user name and password" if client.session.has_credentials else "anonymous"


class _Probe:
    """The work of each step; later steps use what earlier ones found."""

    def __init__(self, client: GenericClient, cancel: CancelToken) -> None:
        self.client = client
        self.cancel = cancel
        self.first_repository = ""

    def parse_host(self) -> StepOutcome:
        registry = self.client.registry
        host = validate_host_for_kind(registry.kind, registry.host)
        endpoint = self.client.session.endpoint
        if registry.insecure and not is_loopback_host(endpoint.host):
            return (
                StepState.WARNING,
                f"{host}: plain HTTP is on, so passwords and images travel unencrypted.",
            )
        # The scheme is only known once /v2/ answered (a loopback host may speak plain HTTP).
        if endpoint.host == host:
            return StepState.PASSED, f"{host}: a Docker Registry v2 host."
        return StepState.PASSED, f"{host} (API host {endpoint.host})"

    def reach(self) -> StepOutcome:
        session = self.client.session
        session.ping()
        endpoint = session.endpoint
        if endpoint.scheme == "http":
            return StepState.PASSED, f"{endpoint.host} answers over plain HTTP."
        return StepState.PASSED, f"{endpoint.host} answers over HTTPS; certificate trusted."

    def authenticate(self) -> StepOutcome:
        session = self.client.session
        challenge = session.challenge
        if challenge is None:
            if session.has_credentials:
                return (
                    StepState.WARNING,
                    "The registry needs no login; the user name and password are not used.",
                )
            return StepState.PASSED, "Open registry: no login needed."

        if challenge.scheme == "basic" and not session.has_credentials:
            raise CredentialsMissing(
                "The registry asks for a user name and password; fill them in."
            )
        session.login()
        who = self.client.registry.username if session.has_credentials else "anonymous"
        return StepState.PASSED, f"Logged in as {who} ({challenge.scheme} authentication)."

    def list_catalog(self) -> StepOutcome:
        try:
            first_page = next(self.client.iter_repository_pages(self.cancel), [])
        except CatalogDisabled as error:
            return StepState.WARNING, error.message

        if first_page:
            self.first_repository = first_page[0].name
        more = "" if len(first_page) < self.client.page_size else " or more"
        listed = counted(len(first_page), "repository", "repositories")
        return StepState.PASSED, f"{listed}{more} listed."

    def list_tags(self) -> StepOutcome:
        repository = _exact_scope_name(self.client.registry.scope) or self.first_repository
        if not repository:
            return StepState.SKIPPED, "No repository to list tags of."

        tags = self.client.list_tags(repository, self.cancel)
        return StepState.PASSED, f"{repository}: {counted(len(tags), 'tag', 'tags')}."


def _exact_scope_name(scope: tuple[str, ...]) -> str:
    return next((name for name in scope if name and "*" not in name), "")
