"""The token-state line of an ECR registry: issued, expires (counting down), next
refresh, last error, with "Refresh token now"."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from imagedesk.domain.cancel import CancelToken

logger = logging.getLogger(__name__)


class TokenStateLike(Protocol):
    """The fields of ``registry.ecr.token_cache.TokenState`` shown here."""

    @property
    def issued_at(self) -> datetime | None: ...

    @property
    def expires_at(self) -> datetime | None: ...

    @property
    def next_refresh(self) -> datetime | None: ...

    @property
    def last_error(self) -> str: ...


@runtime_checkable
class TokenHolder(Protocol):
    """A registry client that caches a login token (the ECR client)."""

    def token_state(self) -> TokenStateLike: ...

    def refresh_token(self, cancel: CancelToken) -> TokenStateLike: ...


def countdown(until: datetime, now: datetime) -> str:
    """ "in 11 h 52 min", "in 40 s", or "expired 3 min ago"."""
    seconds = int((until - now).total_seconds())
    text = _duration(abs(seconds))
    return f"in {text}" if seconds >= 0 else f"expired {text} ago"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def _clock(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M:%S")


def token_state_text(state: TokenStateLike | None, now: datetime) -> str:
    """One sentence per token state: none yet, valid, due for refresh, expired, or
    expired on arrival (moto, or an endpoint with a wrong clock)."""
    if state is None or state.issued_at is None:
        text = "Login token: none yet (it is fetched on the first use)."
    else:
        text = f"Login token: issued {_clock(state.issued_at)}{_expiry_clause(state, now)}."
    if state is not None and state.last_error:
        text += f" Last error: {state.last_error}"
    return text


def _expiry_clause(state: TokenStateLike, now: datetime) -> str:
    expires_at = state.expires_at
    if expires_at is None:
        return ""

    if state.issued_at is not None and expires_at <= state.issued_at:
        return "; the endpoint issued an already-expired token (used once, not cached)"

    if expires_at <= now:
        ago = _duration(int((now - expires_at).total_seconds()))
        return f", expired {ago} ago; a new one is fetched on the next use"

    remaining = _duration(int((expires_at - now).total_seconds()))
    if state.next_refresh is None:
        return f", expires in {remaining}; it arrived too close to expiry to be cached"
    if state.next_refresh <= now:
        return f", expires in {remaining}; it is replaced on the next use"
    return f", expires in {remaining}, next refresh {_clock(state.next_refresh)}"


class TokenStateView(QWidget):
    """Shows one token state and ticks its countdown once a second."""

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state: TokenStateLike | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh token &now")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._redraw)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.refresh_button)

    def show_state(self, state: TokenStateLike | None) -> None:
        self._state = state
        self._redraw()
        if state is not None and state.expires_at is not None:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    def _redraw(self) -> None:
        self.label.setText(token_state_text(self._state, datetime.now(UTC)))
