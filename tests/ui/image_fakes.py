"""A registry client fake for UI tests: a few repositories, tags on digests, errors on cue."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport
from imagedesk.domain.errors import NotFound, RegistryError
from imagedesk.domain.models import ImageInfo, Registry, RepositoryInfo, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.base import RegistryClient, StepCallback

PUSHED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

REPOSITORIES: dict[str, list[ImageInfo]] = {
    "platform/base": [ImageInfo("sha256:" + "a" * 64, ("latest", "1.0"), PUSHED)],
    "team-a/api": [
        ImageInfo("sha256:" + "b" * 64, ("latest", "v2"), PUSHED),
        ImageInfo("sha256:" + "c" * 64, ("v1",), PUSHED),
    ],
    "team-b/web": [ImageInfo("sha256:" + "d" * 64, ("stable",), PUSHED)],
}


class FakeRegistry:
    """Shared by every client the factory makes, so a test can steer and inspect them."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.listing_error: RegistryError | None = None
        self.release = threading.Event()
        self.release.set()  # clear it to hold listings until the test sets it
        self.release_images = threading.Event()
        self.release_images.set()  # clear it to hold image reads (tag checks) likewise

    def factory(
        self, registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> RegistryClient:
        return FakeClient(self)


class FakeClient:
    def __init__(self, shared: FakeRegistry) -> None:
        self._shared = shared

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        return DiagnosisReport()

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        self._shared.calls.append("repos")
        names = sorted(REPOSITORIES)
        yield [RepositoryInfo(name) for name in names[:2]]
        while not self._shared.release.wait(0.02):
            cancel.raise_if_cancelled()
        cancel.raise_if_cancelled()
        if self._shared.listing_error is not None:
            raise self._shared.listing_error
        yield [RepositoryInfo(name) for name in names[2:]]

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        self._shared.calls.append(f"images {repository}")
        while not self._shared.release_images.wait(0.02):
            cancel.raise_if_cancelled()
        if repository not in REPOSITORIES:
            raise NotFound(f"No repository named {repository}.", details="RepositoryNotFound")
        yield list(REPOSITORIES[repository])

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        self._shared.calls.append(f"tags {repository}")
        if repository not in REPOSITORIES:
            raise NotFound(f"No repository named {repository}.")
        return sorted(tag for image in REPOSITORIES[repository] for tag in image.tags)
