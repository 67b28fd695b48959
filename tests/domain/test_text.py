"""Quoting input back (defect F) and refusing invisible characters (defect H)."""

from __future__ import annotations

import pytest

from imagedesk.domain.errors import FieldError
from imagedesk.domain.text import QUOTE_LIMIT, quoted, refuse_hidden, shorten


def test_short_text_is_quoted_whole() -> None:
    assert quoted("registry.example.com") == "'registry.example.com'"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert shorten("a" * 100_000) == "a" * QUOTE_LIMIT + "…"
    assert len(quoted("b" * 100_000)) == QUOTE_LIMIT + 3


def test_hidden_characters_are_spelled_out_so_a_message_cannot_be_reversed() -> None:
    assert shorten("abc\u202edef") == "abc<U+202E>def"
    assert shorten("\x00") == "<U+0000>"


def test_spelled_out_characters_still_respect_the_limit() -> None:
    assert len(shorten("\u202e" * 100)) == QUOTE_LIMIT + 1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("prod\u202eedoc", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("a\u2066b", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("zero\u200bwidth", "U+200B ZERO WIDTH SPACE"),
        ("nul\x00", "U+0000"),
        ("soft\u00adhyphen", "U+00AD SOFT HYPHEN"),
    ],
)
def test_invisible_characters_are_refused_by_name(text: str, name: str) -> None:
    with pytest.raises(FieldError) as caught:
        refuse_hidden("name", "name", text)
    assert caught.value.field == "name"
    assert f"The name contains an invisible character ({name})" in caught.value.message


def test_line_breaks_may_be_allowed() -> None:
    refuse_hidden("description", "description", "one\ntwo", allow_newlines=True)
    with pytest.raises(FieldError):
        refuse_hidden("name", "name", "one\ntwo")


def test_counted_puts_the_noun_in_the_right_number() -> None:
    from imagedesk.domain.text import counted

    assert counted(1, "image", "images") == "1 image"
    assert counted(0, "image", "images") == "0 images"
    assert counted(2, "entry was", "entries were") == "2 entries were"
