"""Whether ECR serves the region an ECR host names, from botocore's endpoint data.

The host parser in ``domain`` only checks the shape of a region; a made-up region
(``mars-north-9``) would otherwise reach DNS or the endpoint and fail obscurely.
"""

from __future__ import annotations

import logging
import threading

from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import EcrHost
from imagedesk.domain.text import quoted
from imagedesk.registry.ecr.botocore_sessions import new_session

logger = logging.getLogger(__name__)


_regions: dict[str, frozenset[str]] = {}
_regions_lock = threading.Lock()


def ecr_regions(partition: str) -> frozenset[str]:
    """The regions botocore knows ECR in for ``partition`` (empty when it knows none).

    Read once per partition, under a lock so that registries tested at the same time
    do not each load botocore's endpoint data; the session uses the shared loader.
    """
    with _regions_lock:
        known = _regions.get(partition)
        if known is None:
            session = new_session("us-east-1")
            known = frozenset(session.get_available_regions("ecr", partition))
            _regions[partition] = known
        return known


def regions_loaded(partition: str = "aws") -> bool:
    """Whether ``partition``'s regions are already read (a check then does no I/O)."""
    with _regions_lock:
        return partition in _regions


def check_ecr_region(host: EcrHost) -> EcrHost:
    """``host`` when ECR serves its region; FieldError("host") with a sentence if not.

    A partition botocore has no ECR data for is let through: newer regions should
    not be refused because this machine's botocore is old.
    """
    if host.public:
        return host
    known = ecr_regions(host.partition)
    if not known or host.region in known:
        return host
    logger.info("region %s is not an ECR region of %s", host.region, host.partition)
    raise FieldError(
        "host",
        f"{quoted(host.region)} is not a region ECR serves; check the host "
        f"(for example {host.account_id}.dkr.ecr.us-east-1.amazonaws.com).",
    )
