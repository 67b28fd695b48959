"""Rules for quoting typed text back to the admin and for refusing hidden characters.

A sentence that quotes input shows at most :data:`QUOTE_LIMIT` characters of it, and
shows invisible characters as ``U+XXXX`` so a message can neither flood the screen nor
be turned around by a right-to-left override hidden in the input.
"""

from __future__ import annotations

import unicodedata

from imagedesk.domain.errors import FieldError

QUOTE_LIMIT = 60
ELLIPSIS = "…"

# Unicode categories of characters that draw nothing: controls (NUL, escape, ...) and
# format characters (bidi overrides and isolates, zero-width joiners, soft hyphens).
_HIDDEN_CATEGORIES = ("Cc", "Cf")


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, hidden characters spelled out."""
    visible = "".join(_spelled(character) for character in text[: limit + 1])
    if len(text) > limit or len(visible) > limit:
        return visible[:limit].rstrip() + ELLIPSIS
    return visible


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` in single quotes for a sentence, shortened like :func:`shorten`."""
    return f"'{shorten(text, limit)}'"


def _spelled(character: str) -> str:
    if is_hidden(character):
        return f"<U+{ord(character):04X}>"
    return character


def is_hidden(character: str) -> bool:
    """True for a control or format character (Unicode category Cc or Cf)."""
    return unicodedata.category(character) in _HIDDEN_CATEGORIES


def character_name(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and, when known, its name."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".rstrip()


def first_hidden(text: str) -> str | None:
    """The first control or format character of ``text``, or None."""
    return next((character for character in text if is_hidden(character)), None)


def refuse_hidden(field: str, label: str, text: str, *, allow_newlines: bool = False) -> None:
    """Raise ``FieldError(field, ...)`` when ``text`` holds an invisible character.

    Bidi controls (U+202E and friends) make text display in another order than it is
    stored, so a name or URL could read as something it is not; zero-width and other
    control characters hide in copied text. ``label`` names the field in the sentence.
    """
    allowed = "\n\r\t" if allow_newlines else ""
    hidden = next((c for c in text if is_hidden(c) and c not in allowed), None)
    if hidden is None:
        return
    raise FieldError(
        field,
        f"The {label} contains an invisible character ({character_name(hidden)}), which can "
        "make text display differently from what it is. Remove it and type the text again.",
    )


def nfkc(text: str) -> str:
    """Compatibility-normalised text: full-width ``ｈｔｔｐｓ`` becomes ``https``."""
    return unicodedata.normalize("NFKC", text)


def counted(number: int, one: str, many: str) -> str:
    """``1 image``, ``2 images``: a count with its noun in the right number."""
    return f"{number} {one if number == 1 else many}"
