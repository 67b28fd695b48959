"""Parsing of the ``WWW-Authenticate`` challenge a v2 registry answers with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*")
_PARAM = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


@dataclass(frozen=True)
class Challenge:
    """``Basic realm=...`` or ``Bearer realm=...,service=...,scope=...``."""

    scheme: str  # lower case: "basic" or "bearer" (others are kept but unsupported)
    params: dict[str, str] = field(default_factory=dict)

    @property
    def realm(self) -> str:
        return self.params.get("realm", "")

    @property
    def service(self) -> str:
        return self.params.get("service", "")

    @property
    def scope(self) -> str:
        return self.params.get("scope", "")

    @property
    def error(self) -> str:
        """e.g. ``insufficient_scope`` or ``invalid_token``; empty when absent."""
        return self.params.get("error", "")


def parse_challenge(header: str) -> Challenge | None:
    """The first challenge of a ``WWW-Authenticate`` value, or None when unreadable.

    Parameter names are lower-cased; quoted values are unescaped. A header holding
    several challenges yields the first; registries send one in practice.
    """
    match = _SCHEME.match(header)
    if match is None:
        return None

    scheme = match.group(1).lower()
    params: dict[str, str] = {}
    position = match.end()
    while position < len(header):
        param = _PARAM.match(header, position)
        if param is None or param.end() == position:
            break
        quoted, bare = param.group(2), param.group(3)
        value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare
        params.setdefault(param.group(1).lower(), value)
        position = param.end()
    return Challenge(scheme, params)
