"""Session cache of registry listings, with their age ("listed 2 min ago")."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_AGE_S = 300.0


@dataclass(frozen=True)
class Listing(Generic[T]):
    items: tuple[T, ...]
    listed_at: float  # clock seconds (monotonic by default)


class ListingCache:
    """Complete listings only: a listing cut short by an error or a cancel is not cached.

    Thread-safe, because worker threads store listings as they finish.
    """

    def __init__(
        self,
        max_age_s: float = DEFAULT_MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age_s = max_age_s
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Listing[Any]] = {}

    def get(self, key: Hashable) -> Listing[Any] | None:
        """The listing stored under ``key`` while it is younger than the age limit."""
        with self._lock:
            listing = self._entries.get(key)
        if listing is None or self.age_of(listing) > self.max_age_s:
            return None
        return listing

    def put(self, key: Hashable, items: tuple[Any, ...]) -> Listing[Any]:
        listing: Listing[Any] = Listing(items, self._clock())
        with self._lock:
            self._entries[key] = listing
        return listing

    def age_of(self, listing: Listing[Any]) -> float:
        return max(0.0, self._clock() - listing.listed_at)

    def drop(self, predicate: Callable[[Hashable], bool]) -> None:
        with self._lock:
            for key in [key for key in self._entries if predicate(key)]:
                del self._entries[key]


def describe_age(seconds: float) -> str:
    """ "listed just now", "listed 2 min ago", "listed 3 h ago"."""
    if seconds < 60:
        return "listed just now"
    if seconds < 3600:
        return f"listed {int(seconds // 60)} min ago"
    return f"listed {int(seconds // 3600)} h ago"
