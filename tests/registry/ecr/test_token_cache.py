"""ECR login tokens: decoding on the first colon, refresh ahead of expiry, UTC."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from imagedesk.domain.errors import MalformedToken
from imagedesk.domain.secret import Secret
from imagedesk.registry.ecr.token_cache import (
    REFRESH_MARGIN,
    AuthToken,
    TokenCache,
    decode_authorization_token,
)

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def _token(expires_at: datetime) -> AuthToken:
    return AuthToken("AWS", Secret("pw"), expires_at=expires_at, issued_at=NOW)


def test_decode_splits_on_the_first_colon_only() -> None:
    encoded = base64.b64encode(b"AWS:abc:def==").decode()
    username, password = decode_authorization_token(encoded)
    assert username == "AWS"
    assert password.reveal() == "abc:def=="


@pytest.mark.parametrize("text", ["not base64!!", base64.b64encode(b"no-colon").decode()])
def test_malformed_token_is_a_clear_error(text: str) -> None:
    with pytest.raises(MalformedToken) as caught:
        decode_authorization_token(text)
    assert "token" in caught.value.message


def test_fresh_token_is_reused() -> None:
    cache = TokenCache(clock=lambda: NOW)
    token = _token(NOW + timedelta(hours=12))
    cache.store(HOST, token)
    assert cache.get(HOST) is token
    assert cache.state(HOST).next_refresh == NOW + timedelta(hours=12) - REFRESH_MARGIN


def test_token_expired_an_hour_ago_is_not_reused() -> None:
    moments = iter([NOW - timedelta(hours=13), NOW])
    cache = TokenCache(clock=lambda: next(moments))
    cache.store(HOST, _token(NOW - timedelta(hours=1)))  # fresh when stored
    assert cache.get(HOST) is None  # an hour past expiry now: must be refreshed


def test_token_inside_the_margin_is_refreshed() -> None:
    cache = TokenCache(clock=lambda: NOW)
    cache._tokens[HOST] = _token(NOW + REFRESH_MARGIN - timedelta(seconds=1))
    assert cache.get(HOST) is None


def test_already_expired_token_is_not_cached() -> None:
    cache = TokenCache(clock=lambda: NOW)
    cache.store(HOST, _token(datetime(2015, 1, 1, tzinfo=UTC)))
    assert cache.get(HOST) is None
    state = cache.state(HOST)
    assert state.expires_at == datetime(2015, 1, 1, tzinfo=UTC)
    assert state.next_refresh is None


def test_comparison_is_in_utc_whatever_the_zone() -> None:
    cache = TokenCache(clock=lambda: NOW.astimezone(timezone(timedelta(hours=-8))))
    token = _token((NOW + timedelta(hours=1)).astimezone(timezone(timedelta(hours=9))))
    cache.store(HOST, token)
    assert cache.get(HOST) is token


def test_error_is_recorded_in_the_state() -> None:
    cache = TokenCache(clock=lambda: NOW)
    cache.record_error(HOST, "denied")
    assert cache.state(HOST).last_error == "denied"
