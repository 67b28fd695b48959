"""The token line's sentence for each state a login token can be in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from imagedesk.registry.ecr.token_cache import TokenState
from imagedesk.ui.token_state_view import token_state_text

NOW = datetime(2026, 5, 4, 12, 0, 0, tzinfo=UTC)


def test_a_valid_token_counts_down_and_names_its_refresh() -> None:
    state = TokenState(NOW, NOW + timedelta(hours=12), NOW + timedelta(hours=11, minutes=55))

    text = token_state_text(state, NOW + timedelta(minutes=8))

    assert "expires in 11 h 52 min, next refresh" in text
    assert "expired" not in text


def test_a_token_past_its_refresh_time_is_replaced_on_next_use() -> None:
    state = TokenState(NOW, NOW + timedelta(hours=12), NOW + timedelta(hours=11, minutes=55))

    text = token_state_text(state, NOW + timedelta(hours=11, minutes=57))

    assert text.endswith("expires in 3 min; it is replaced on the next use.")


def test_an_expired_token_says_when_and_what_happens_next() -> None:
    state = TokenState(NOW, NOW + timedelta(hours=12), NOW + timedelta(hours=11, minutes=55))

    text = token_state_text(state, NOW + timedelta(hours=12, minutes=3))

    assert text.endswith("expired 3 min ago; a new one is fetched on the next use.")
    assert "expires expired" not in text


def test_a_token_expired_on_arrival_is_named_as_such() -> None:
    state = TokenState(NOW, datetime(2015, 1, 1, tzinfo=UTC), None)

    text = token_state_text(state, NOW)

    assert text.endswith("; the endpoint issued an already-expired token (used once, not cached).")
    assert " h " not in text


def test_a_token_inside_the_refresh_margin_on_arrival_is_not_cached() -> None:
    state = TokenState(NOW, NOW + timedelta(minutes=2), None)

    text = token_state_text(state, NOW)

    assert text.endswith("expires in 2 min; it arrived too close to expiry to be cached.")


def test_no_token_yet_and_a_last_error() -> None:
    assert token_state_text(None, NOW) == (
        "Login token: none yet (it is fetched on the first use)."
    )
    assert token_state_text(TokenState(last_error="throttled"), NOW).endswith(
        "Last error: throttled"
    )
