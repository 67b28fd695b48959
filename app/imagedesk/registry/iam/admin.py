"""The admin's own AWS credentials, used only to read (or create) IAM objects.

They are entered for one verification and never stored by this module. Exactly one
source is used: keys when a key id is given, else a named profile, else the default
chain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import boto3
from botocore.exceptions import BotoCoreError

from imagedesk.domain.credentials import clean_access_key_id, clean_secret_access_key
from imagedesk.domain.irsa import partition_for_region
from imagedesk.domain.secret import Secret
from imagedesk.domain.validation import validate_endpoint_url
from imagedesk.registry.ecr.config import client_config
from imagedesk.registry.ecr.errors import classify

if TYPE_CHECKING:
    from mypy_boto3_eks import EKSClient
    from mypy_boto3_iam import IAMClient

logger = logging.getLogger(__name__)

# IAM is global per partition; its client still needs a region inside that partition.
_PARTITION_HOME_REGION = {
    "aws": "us-east-1",
    "aws-cn": "cn-north-1",
    "aws-us-gov": "us-gov-west-1",
}


@dataclass(frozen=True)
class AdminCredentials:
    access_key_id: str = ""
    secret_access_key: Secret | None = None
    session_token: Secret | None = None
    profile: str = ""
    endpoint_url: str = ""  # moto or LocalStack; blank means AWS itself

    @property
    def source(self) -> str:
        if self.access_key_id.strip():
            return "keys"
        if self.profile.strip():
            return f"profile {self.profile.strip()}"
        return "default credential chain"


def admin_session(credentials: AdminCredentials) -> boto3.Session:
    """A session on exactly the source ``credentials`` names. Raises FieldError, RegistryError."""
    if credentials.access_key_id.strip():
        secret = credentials.secret_access_key
        token = credentials.session_token.reveal().strip() if credentials.session_token else ""
        return boto3.Session(
            aws_access_key_id=clean_access_key_id(credentials.access_key_id),
            aws_secret_access_key=clean_secret_access_key(secret.reveal() if secret else ""),
            aws_session_token=token or None,
        )
    try:
        return boto3.Session(profile_name=credentials.profile.strip() or None)
    except BotoCoreError as error:
        raise classify(error, "load the AWS profile") from error


def iam_client(credentials: AdminCredentials, region: str) -> IAMClient:
    """An IAM client in the partition of ``region`` (blank: the commercial partition)."""
    home = region or _PARTITION_HOME_REGION[partition_for_region(region)]
    return admin_session(credentials).client(
        "iam",
        config=client_config(home),
        endpoint_url=validate_endpoint_url(credentials.endpoint_url) or None,
    )


def eks_client(credentials: AdminCredentials, region: str) -> EKSClient:
    return admin_session(credentials).client(
        "eks",
        config=client_config(region),
        endpoint_url=validate_endpoint_url(credentials.endpoint_url) or None,
    )
