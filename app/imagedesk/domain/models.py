"""The catalog's records: registries, images and their tags."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class RegistryKind(enum.StrEnum):
    ECR = "ecr"
    GENERIC = "generic"
    ACR = "acr"
    DOCKER_HUB = "dockerhub"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RegistryKind.ECR: "Amazon ECR",
    RegistryKind.GENERIC: "Generic (Docker Registry v2)",
    RegistryKind.ACR: "Azure ACR",
    RegistryKind.DOCKER_HUB: "Docker Hub",
}


class AuthMethod(enum.StrEnum):
    """How a registry's calls are authenticated."""

    KEYS = "keys"  # ECR static access keys (secret in the keyring)
    ROLE = "role"  # ECR role authentication: web identity, profile or default chain
    PASSWORD = "password"  # username + password or token (secret in the keyring)
    NONE = "none"  # anonymous


@dataclass(frozen=True)
class TestResult:
    """The outcome of the last "Test connection", as stored in the catalog."""

    __test__ = False  # not a pytest class

    at: datetime
    ok: bool
    summary: str


@dataclass(frozen=True)
class Registry:
    """A registry entry. Never holds a secret: those live in the keyring under ``id``."""

    name: str
    host: str
    kind: RegistryKind
    auth: AuthMethod
    id: int | None = None
    # ECR keys: the access key id; generic/ACR: the username. Not secret.
    username: str = ""
    # ECR role authentication: optional role ARN, token file and profile.
    role_arn: str = ""
    web_identity_token_file: str = ""
    profile: str = ""
    # Repository names or prefixes (``team-a/*``) the credentials are meant for.
    scope: tuple[str, ...] = ()
    ca_file: str = ""
    insecure: bool = False
    endpoint_url: str = ""  # set by the demo and tests to reach the embedded endpoint
    last_test: TestResult | None = None

    @property
    def display(self) -> str:
        return f"{self.name} / {self.host}"


@dataclass(frozen=True)
class ImageTag:
    name: str
    digest: str = ""
    pushed_at: datetime | None = None
    deprecated: bool = False
    # Set when the registry later showed this tag on another digest ("tag moved"):
    # the digest and push date recorded before the move.
    previous_digest: str = ""
    previous_pushed_at: datetime | None = None

    @property
    def moved(self) -> bool:
        return bool(self.previous_digest) and self.previous_digest != self.digest


@dataclass(frozen=True)
class Resources:
    cpu_cores: float
    memory_gb: float
    disk_gb: float


@dataclass(frozen=True)
class Image:
    registry_id: int
    repository: str
    default_tag: str
    resources: Resources
    description: str = ""
    source_url: str = ""
    tags: tuple[ImageTag, ...] = ()
    id: int | None = None
    imported_at: datetime | None = None
    deprecated: bool = False


@dataclass(frozen=True)
class RepositoryInfo:
    """One repository as a registry lists it."""

    name: str
    uri: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class ImageInfo:
    """One image (one digest) of a repository, with all its tags."""

    digest: str
    tags: tuple[str, ...] = ()
    pushed_at: datetime | None = None
    size_bytes: int | None = None
    media_type: str = ""
    scan_status: str = ""

    @property
    def untagged(self) -> bool:
        return not self.tags


@dataclass
class Settings:
    """Admin switches (Manage › Admin › Infrastructure)."""

    ecr_role_auth: bool = False
    import_default_registry: bool = True
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: when, what, the old and the new value. Never a secret."""

    at: datetime
    what: str
    old: str = ""
    new: str = ""
    id: int | None = None
