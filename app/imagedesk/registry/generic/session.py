"""One authenticated conversation with a v2 registry: ping, challenge, retry with auth.

The session pings ``/v2/`` once, learns the registry's challenge (none, Basic or
Bearer) and then sends every request with the matching Authorization header.
A Bearer token is fetched per scope and cached until it expires.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

from imagedesk.domain.errors import AuthRefused, CredentialsMissing, RegistryError
from imagedesk.domain.models import Registry
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.registry.generic.challenge import Challenge, parse_challenge
from imagedesk.registry.generic.endpoint import (
    Endpoint,
    build_http_client,
    endpoint_for,
    plain_http_allowed,
)
from imagedesk.registry.generic.http_errors import (
    error_from_exception,
    response_details,
    tls_not_spoken,
)
from imagedesk.registry.generic.tokens import Credentials, TokenCache, cache_key, fetch_token

logger = logging.getLogger(__name__)

SUPPORTED_SCHEMES = ("basic", "bearer")


class V2Session:
    """Blocking; used by one worker thread at a time. Call :meth:`close` when done."""

    def __init__(
        self,
        registry: Registry,
        secrets: RegistrySecrets,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._registry = registry
        self._credentials = _credentials(registry, secrets)
        self._endpoint: Endpoint | None = None
        self._transport = transport
        self._http: httpx.Client | None = None
        self._challenge: Challenge | None = None
        self._pinged = False
        self._tokens = TokenCache()

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            self._endpoint = endpoint_for(self._registry)
        return self._endpoint

    @property
    def challenge(self) -> Challenge | None:
        """The challenge ``/v2/`` answered with; None for an open registry."""
        self.ping()
        return self._challenge

    @property
    def has_credentials(self) -> bool:
        return self._credentials is not None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def ping(self) -> None:
        """GET ``/v2/`` without credentials, once: proves the API is there and learns
        the challenge. Raises Unreachable, CertificateUntrusted or RegistryError."""
        if self._pinged:
            return

        response = self._send("GET", "/v2/", {})
        if response.status_code == 401:
            self._challenge = parse_challenge(response.headers.get("www-authenticate", ""))
        elif response.status_code != 200:
            raise RegistryError(
                f"{self.endpoint.host} does not answer like a container registry "
                f"(HTTP {response.status_code} on /v2/). Check the host.",
                details=response_details(response),
            )
        self._pinged = True
        logger.debug("Pinged %s: challenge %s", self.endpoint.host, self._challenge)

    def login(self) -> None:
        """Prove the credentials with an authenticated ``/v2/``; raises AuthRefused."""
        response = self.request("GET", "/v2/", scope="")
        if response.status_code == 401:
            raise AuthRefused(details=response_details(response))
        if response.status_code != 200:
            raise RegistryError(
                f"The registry answered HTTP {response.status_code} to the login check.",
                details=response_details(response),
            )

    def request(
        self,
        method: str,
        url: str,
        *,
        scope: str,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send with the registry's auth; on a 401 with a new challenge, retry once.

        Returns any HTTP answer (the caller maps statuses); raises only for
        transport failures and refused or missing credentials.
        """
        self.ping()
        base_headers = dict(headers or {})

        authorization = self._authorization(self._challenge, scope, refresh=False)
        response = self._send(method, url, {**base_headers, **authorization})
        if response.status_code != 401:
            return response

        challenge = parse_challenge(response.headers.get("www-authenticate", ""))
        if challenge is None or challenge.scheme not in SUPPORTED_SCHEMES:
            return response
        if challenge.scheme == "basic" and authorization:
            return response  # the credentials were sent and refused

        self._challenge = _without_request_details(challenge)
        retry_scope = challenge.scope or scope
        authorization = self._authorization(challenge, retry_scope, refresh=True)
        if not authorization:
            return response
        return self._send(method, url, {**base_headers, **authorization})

    def _authorization(
        self, challenge: Challenge | None, scope: str, *, refresh: bool
    ) -> dict[str, str]:
        if challenge is None:
            return {}

        if challenge.scheme == "basic":
            if self._credentials is None:
                raise CredentialsMissing(
                    "The registry asks for a user name and password; none are set."
                )
            return {"Authorization": self._credentials.basic_header()}

        if challenge.scheme != "bearer" or not challenge.realm:
            return {}
        self._check_realm(challenge.realm)
        key = cache_key(challenge, scope)
        if refresh:
            self._tokens.drop(key)
        token = self._tokens.get(key)
        if token is None:
            token, lifetime = fetch_token(self._client(), challenge, scope, self._credentials)
            self._tokens.put(key, token, lifetime)
        return {"Authorization": f"Bearer {token.reveal()}"}

    def _check_realm(self, realm: str) -> None:
        """Credentials go to the token service only over HTTPS (or HTTP where allowed)."""
        url = httpx.URL(realm)
        if url.scheme == "https":
            return
        if url.scheme == "http" and plain_http_allowed(self._registry, url.netloc.decode()):
            return
        raise RegistryError(
            "The registry sends logins to a token service that is not HTTPS; refused.",
            details=f"realm {url.copy_with(query=None)}",
        )

    def _send(self, method: str, url: str, headers: Mapping[str, str]) -> httpx.Response:
        absolute = url if "://" in url else self.endpoint.base_url + url
        try:
            return self._client().request(method, absolute, headers=headers)
        except httpx.HTTPError as error:
            if self.endpoint.may_fall_back_to_http and tls_not_spoken(error):
                logger.info("%s speaks no TLS; using plain HTTP (loopback)", self.endpoint.host)
                self._endpoint = self.endpoint.as_plain_http()
                return self._send(method, url, headers)
            raise error_from_exception(error, self.endpoint.host) from error

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = build_http_client(self._registry, self._transport)
        return self._http


def _credentials(registry: Registry, secrets: RegistrySecrets) -> Credentials | None:
    if not registry.username or secrets.secret is None or not secrets.secret:
        return None
    return Credentials(registry.username, secrets.secret)


def _without_request_details(challenge: Challenge) -> Challenge:
    """Keep realm and service; the scope and error belong to one request only."""
    params = {k: v for k, v in challenge.params.items() if k not in ("scope", "error")}
    return Challenge(challenge.scheme, params)
