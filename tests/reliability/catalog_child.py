"""A child process that writes to a catalog under a fault, for test_faults_store.py.

``python catalog_child.py full PATH``: with the file size limit at 1 KiB (a full disk,
as root sees it), add an image, report the error, lift the limit, add it again.
``python catalog_child.py kill PATH``: start one long batch of writes and say so, so
the parent can kill this process in the middle of the transaction.
Prints one JSON line per outcome.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.models import Image, Resources
from imagedesk.store.catalog import Catalog

FULL_DISK_BYTES = 1024


def image(registry_id: int, repository: str) -> Image:
    return Image(
        registry_id=registry_id,
        repository=repository,
        default_tag="latest",
        resources=Resources(cpu_cores=1, memory_gb=1, disk_gb=1),
        description="d" * 400,
    )


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def add_one(catalog: Catalog, registry_id: int, repository: str) -> None:
    try:
        catalog.add_image(image(registry_id, repository))
    except ImageDeskError as error:
        say(outcome="typed", type=type(error).__name__, message=error.message)
    except Exception as error:
        say(outcome="raw", type=type(error).__name__, message=str(error))
    else:
        say(outcome="saved")


def full_disk(catalog: Catalog, registry_id: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_DISK_BYTES, hard))
    add_one(catalog, registry_id, "written/while-full")

    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    add_one(catalog, registry_id, "written/after-full")


def killed_mid_batch(catalog: Catalog, registry_id: int) -> None:
    with catalog.batch():
        for number in range(1_000_000):
            catalog.add_image(image(registry_id, f"half/{number:07d}"))
            if number == 50:
                say(outcome="writing")


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    catalog = Catalog.open(path)
    registry_id = int(catalog.list_registries()[-1].id or 0)
    if mode == "full":
        full_disk(catalog, registry_id)
    else:
        killed_mid_batch(catalog, registry_id)
    catalog.close()


if __name__ == "__main__":
    main()
