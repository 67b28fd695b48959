"""The image listing of one repository as a streamed, cached job.

A thin name for ``RegistryJobs.list_images``, which now holds the job itself (the
session cache key is the same, so a listing cached by either is found by both).
"""

from __future__ import annotations

from collections.abc import Callable

from imagedesk.domain.models import ImageInfo, Registry
from imagedesk.jobs.job import Job
from imagedesk.jobs.listing_cache import Listing
from imagedesk.jobs.registry_jobs import RegistryJobs

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
    return jobs.list_images(registry, repository, on_page=on_page, refresh=refresh)
