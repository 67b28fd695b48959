"""The v2 client for generic registries, Azure ACR and Docker Hub."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from types import TracebackType

import httpx

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.diagnosis import DiagnosisReport
from imagedesk.domain.errors import (
    AuthRefused,
    CatalogDisabled,
    FieldError,
    NotFound,
    PermissionMissing,
    RegistryError,
)
from imagedesk.domain.models import ImageInfo, Registry, RegistryKind, RepositoryInfo
from imagedesk.domain.registry_hosts import docker_hub_repository, is_docker_hub_host
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.domain.validation import repository_name
from imagedesk.registry.base import StepCallback
from imagedesk.registry.generic.http_errors import error_from_response, response_details
from imagedesk.registry.generic.manifests import ACCEPT, ManifestSummary, summarize_manifest
from imagedesk.registry.generic.session import V2Session

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
IMAGE_PAGE_SIZE = 20
MAX_PAGES = 10_000  # a registry whose Link headers loop must not keep us forever
CATALOG_SCOPE = "registry:catalog:*"

_REFERENCE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|[a-z0-9]+:[a-f0-9]{32,}")


class GenericClient:
    """Docker Registry HTTP API v2 / OCI distribution client; one per registry entry.

    Blocking, for one worker thread at a time; it keeps the HTTP connection and the
    Bearer tokens between calls. :meth:`close` releases the connection.
    """

    def __init__(
        self,
        registry: Registry,
        secrets: RegistrySecrets,
        *,
        transport: httpx.BaseTransport | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.registry = registry
        self.page_size = page_size
        self.session = V2Session(registry, secrets, transport)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> GenericClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def is_docker_hub(self) -> bool:
        return self.registry.kind is RegistryKind.DOCKER_HUB or is_docker_hub_host(
            self.registry.host
        )

    def test_connection(self, on_step: StepCallback, cancel: CancelToken) -> DiagnosisReport:
        from imagedesk.registry.generic.diagnosis import run_diagnosis

        return run_diagnosis(self, on_step, cancel)

    # --- repositories ------------------------------------------------------------------

    def iter_repository_pages(self, cancel: CancelToken) -> Iterator[list[RepositoryInfo]]:
        """``/v2/_catalog`` page by page. Raises CatalogDisabled when the registry
        does not list its repositories (the admin then types the name)."""
        if self.is_docker_hub:
            raise CatalogDisabled(
                "Docker Hub does not list repositories; type the name (e.g. library/nginx)."
            )

        for response in self._pages(f"/v2/_catalog?n={self.page_size}", CATALOG_SCOPE, cancel):
            if response.status_code != 200:
                raise self._catalog_error(response)
            names = _string_list(response, "repositories")
            yield [RepositoryInfo(name, uri=f"{self.registry.host}/{name}") for name in names]

    def _catalog_error(self, response: httpx.Response) -> RegistryError:
        status = response.status_code
        details = response_details(response)
        if status in (404, 405, 501):
            return CatalogDisabled(details=details)
        if status == 403 or (status == 401 and self._uses_tokens()):
            # The login worked (or the token service would have refused it): the
            # catalog itself is closed to these credentials, as on Harbor or GitLab.
            return CatalogDisabled(
                "This registry does not let these credentials list its repositories; "
                "type the repository name.",
                details=details,
            )
        return error_from_response(response, "listing the repositories")

    # --- tags and images ---------------------------------------------------------------

    def list_tags(self, repository: str, cancel: CancelToken) -> list[str]:
        tags: list[str] = []
        for page in self.iter_tag_pages(repository, cancel):
            tags.extend(page)
        return sorted(set(tags))

    def iter_tag_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[str]]:
        """``/v2/<name>/tags/list`` page by page; an empty repository yields ``[]``."""
        name = self._repository_path(repository)
        path = f"/v2/{name}/tags/list?n={self.page_size}"
        for response in self._pages(path, _pull_scope(name), cancel):
            if response.status_code != 200:
                raise self._repository_error(response, repository, "listing the tags of")
            yield _string_list(response, "tags")

    def iter_image_pages(self, repository: str, cancel: CancelToken) -> Iterator[list[ImageInfo]]:
        """One ImageInfo per digest with all its tags, in pages of IMAGE_PAGE_SIZE.

        Every tag is resolved first (a HEAD each), so a digest's tags are complete.
        """
        # TODO: an index (multi-platform image) has no size here; summing the
        # platform manifests it names would cost one more request per platform.
        tags_by_digest: dict[str, list[str]] = {}
        for tag in self.list_tags(repository, cancel):
            cancel.raise_if_cancelled()
            digest = self.resolve_digest(repository, tag)
            if digest:
                tags_by_digest.setdefault(digest, []).append(tag)

        page: list[ImageInfo] = []
        for digest, tags in tags_by_digest.items():
            cancel.raise_if_cancelled()
            summary = self.manifest_summary(repository, digest)
            if summary is None:
                continue
            page.append(_image_info(summary, tags))
            if len(page) == IMAGE_PAGE_SIZE:
                yield page
                page = []
        if page:
            yield page

    def resolve_digest(self, repository: str, reference: str) -> str:
        """The digest a tag points at (HEAD on the manifest); "" when the tag vanished."""
        response = self._manifest("HEAD", repository, reference)
        if response.status_code == 404:
            return ""
        digest = response.headers.get("docker-content-digest", "")
        if digest:
            return digest

        summary = self.manifest_summary(repository, reference)  # HEAD without the header
        return summary.digest if summary is not None else ""

    def manifest_summary(self, repository: str, reference: str) -> ManifestSummary | None:
        """Digest, media type and size of one manifest; None when it vanished."""
        response = self._manifest("GET", repository, reference)
        if response.status_code == 404:
            return None

        try:
            summary = summarize_manifest(
                response.content,
                response.headers.get("content-type", ""),
                response.headers.get("docker-content-digest", ""),
            )
        except ValueError as error:
            raise RegistryError(
                f"The manifest {repository}:{reference} could not be read.",
                details=f"{response_details(response)}: {error}",
            ) from error

        if reference.startswith("sha256:") and summary.digest != reference:
            raise RegistryError(
                f"The registry answered another manifest than {repository}@{reference}.",
                details=f"got {summary.digest}",
            )
        return summary

    def _manifest(self, method: str, repository: str, reference: str) -> httpx.Response:
        if not _REFERENCE.fullmatch(reference):
            raise FieldError("tag", f"'{reference}' is not a valid tag or digest.")
        name = self._repository_path(repository)
        response = self.session.request(
            method,
            f"/v2/{name}/manifests/{reference}",
            scope=_pull_scope(name),
            headers={"Accept": ACCEPT},
        )
        if response.status_code in (200, 404):
            return response
        raise self._repository_error(response, repository, f"reading {reference} of")

    # --- shared ------------------------------------------------------------------------

    def _pages(self, first: str, scope: str, cancel: CancelToken) -> Iterator[httpx.Response]:
        """Follow ``Link: <...>; rel="next"`` from ``first``; non-200 answers end it."""
        url = first
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            cancel.raise_if_cancelled()
            response = self.session.request("GET", url, scope=scope)
            yield response
            if response.status_code != 200:
                return

            next_url = self._next_link(response)
            if next_url is None or next_url in seen:
                return
            seen.add(next_url)
            url = next_url
        logger.warning("Stopped following %s after %d pages", first, MAX_PAGES)

    def _next_link(self, response: httpx.Response) -> str | None:
        link = response.links.get("next", {}).get("url")
        if not link:
            return None

        target = response.url.join(link)
        if (target.host, target.port) != (response.url.host, response.url.port):
            raise RegistryError(
                "The registry's next-page link points to another host; refused.",
                details=f"Link to {target.copy_with(query=None)}",
            )
        return str(target)

    def _repository_error(
        self, response: httpx.Response, repository: str, what: str
    ) -> RegistryError:
        details = response_details(response)
        if response.status_code == 404:
            return NotFound(f"The repository {repository} was not found.", details=details)
        if response.status_code in (401, 403) and self._uses_tokens():
            return PermissionMissing(
                f"The credentials may not read {repository}, or it does not exist.",
                action="pull",
                details=details,
            )
        if response.status_code == 401:
            return AuthRefused(details=details)
        return error_from_response(response, f"{what} {repository}")

    def _repository_path(self, repository: str) -> str:
        name = repository_name(repository)
        return docker_hub_repository(name) if self.is_docker_hub else name

    def _uses_tokens(self) -> bool:
        challenge = self.session.challenge
        return challenge is not None and challenge.scheme == "bearer"


def _pull_scope(name: str) -> str:
    return f"repository:{name}:pull"


def _string_list(response: httpx.Response, key: str) -> list[str]:
    """``{"tags": [...]}``; a ``null`` or missing list is empty."""
    try:
        body = response.json()
    except ValueError as error:
        raise RegistryError(
            "The registry answered something that is not JSON.",
            details=response_details(response),
        ) from error

    values = body.get(key) if isinstance(body, dict) else None
    if values is None:
        return []
    if not isinstance(values, list):
        raise RegistryError(
            f"The registry's '{key}' is not a list.", details=response_details(response)
        )
    return [value for value in values if isinstance(value, str)]


def _image_info(summary: ManifestSummary, tags: list[str]) -> ImageInfo:
    return ImageInfo(
        digest=summary.digest,
        tags=tuple(sorted(tags)),
        size_bytes=summary.size_bytes,
        media_type=summary.media_type,
    )
