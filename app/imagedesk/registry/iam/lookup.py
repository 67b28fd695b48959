"""Finds a cluster's OIDC issuer from its name and region (eks:DescribeCluster)."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError

from imagedesk.domain.errors import NotFound, RegistryError
from imagedesk.domain.irsa import validate_cluster_name, validate_region
from imagedesk.registry.ecr.errors import classify, error_shape
from imagedesk.registry.iam.admin import AdminCredentials, eks_client

logger = logging.getLogger(__name__)


def lookup_issuer(cluster_name: str, region: str, credentials: AdminCredentials) -> str:
    """The cluster's issuer URL (``https://oidc.eks...``). Raises FieldError, RegistryError."""
    name = validate_cluster_name(cluster_name)
    region = validate_region(region, required=True)
    action = "eks:DescribeCluster"
    try:
        cluster = eks_client(credentials, region).describe_cluster(name=name)["cluster"]
    except ClientError as error:
        if error_shape(error).code == "ResourceNotFoundException":
            raise NotFound(
                f"There is no EKS cluster named {name} in {region}. Check the name and region.",
                details=str(error),
            ) from error
        raise classify(error, action) from error
    except BotoCoreError as error:
        raise classify(error, action) from error

    issuer = cluster.get("identity", {}).get("oidc", {}).get("issuer", "")
    if not issuer:
        raise RegistryError(
            f"The cluster {name} has no OIDC issuer. Turn on IAM roles for service accounts "
            "for the cluster first."
        )
    logger.debug("cluster %s in %s has the issuer %s", name, region, issuer)
    return issuer
