"""A registry's repository scope: the repository names or prefixes its credentials
are meant for (``team-a/api``, ``team-a/*``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from imagedesk.domain.errors import FieldError
from imagedesk.domain.text import quoted, refuse_hidden

# ECR's repository naming rule: lower-case components joined by "/", each made of
# letters and digits separated by single ".", "_" or "-"; 2 to 256 characters in all.
_COMPONENT = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"
_REPOSITORY_NAME = re.compile(rf"(?:{_COMPONENT}/)*{_COMPONENT}")
_PREFIX_SUFFIX = "/*"

NAMING_RULE = (
    "Repository names use lower-case letters, digits and the separators . _ - "
    "between them, with / between parts (2 to 256 characters); "
    "end with /* for every repository under a prefix."
)


def is_prefix(entry: str) -> bool:
    return entry.endswith(_PREFIX_SUFFIX)


def prefix_of(entry: str) -> str:
    """``team-a/*`` -> ``team-a/``."""
    return entry[: -len("*")]


def is_valid_repository_name(name: str) -> bool:
    return 2 <= len(name) <= 256 and _REPOSITORY_NAME.fullmatch(name) is not None


def clean_scope_entry(text: str) -> str:
    """One trimmed scope entry, or ``FieldError("scope", ...)`` with the naming rule."""
    value = text.strip()
    refuse_hidden("scope", "scope entry", value)
    name = value[: -len(_PREFIX_SUFFIX)] if is_prefix(value) else value
    if not name or not _REPOSITORY_NAME.fullmatch(name) or len(name) > 256:
        raise FieldError("scope", f"{quoted(value)} is not a repository name. {NAMING_RULE}")
    if not is_prefix(value) and len(value) < 2:
        raise FieldError("scope", f"{quoted(value)} is too short. {NAMING_RULE}")
    return value


def clean_scope(entries: Iterable[str]) -> tuple[str, ...]:
    """Every non-blank entry cleaned, duplicates dropped, order kept."""
    cleaned: list[str] = []
    for entry in entries:
        if entry.strip():
            value = clean_scope_entry(entry)
            if value not in cleaned:
                cleaned.append(value)
    return tuple(cleaned)


def scope_allows(scope: Iterable[str], repository: str) -> bool:
    """True when ``repository`` is named by the scope or lies under one of its prefixes.

    An empty scope allows everything (the credentials are meant for the whole registry).
    """
    entries = tuple(scope)
    if not entries:
        return True
    return any(
        repository.startswith(prefix_of(entry)) if is_prefix(entry) else repository == entry
        for entry in entries
    )
