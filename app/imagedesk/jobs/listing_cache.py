"""Session cache of registry listings, with their age ("listed 2 min ago").

Listings of dataclass items (repositories, images) are kept packed: each item as a
plain tuple of its field values (:class:`PackedItems`). A full garbage collection
walks every object the collector tracks while holding the GIL; ten registries of
10,000 repositories each would add 100,000 tracked objects, and a worker thread that
happened to trigger a full collection stalled the UI thread for 50-100 ms. A tuple of
strings, numbers and datetimes is untracked at the collector's first look, so packed
items cost full collections next to nothing. Jobs pack each page as it arrives, and a
:class:`Listing` unpacks its items only when they are first read (about 5 ms for
10,000 repositories).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import starmap
from operator import attrgetter
from typing import Any, Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_AGE_S = 300.0


class PackedItems(Generic[T]):
    """Items of one dataclass kept as tuples of their field values, in field order.

    Items that cannot be rebuilt from their fields (not a dataclass, a field that is not
    an ``__init__`` argument, or a page mixing kinds) are kept as they are.
    """

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._rows: list[Any] = []
        self._make: Callable[..., T] | None = None  # None: rows are the items themselves
        self._read: Callable[[T], Any] = _itself
        self.extend(list(items))

    def extend(self, items: Sequence[T]) -> None:
        if not items:
            return
        if not self._rows:
            self._make, self._read = _packing_for(type(items[0]))

        make = self._make
        if make is not None and any(type(item) is not make for item in items):
            self._rows = list(self.unpacked())  # mixed kinds: keep everything as is
            self._make, self._read = None, _itself
        self._rows.extend(map(self._read, items))

    def unpacked(self) -> tuple[T, ...]:
        if self._make is None:
            return tuple(self._rows)
        return tuple(starmap(self._make, self._rows))

    def __len__(self) -> int:
        return len(self._rows)


class Listing(Generic[T]):
    """A complete listing and when it was made (clock seconds, monotonic by default).

    Its items are unpacked on first read and then kept by this listing only, so a
    listing nobody reads (the browser already has the pages) never rebuilds them.
    """

    def __init__(self, items: Sequence[T] | PackedItems[T], listed_at: float) -> None:
        self._packed = items if isinstance(items, PackedItems) else PackedItems(items)
        self._items: tuple[T, ...] | None = None
        self.listed_at = listed_at

    @property
    def items(self) -> tuple[T, ...]:
        if self._items is None:
            self._items = self._packed.unpacked()
        return self._items

    def __len__(self) -> int:
        return len(self._packed)


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
        self._entries: dict[Hashable, tuple[PackedItems[Any], float]] = {}

    def get(self, key: Hashable) -> Listing[Any] | None:
        """A new listing of what is stored under ``key``, while younger than the limit."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or self._age(entry[1]) > self.max_age_s:
            return None
        return Listing(*entry)

    def put(self, key: Hashable, items: Sequence[Any] | PackedItems[Any]) -> Listing[Any]:
        """Store ``items`` (packed, if they are not yet) and return them as a listing.

        The caller must not extend packed items after storing them.
        """
        packed = items if isinstance(items, PackedItems) else PackedItems(items)
        listed_at = self._clock()
        with self._lock:
            self._entries[key] = (packed, listed_at)
        return Listing(packed, listed_at)

    def age_of(self, listing: Listing[Any]) -> float:
        return self._age(listing.listed_at)

    def drop(self, predicate: Callable[[Hashable], bool]) -> None:
        with self._lock:
            for key in [key for key in self._entries if predicate(key)]:
                del self._entries[key]

    def _age(self, listed_at: float) -> float:
        return max(0.0, self._clock() - listed_at)


def _packing_for(kind: type) -> tuple[Callable[..., Any] | None, Callable[[Any], Any]]:
    """How to pack items of ``kind``: its constructor and a reader of its field values,
    or (None, identity) when its items are to be kept as they are."""
    if not dataclasses.is_dataclass(kind):
        return None, _itself
    fields = dataclasses.fields(kind)
    if not fields or not all(field.init for field in fields):
        return None, _itself

    read = attrgetter(*(field.name for field in fields))
    if len(fields) == 1:
        return kind, lambda item: (read(item),)
    return kind, read


def _itself(item: Any) -> Any:
    return item


def describe_age(seconds: float) -> str:
    """ "listed just now", "listed 2 min ago", "listed 3 h ago"."""
    if seconds < 60:
        return "listed just now"
    if seconds < 3600:
        return f"listed {int(seconds // 60)} min ago"
    return f"listed {int(seconds // 3600)} h ago"
