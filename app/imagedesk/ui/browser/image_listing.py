"""The image listing of one repository as a streamed, cached job.

TODO: this belongs in ``jobs.registry_jobs.RegistryJobs`` next to
``list_repositories`` (as ``list_images(registry, repository, on_page=, refresh=)``);
it lives here until the owner of that module adds it, and uses only that class's
public runner, pool and cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from imagedesk.domain.models import ImageInfo, Registry
from imagedesk.jobs.job import Job, JobControl, completed_job
from imagedesk.jobs.listing_cache import Listing
from imagedesk.jobs.registry_jobs import RegistryJobs, registry_queue

logger = logging.getLogger(__name__)

ImagePageCallback = Callable[[list[ImageInfo]], None]


def images_key(registry_id: int, repository: str) -> tuple[str, int, str]:
    return ("images", registry_id, repository)


def list_images(
    jobs: RegistryJobs,
    registry: Registry,
    repository: str,
    *,
    on_page: ImagePageCallback | None = None,
    refresh: bool = False,
) -> Job[Listing[ImageInfo]]:
    """Every image of ``repository``; pages reach ``on_page`` as they arrive.

    A listing younger than the cache's age limit comes back at once, with no call.
    """
    if registry.id is None:
        raise ValueError(f"registry {registry.name!r} is not saved yet")

    key = images_key(registry.id, repository)
    cached = None if refresh else jobs.cache.get(key)
    if cached is not None:
        logger.debug("images of %s served from the session cache", repository)
        return completed_job(jobs.runner.loop, "list images (cached)", cached)

    def work(control: JobControl) -> Listing[ImageInfo]:
        client = jobs.pool.get(registry)
        found: list[ImageInfo] = []
        for page in client.iter_image_pages(repository, control.cancel):
            control.raise_if_cancelled()
            found.extend(page)
            control.progress(page)
        return jobs.cache.put(key, tuple(found))

    return jobs.runner.submit(
        work,
        queue=registry_queue(registry.id),
        name=f"list images of {registry.name}:{repository}",
        on_progress=on_page,
    )
