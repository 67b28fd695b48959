"""Whether ECR serves the region an ECR host names, from botocore's endpoint data.

The host parser in ``domain`` only checks the shape of a region; a made-up region
(``mars-north-9``) would otherwise reach DNS or the endpoint and fail obscurely.
"""

from __future__ import annotations

import functools
import logging

import boto3

from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import EcrHost
from imagedesk.domain.text import quoted

logger = logging.getLogger(__name__)


@functools.cache
def ecr_regions(partition: str) -> frozenset[str]:
    """The regions botocore knows ECR in for ``partition`` (empty when it knows none)."""
    return frozenset(boto3.session.Session().get_available_regions("ecr", partition))


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
