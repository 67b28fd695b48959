"""Where a v2 registry's API lives, and the httpx client that talks to it.

HTTPS always, with the system trust store plus the registry's own CA bundle when
one is attached. Plain HTTP only for a loopback host or when the admin ticked
"insecure (HTTP)". Every call has a timeout.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass

import httpx

from imagedesk.domain.errors import FieldError
from imagedesk.domain.models import Registry
from imagedesk.domain.registry_hosts import api_host, is_loopback_host, normalize_registry_host

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
USER_AGENT = "imagedesk"


@dataclass(frozen=True)
class Endpoint:
    """The origin of the v2 API: ``scheme://host[:port]``."""

    scheme: str
    host: str
    # True when HTTPS is tried first and plain HTTP is allowed if the server speaks no TLS
    # (a loopback registry without the insecure flag, as Docker itself does for localhost).
    may_fall_back_to_http: bool = False

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}"

    def as_plain_http(self) -> Endpoint:
        return Endpoint("http", self.host)


def plain_http_allowed(registry: Registry, host: str) -> bool:
    return registry.insecure or is_loopback_host(host)


def endpoint_for(registry: Registry) -> Endpoint:
    """The API origin for ``registry``; raises FieldError for a malformed host or URL."""
    if registry.endpoint_url:
        return _endpoint_from_url(registry, registry.endpoint_url)

    host = api_host(registry.kind, normalize_registry_host(registry.host))
    if registry.insecure:
        return Endpoint("http", host)
    return Endpoint("https", host, may_fall_back_to_http=is_loopback_host(host))


def ssl_context_for(registry: Registry) -> ssl.SSLContext:
    """The system trust store, plus the registry's CA bundle file when one is attached."""
    context = ssl.create_default_context()
    if registry.ca_file:
        try:
            context.load_verify_locations(cafile=registry.ca_file)
        except (OSError, ssl.SSLError) as error:
            raise FieldError(
                "ca_file", f"The CA bundle {registry.ca_file} could not be read: {error}"
            ) from error
    return context


def build_http_client(
    registry: Registry, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A client with timeouts, the registry's trust settings and no stored credentials."""
    return httpx.Client(
        timeout=TIMEOUT,
        verify=ssl_context_for(registry),
        transport=transport,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


def _endpoint_from_url(registry: Registry, text: str) -> Endpoint:
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as error:
        raise FieldError("endpoint_url", f"'{text}' is not a URL.") from error

    if url.scheme not in ("http", "https") or not url.host:
        raise FieldError("endpoint_url", f"'{text}' is not an http or https URL.")

    host = normalize_registry_host(url.netloc.decode("ascii"))
    if url.scheme == "https" and url.port == 443:
        host = normalize_registry_host(url.host)
    if url.scheme == "http" and not plain_http_allowed(registry, host):
        raise FieldError(
            "endpoint_url",
            "Plain HTTP is only used for this computer's own addresses, or when "
            "'insecure (HTTP)' is ticked.",
        )
    return Endpoint(url.scheme, host)
