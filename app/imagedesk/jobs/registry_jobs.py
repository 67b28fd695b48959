"""Registry work as jobs: listings (streamed and cached), tag checks, connection tests.

This is what the UI calls; it never touches a registry client itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.models import ImageInfo, Registry, RepositoryInfo, Settings
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.jobs.client_pool import ClientFactory, ClientPool, close_client
from imagedesk.jobs.job import Job, JobControl, completed_job
from imagedesk.jobs.listing_cache import Listing, ListingCache, PackedItems
from imagedesk.jobs.runner import JobRunner
from imagedesk.registry.ecr.botocore_sessions import preload_service_data
from imagedesk.registry.ecr.regions import ecr_regions

logger = logging.getLogger(__name__)

PageCallback = Callable[[list[RepositoryInfo]], None]
ImagePageCallback = Callable[[list[ImageInfo]], None]
StepCallback = Callable[[StepResult], None]

AWS_PARTITION = "aws"


def registry_queue(registry_id: int) -> Hashable:
    """The queue that serialises every call on one saved registry."""
    return ("registry", registry_id)


class RegistryJobs:
    def __init__(
        self,
        runner: JobRunner,
        pool: ClientPool,
        cache: ListingCache,
        factory: ClientFactory,
        settings: Callable[[], Settings],
    ) -> None:
        self.runner = runner
        self.pool = pool
        self.cache = cache
        self._factory = factory
        self._settings = settings

    # --- listings ------------------------------------------------------------------------

    def cached_repositories(self, registry: Registry) -> Listing[RepositoryInfo] | None:
        return self.cache.get(_repos_key(registry))

    def list_repositories(
        self,
        registry: Registry,
        *,
        on_page: PageCallback | None = None,
        refresh: bool = False,
    ) -> Job[Listing[RepositoryInfo]]:
        """Every repository of ``registry``; pages reach ``on_page`` as they arrive.

        A listing younger than the cache's age limit is returned at once without an
        API call (and without pages), unless ``refresh`` is set. Each page is packed as
        it arrives (see ``listing_cache``), so a long listing adds little for the
        garbage collector to walk.
        """
        key = _repos_key(registry)
        cached = None if refresh else self.cache.get(key)
        if cached is not None:
            logger.debug("repositories of %s served from the session cache", registry.name)
            return completed_job(self.runner.loop, "list repositories (cached)", cached)

        def work(control: JobControl) -> Listing[RepositoryInfo]:
            client = self.pool.get(registry)
            found: PackedItems[RepositoryInfo] = PackedItems()
            for page in client.iter_repository_pages(control.cancel):
                control.raise_if_cancelled()
                found.extend(page)
                control.progress(page)
            return self.cache.put(key, found)

        return self.runner.submit(
            work,
            queue=registry_queue(_id(registry)),
            name=f"list repositories of {registry.name}",
            on_progress=on_page,
        )

    def list_images(
        self,
        registry: Registry,
        repository: str,
        *,
        on_page: ImagePageCallback | None = None,
        refresh: bool = False,
    ) -> Job[Listing[ImageInfo]]:
        """Every image (one per digest) of ``repository``, streamed and cached like
        :meth:`list_repositories`."""
        key = ("images", _id(registry), repository)
        cached = None if refresh else self.cache.get(key)
        if cached is not None:
            return completed_job(self.runner.loop, "list images (cached)", cached)

        def work(control: JobControl) -> Listing[ImageInfo]:
            client = self.pool.get(registry)
            found: PackedItems[ImageInfo] = PackedItems()
            for page in client.iter_image_pages(repository, control.cancel):
                control.raise_if_cancelled()
                found.extend(page)
                control.progress(page)
            return self.cache.put(key, found)

        return self.runner.submit(
            work,
            queue=registry_queue(_id(registry)),
            name=f"list images of {registry.name}:{repository}",
            on_progress=on_page,
        )

    def list_tags(
        self, registry: Registry, repository: str, *, refresh: bool = False
    ) -> Job[Listing[str]]:
        key = ("tags", _id(registry), repository)
        cached = None if refresh else self.cache.get(key)
        if cached is not None:
            return completed_job(self.runner.loop, "list tags (cached)", cached)

        def work(control: JobControl) -> Listing[str]:
            tags = self.pool.get(registry).list_tags(repository, control.cancel)
            return self.cache.put(key, tuple(tags))

        return self.runner.submit(
            work,
            queue=registry_queue(_id(registry)),
            name=f"list tags of {registry.name}:{repository}",
        )

    def find_tags(
        self, registry: Registry, repository: str, tags: Sequence[str]
    ) -> Job[dict[str, ImageInfo]]:
        """The image behind each of ``tags`` (fresh from the registry, for its digest).

        Tags the repository does not have are missing from the result; an unknown
        repository raises NotFound.
        """
        wanted = set(tags)

        def work(control: JobControl) -> dict[str, ImageInfo]:
            client = self.pool.get(registry)
            found: dict[str, ImageInfo] = {}
            for page in client.iter_image_pages(repository, control.cancel):
                for image in page:
                    found.update({tag: image for tag in image.tags if tag in wanted})
                if len(found) == len(wanted):
                    break
            return found

        return self.runner.submit(
            work,
            queue=registry_queue(_id(registry)),
            name=f"find tags in {registry.name}:{repository}",
        )

    # --- connection tests ------------------------------------------------------------------

    def test_connection(
        self,
        registry: Registry,
        secrets: RegistrySecrets,
        on_step: StepCallback | None = None,
    ) -> Job[DiagnosisReport]:
        """Test a registry that may not be saved yet, with the secrets typed in the form.

        Uses a fresh client, never the pooled one. Steps reach ``on_step`` on the loop.
        """

        def work(control: JobControl) -> DiagnosisReport:
            client = self._factory(registry, secrets, self._settings())
            try:
                return client.test_connection(control.progress, control.cancel)
            finally:
                close_client(client)

        return self.runner.submit(
            work,
            name=f"test connection to {registry.host}",
            on_progress=on_step,
        )

    def test_saved(
        self, registry: Registry, on_step: StepCallback | None = None
    ) -> Job[DiagnosisReport]:
        """Test a saved registry with its stored secrets, through its pooled client."""

        def work(control: JobControl) -> DiagnosisReport:
            client = self.pool.get(registry)
            return client.test_connection(control.progress, control.cancel)

        return self.runner.submit(
            work,
            queue=registry_queue(_id(registry)),
            name=f"test {registry.name}",
            on_progress=on_step,
        )

    # --- after edits -----------------------------------------------------------------------

    def invalidate(self, registry_id: int) -> None:
        """Forget the client and the listings of a registry that was edited or deleted."""
        self.pool.invalidate(registry_id)
        self.cache.drop(lambda key: isinstance(key, tuple) and key[1] == registry_id)

    def invalidate_all(self) -> None:
        """After a settings change (e.g. role authentication switched)."""
        self.pool.invalidate_all()


def load_backend_data() -> None:
    """Load the data every registry client shares for the life of the process
    (botocore's ECR and STS models, the regions ECR serves) now, at start-up, instead
    of with the first clients, where ten registries tested at once each loaded it."""
    preload_service_data()
    ecr_regions(AWS_PARTITION)


def _id(registry: Registry) -> int:
    if registry.id is None:
        raise ValueError(f"registry {registry.name!r} is not saved yet")
    return registry.id


def _repos_key(registry: Registry) -> Hashable:
    return ("repos", _id(registry))
