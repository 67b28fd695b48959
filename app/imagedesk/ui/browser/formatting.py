"""How listed values read in the browser: short digests, human sizes, push times."""

from __future__ import annotations

from datetime import datetime

UNTAGGED = "untagged"
_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")
_SHORT_DIGEST_HEX = 12


_SINGULAR = {"repositories": "repository", "images": "image"}


def counted(count: int, plural: str) -> str:
    """``1 repository``, ``2,200 repositories``."""
    noun = _SINGULAR.get(plural, plural) if count == 1 else plural
    return f"{count:,} {noun}"


def short_digest(digest: str) -> str:
    """``sha256:0123456789ab`` for a full digest; other text as given."""
    algorithm, _, hex_part = digest.partition(":")
    if not hex_part:
        return digest
    return f"{algorithm}:{hex_part[:_SHORT_DIGEST_HEX]}"


def human_size(size_bytes: int | None) -> str:
    """``512 B``, ``1.5 MB``, ``2.0 GB`` (powers of 1024); empty when unknown."""
    if size_bytes is None:
        return ""

    size = float(size_bytes)
    for unit in _SIZE_UNITS:
        if size < 1024 or unit == _SIZE_UNITS[-1]:
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def local_time(moment: datetime | None) -> str:
    """A timestamp in the machine's time zone, to the minute; empty when unknown."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
