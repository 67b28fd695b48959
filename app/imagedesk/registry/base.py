"""The one interface every registry client implements.

Clients are blocking and thread-safe enough to be called from one worker
thread at a time; the job runner serialises calls per registry. Every method
takes a :class:`CancelToken` and checks it between network calls and pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.models import ImageInfo, RepositoryInfo

StepCallback = Callable[[StepResult], None]


class RegistryClient(Protocol):
    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        """Run the named diagnosis steps, reporting each through ``on_step`` as it
        starts and ends; return the whole report. Never raises for a registry failure:
        failures become FAILED steps with a user sentence and details."""
        ...

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        """Yield the registry's repositories page by page. Raises RegistryError."""
        ...

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        """Yield one ImageInfo per digest, page by page. Raises RegistryError."""
        ...

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        """All tags of a repository, sorted. Raises NotFound for an unknown repository."""
        ...
