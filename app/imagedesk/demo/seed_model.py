"""What the demo seeded: the records callers use to find users, roles and images."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

DEMO_ACCOUNT_ID = "123456789012"
DEMO_REGIONS = ("us-east-1", "eu-west-1")
OIDC_ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
OIDC_AUDIENCE = "sts.amazonaws.com"
IRSA_NAMESPACE = "coder"
IRSA_SERVICE_ACCOUNT = "coder"


def registry_host(region: str, account_id: str = DEMO_ACCOUNT_ID) -> str:
    return f"{account_id}.dkr.ecr.{region}.amazonaws.com"


@dataclass(frozen=True)
class DemoUser:
    """An IAM user with access keys. The keys are moto's, valid only on the demo endpoint."""

    name: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    description: str


@dataclass(frozen=True)
class DemoRole:
    name: str
    arn: str
    description: str


@dataclass(frozen=True)
class DemoImage:
    """One seeded image (one digest) and all its tags; no tags means untagged."""

    region: str
    repository: str
    digest: str
    tags: tuple[str, ...]
    media_type: str
    size_bytes: int
    pushed_at: datetime | None = None  # None when moto's own push time was kept


@dataclass(frozen=True)
class DemoSeed:
    """Everything :func:`imagedesk.demo.seed.seed_demo` created."""

    account_id: str
    registry_hosts: tuple[str, ...]
    repositories: dict[str, tuple[str, ...]]  # region -> repository names
    images: tuple[DemoImage, ...]
    users: tuple[DemoUser, ...]
    roles: tuple[DemoRole, ...]
    oidc_issuer: str
    oidc_provider_arn: str
    endpoint_url: str = ""  # the embedded endpoint these records live on

    def user(self, name: str) -> DemoUser:
        """The seeded user called ``name``; KeyError if there is none."""
        for candidate in self.users:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def role(self, name: str) -> DemoRole:
        for candidate in self.roles:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def images_of(self, region: str, repository: str) -> tuple[DemoImage, ...]:
        return tuple(
            image
            for image in self.images
            if image.region == region and image.repository == repository
        )
