"""ECR login tokens: decoding, and a per-client cache kept in memory only.

Tokens are keyed on the host the admin configured (never on ``proxyEndpoint``, which
the response controls), refreshed a margin ahead of ``expiresAt``, compared in UTC
and never handed out past expiry. A token that arrives already expired (moto always
sends one from 2015) is used for the call that fetched it and not cached, so no
refresh loop can start.
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from imagedesk.domain.errors import MalformedToken
from imagedesk.domain.secret import Secret

logger = logging.getLogger(__name__)

REFRESH_MARGIN = timedelta(minutes=15)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones (botocore's tzlocal) converted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class AuthToken:
    """A decoded ECR login: the registry user name and its password."""

    username: str
    password: Secret
    expires_at: datetime
    issued_at: datetime


@dataclass(frozen=True)
class TokenState:
    """What the Registries page shows about a registry's login token."""

    issued_at: datetime | None = None
    expires_at: datetime | None = None
    next_refresh: datetime | None = None
    last_error: str = ""


def decode_authorization_token(text: str) -> tuple[str, Secret]:
    """Split ``base64("user:password")`` on the FIRST colon: passwords may hold colons."""
    try:
        decoded = base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise MalformedToken(
            "ECR returned a login token that is not valid base64. Test the connection again.",
            details=f"{type(error).__name__} while decoding the authorization token",
        ) from error

    username, colon, password = decoded.partition(":")
    if not colon or not username or not password:
        raise MalformedToken(
            "ECR returned a login token without the 'user:password' form.",
            details="the decoded authorization token has no colon, user or password",
        )
    return username, Secret(password)


class TokenCache:
    """Tokens per configured host, in memory, with the state the UI shows."""

    def __init__(self, clock: Clock = utc_now, margin: timedelta = REFRESH_MARGIN) -> None:
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._tokens: dict[str, AuthToken] = {}
        self._states: dict[str, TokenState] = {}

    def now(self) -> datetime:
        return as_utc(self._clock())

    def get(self, host: str) -> AuthToken | None:
        """The cached token for ``host`` while it is still fresh, else None (and dropped)."""
        with self._lock:
            token = self._tokens.get(host)
            if token is None:
                return None
            if self.now() >= token.expires_at - self._margin:
                logger.debug("login token for %s is due for refresh", host)
                del self._tokens[host]
                return None
            return token

    def store(self, host: str, token: AuthToken) -> None:
        """Remember ``token`` unless it is already inside the refresh margin."""
        with self._lock:
            next_refresh = token.expires_at - self._margin
            if self.now() >= next_refresh:
                logger.info("login token for %s arrived already expired; not cached", host)
                self._tokens.pop(host, None)
                self._states[host] = TokenState(
                    issued_at=token.issued_at, expires_at=token.expires_at
                )
                return
            self._tokens[host] = token
            self._states[host] = TokenState(
                issued_at=token.issued_at, expires_at=token.expires_at, next_refresh=next_refresh
            )

    def record_error(self, host: str, message: str) -> None:
        with self._lock:
            previous = self._states.get(host, TokenState())
            self._states[host] = TokenState(
                issued_at=previous.issued_at,
                expires_at=previous.expires_at,
                next_refresh=previous.next_refresh,
                last_error=message,
            )

    def invalidate(self, host: str) -> None:
        with self._lock:
            self._tokens.pop(host, None)

    def state(self, host: str) -> TokenState:
        with self._lock:
            return self._states.get(host, TokenState())
