"""Helpers for the registry dialog and page tests: a qasync loop, a context on a
temporary catalog, a dict secret store and scripted registry clients.

Imported by the test modules of this folder (pytest puts the folder on sys.path).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QWidget

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState
from imagedesk.domain.models import Registry, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import StepCallback
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext

T = TypeVar("T")

READER_ARN = "arn:aws:iam::123456789012:user/ecr-reader"
ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


class DictSecretStore:
    """Secrets in a dict, with the SecretStore interface the UI uses."""

    def __init__(self, *, persistent: bool = True) -> None:
        self.entries: dict[int, RegistrySecrets] = {}
        self._persistent = persistent

    @property
    def persistent(self) -> bool:
        return self._persistent

    @property
    def location(self) -> str:
        return "test keyring" if self._persistent else "memory, this run only"

    def load(self, registry_id: int) -> RegistrySecrets:
        return self.entries.get(registry_id, RegistrySecrets())

    def save(self, registry_id: int, secrets: RegistrySecrets) -> None:
        self.entries[registry_id] = secrets

    def delete(self, registry_id: int) -> None:
        self.entries.pop(registry_id, None)


def passed(key: str, title: str, message: str = "") -> StepResult:
    return StepResult(key, title, StepState.PASSED, message)


@dataclass
class ScriptedClient:
    """A registry client whose test reports ``steps``; ``gate`` holds it mid-test."""

    steps: list[StepResult]
    identity_arn: str = READER_ARN
    gate: threading.Event | None = None
    started: threading.Event = field(default_factory=threading.Event)
    error: Exception | None = None

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        report = DiagnosisReport(identity_arn=self.identity_arn, credential_source="keys")
        self.started.set()
        if self.gate is not None:
            self.gate.wait(10)
        if self.error is not None:
            raise self.error
        for step in self.steps:
            on_step(StepResult(step.key, step.title, StepState.RUNNING))
            on_step(step)
            report.steps.append(step)
        return report

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[Any]]:
        yield []

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[Any]]:
        yield []

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        return []


@dataclass
class ScriptedFactory:
    """A client factory that hands out one scripted client and records its inputs."""

    client: ScriptedClient
    calls: list[tuple[Registry, RegistrySecrets]] = field(default_factory=list)

    def __call__(
        self, registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> ScriptedClient:
        self.calls.append((registry, secrets))
        return self.client


def good_steps() -> list[StepResult]:
    return [
        passed("parse_host", "Parse the registry host"),
        passed("credentials", "Resolve the credentials", "Access keys from the form."),
        passed("identity", "sts:GetCallerIdentity", READER_ARN),
        passed("token", "ecr:GetAuthorizationToken"),
        passed("list", "ecr:DescribeRepositories", "42 repositories."),
    ]


@pytest.fixture
def loop(qasync_loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The session's qasync loop as the current asyncio loop; drive coroutines with ``run``."""
    asyncio.set_event_loop(qasync_loop)
    return qasync_loop


def run(loop: asyncio.AbstractEventLoop, awaitable: Coroutine[Any, Any, T] | Any) -> T:
    result: T = loop.run_until_complete(asyncio.wait_for(_as_coroutine(awaitable), 20))
    return result


async def _as_coroutine(awaitable: Any) -> Any:
    return await awaitable


def make_context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,
    *,
    factory: Any = None,
    secrets: DictSecretStore | None = None,
    endpoint_url: str | None = None,
    role_auth: bool = False,
) -> AppContext:
    catalog = Catalog.open(tmp_path / "catalog.sqlite")
    catalog.save_settings(Settings(ecr_role_auth=role_auth, import_default_registry=False))
    context = AppContext.build(
        catalog,
        secrets or DictSecretStore(),
        loop=loop,
        client_factory=factory or ScriptedFactory(ScriptedClient(good_steps())),
    )
    context.default_endpoint_url = endpoint_url
    return context


def all_text(widget: QWidget) -> str:
    """Every label, line, button and text box text under ``widget``, for "no traceback"."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [edit.text() for edit in widget.findChildren(QLineEdit)]
    texts += [button.text() for button in widget.findChildren(QAbstractButton)]
    texts += [box.toPlainText() for box in widget.findChildren(QPlainTextEdit)]
    return "\n".join(texts)
