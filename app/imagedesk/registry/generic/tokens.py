"""Bearer tokens from a registry's token service, cached per scope until they expire."""

from __future__ import annotations

import base64
import logging
import threading
import time
from dataclasses import dataclass

import httpx

from imagedesk.domain.errors import AuthRefused, RegistryError
from imagedesk.domain.secret import Secret
from imagedesk.registry.generic.challenge import Challenge
from imagedesk.registry.generic.http_errors import error_from_exception, response_details

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 60.0  # seconds; the token specification's default
_EARLY = 10.0  # renew this many seconds before the stated expiry


@dataclass(frozen=True)
class Credentials:
    username: str
    password: Secret

    def basic_header(self) -> str:
        pair = f"{self.username}:{self.password.reveal()}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")


class TokenCache:
    """Tokens keyed by (realm, service, scope); safe to share between threads."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str, str], tuple[Secret, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> Secret | None:
        with self._lock:
            entry = self._tokens.get(key)
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0]

    def put(self, key: tuple[str, str, str], token: Secret, lifetime: float) -> None:
        expires_at = time.monotonic() + max(lifetime - _EARLY, 1.0)
        with self._lock:
            self._tokens[key] = (token, expires_at)

    def drop(self, key: tuple[str, str, str]) -> None:
        with self._lock:
            self._tokens.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._tokens)


def cache_key(challenge: Challenge, scope: str) -> tuple[str, str, str]:
    return (challenge.realm, challenge.service, scope)


def fetch_token(
    client: httpx.Client,
    challenge: Challenge,
    scope: str,
    credentials: Credentials | None,
) -> tuple[Secret, float]:
    """Ask the realm for a token for ``scope`` (empty: no scope, a login check).

    Raises AuthRefused when the token service refuses the credentials, and
    RegistryError when it answers something that is not a token.
    """
    params = {"service": challenge.service} if challenge.service else {}
    if scope:
        params["scope"] = scope
    headers = {}
    if credentials is not None:
        params["account"] = credentials.username
        headers["Authorization"] = credentials.basic_header()

    realm_host = httpx.URL(challenge.realm).host
    logger.debug("Fetching a registry token from %s for scope %r", realm_host, scope)
    try:
        response = client.get(challenge.realm, params=params, headers=headers)
    except httpx.HTTPError as error:
        raise error_from_exception(error, realm_host) from error

    if response.status_code in (401, 403):
        raise AuthRefused(
            "The registry refused the credentials. Check the user name and password or token.",
            details=response_details(response),
        )
    if response.status_code != 200:
        raise RegistryError(
            f"The registry's token service answered HTTP {response.status_code}.",
            details=response_details(response),
        )
    return _read_token(response)


def _read_token(response: httpx.Response) -> tuple[Secret, float]:
    try:
        body = response.json()
    except ValueError as error:
        raise RegistryError(
            "The registry's token service answered something that is not JSON.",
            details=response_details(response),
        ) from error

    token = body.get("token") or body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        raise RegistryError(
            "The registry's token service answered without a token.",
            details=response_details(response),
        )

    lifetime = body.get("expires_in", DEFAULT_LIFETIME)
    if not isinstance(lifetime, int | float) or lifetime <= 0:
        lifetime = DEFAULT_LIFETIME
    return Secret(token), float(lifetime)
