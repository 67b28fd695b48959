"""A wrapper that keeps secrets out of reprs, logs and tracebacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret value whose ``repr`` and ``str`` are masked.

    Call :meth:`reveal` at the single place that hands the value to a library.
    """

    _value: str = field(repr=False)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class RegistrySecrets:
    """The secrets one registry may hold; each is stored as its own keyring entry.

    ``secret`` is the ECR Secret Access Key or the generic/ACR password or token.
    """

    secret: Secret | None = None
    session_token: Secret | None = None
    web_identity_token: Secret | None = None

    NAMES: ClassVar[tuple[str, ...]] = ("secret", "session_token", "web_identity_token")
