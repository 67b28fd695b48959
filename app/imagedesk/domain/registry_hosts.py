"""Host rules for the Docker Registry v2 kinds (generic, Azure ACR, Docker Hub).

A stored host is the bare ``name[:port]`` the admin would type after ``docker pull``;
the scheme and the API host are worked out from it here, without any I/O.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from imagedesk.domain.acr import validate_acr_host
from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import DOCKER_HUB_HOST, normalize_host
from imagedesk.domain.models import RegistryKind
from imagedesk.domain.text import quoted

DOCKER_HUB_INDEX_HOST = "index.docker.io"
DOCKER_HUB_API_HOST = "registry-1.docker.io"
DOCKER_HUB_ALIASES = frozenset(
    {DOCKER_HUB_HOST, DOCKER_HUB_INDEX_HOST, DOCKER_HUB_API_HOST, "registry.hub.docker.com"}
)

_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True)
class HostPort:
    """A host split into its name (IPv6 without brackets) and optional port."""

    name: str
    port: int | None = None

    @property
    def netloc(self) -> str:
        name = f"[{self.name}]" if ":" in self.name else self.name
        return name if self.port is None else f"{name}:{self.port}"


def normalize_registry_host(text: str) -> str:
    """``https://Registry.Example.test:5000/v2/`` → ``registry.example.test:5000``.

    The same rule for every kind: see :func:`imagedesk.domain.hosts.normalize_host`.
    """
    return normalize_host(text)


def split_host_port(host: str) -> HostPort:
    """Split ``name[:port]`` (``[v6]:port`` for IPv6) and check both parts."""
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else rest
    elif host.count(":") > 1:
        name, port_text = host, ""
    else:
        name, _, port_text = host.partition(":")

    port = _parse_port(port_text) if port_text or host.endswith(":") else None
    if not _is_ip(name) and not _is_dns_name(name):
        raise FieldError("host", f"{quoted(name)} is not a valid host name.")
    return HostPort(name, port)


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``, with or without a port."""
    name = split_host_port(host).name
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_docker_hub_host(host: str) -> bool:
    return host in DOCKER_HUB_ALIASES


def validate_host_for_kind(kind: RegistryKind, text: str) -> str:
    """Normalise the typed host and check it suits the registry kind."""
    host = normalize_registry_host(text)
    if kind is RegistryKind.ACR:
        return validate_acr_host(host)
    if kind is RegistryKind.DOCKER_HUB:
        if not is_docker_hub_host(host):
            raise FieldError("host", "The Docker Hub entry uses the host docker.io.")
        return DOCKER_HUB_HOST
    return host


def api_host(kind: RegistryKind, host: str) -> str:
    """The host that serves the v2 API: Docker Hub's differs from the name people type."""
    if kind is RegistryKind.DOCKER_HUB or is_docker_hub_host(host):
        return DOCKER_HUB_API_HOST
    return host


def docker_hub_repository(name: str) -> str:
    """Official Docker Hub images live under ``library/``: ``nginx`` → ``library/nginx``."""
    return name if "/" in name else f"library/{name}"


def _parse_port(text: str) -> int:
    # At most five digits: int() of a huge digit string raises, and no port is longer.
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or not 0 < int(text) < 65536:
        raise FieldError("host", f"{quoted(text)} is not a port number (1 to 65535).")
    return int(text)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_dns_name(name: str) -> bool:
    labels = name.rstrip(".").split(".")
    return len(name) <= 253 and all(_LABEL.fullmatch(label) for label in labels)
