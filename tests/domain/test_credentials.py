"""Shape checks for pasted AWS credentials and for repository scopes."""

from __future__ import annotations

import base64
import json

import pytest

from imagedesk.domain.credentials import (
    check_session_token_fits_key,
    clean_access_key_id,
    clean_role_arn,
    clean_secret_access_key,
    clean_session_token,
    clean_web_identity_token,
)
from imagedesk.domain.errors import FieldError
from imagedesk.domain.scope import clean_scope, clean_scope_entry, scope_allows

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def _jwt(claims: dict[str, str]) -> str:
    def part(data: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_pasted_keys_are_trimmed_and_accepted() -> None:
    assert clean_access_key_id("AKIAIOSFODNN7EXAMPLE ") == "AKIAIOSFODNN7EXAMPLE"
    assert clean_secret_access_key(SECRET + "\n") == SECRET


@pytest.mark.parametrize(
    ("key_id", "problem"),
    [
        ("AKIAIOSFODNN7EXAMPL", "has 19 characters; it should have 20"),
        ("AKIAIOSFODNN7EXAMPLE1", "has 21 characters; it should have 20"),
        ("AKIA IOSFODNN7EXAMPLE", "has a space inside"),
        ("AKIAIOSFODNN7EXA\tMPLE", "has a space inside"),
        ("XKIAIOSFODNN7EXAMPLE", "starts with 'XKIA'; Access Key IDs start with AKIA"),
        ("akiaiosfodnn7example", "has lower-case letters"),
        ("AKIAiosfodnn7EXAMPLE", "has lower-case letters"),
        ("\U0001f600" * 20, "characters other than ASCII letters and digits"),
        ("AKIAIOSFODNN7EXAMPL\u00c9", "characters other than ASCII letters and digits"),
        ("AKIA-OSFODNN7EXAMPLE", "contains the character '-'"),
        ("AKIA\u202eOSFODNN7EXAMPLE", "invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("AKIA\u200bIOSFODNN7EXAMPLE", "invisible character (U+200B ZERO WIDTH SPACE)"),
    ],
)
def test_each_key_id_shape_problem_has_its_own_sentence(key_id: str, problem: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_access_key_id(key_id)
    assert caught.value.field == "access_key_id"
    assert problem in caught.value.message


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        (SECRET[:20] + " " + SECRET[20:], "has a space inside"),
        (SECRET[:39] + "\u00e9", "characters other than ASCII"),
        (SECRET[:39] + "!", "not allowed there (punctuation)"),
        (SECRET + "A", "has 41 characters; it should have 40"),
        (SECRET[:20] + "\u202e" + SECRET[21:], "invisible character (U+202E"),
    ],
)
def test_each_secret_shape_problem_has_its_own_sentence(secret: str, problem: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_secret_access_key(secret)
    assert caught.value.field == "secret_access_key"
    assert problem in caught.value.message
    assert secret.strip() not in caught.value.message


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("FwoGZXIvYXdzEBYa DExample==", "space or line break inside"),
        ("FwoGZXIvYXdzEBYa\nDExample==", "space or line break inside"),
        ("FwoGZXIvYXdzEBYa!DExample==", "never has"),
        ("FwoGZXIvYXdz\u00e9EBYaDExample==", "characters other than ASCII"),
        ("FwoG", "too short (4 characters)"),
        ("FwoGZXIvYXdzEBYa\u2066DExample==", "invisible character (U+2066"),
    ],
)
def test_each_session_token_problem_has_its_own_sentence(token: str, problem: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_session_token(token)
    assert caught.value.field == "session_token"
    assert problem in caught.value.message


def test_short_secret_is_flagged_without_echoing_it() -> None:
    with pytest.raises(FieldError) as caught:
        clean_secret_access_key(SECRET[:39])
    assert caught.value.field == "secret_access_key"
    assert "39" in caught.value.message
    assert SECRET[:39] not in caught.value.message


def test_session_token_is_optional_but_needed_by_temporary_keys() -> None:
    assert clean_session_token("  ") == ""
    assert clean_session_token(" FwoGZXIvYXdzEBYaDExample== \n") == "FwoGZXIvYXdzEBYaDExample=="
    with pytest.raises(FieldError) as caught:
        check_session_token_fits_key("ASIAIOSFODNN7EXAMPLE", "")
    assert caught.value.field == "session_token"
    check_session_token_fits_key("AKIAIOSFODNN7EXAMPLE", "")


def test_role_arn() -> None:
    arn = "arn:aws:iam::123456789012:role/image-desk"
    assert clean_role_arn(f" {arn} ") == arn
    assert clean_role_arn("arn:aws-us-gov:iam::123456789012:role/x") == (
        "arn:aws-us-gov:iam::123456789012:role/x"
    )
    with pytest.raises(FieldError) as caught:
        clean_role_arn("arn:aws:iam::123456789012:user/bob")
    assert caught.value.field == "role_arn"


def test_web_identity_token_shape() -> None:
    token = _jwt({"sub": "system:serviceaccount:ns:sa", "aud": "sts.amazonaws.com"})
    assert clean_web_identity_token(token + "\n") == token


@pytest.mark.parametrize("text", ["garbage", "a.b.c", "x" * 30 + "." + "y" * 30])
def test_garbage_is_not_a_web_identity_token(text: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_web_identity_token(text)
    assert caught.value.field == "web_identity_token_file"
    assert "not a web identity token" in caught.value.message


def test_scope_entries() -> None:
    assert clean_scope([" team-a/api ", "team-a/*", "", "team-a/api"]) == (
        "team-a/api",
        "team-a/*",
    )
    assert scope_allows(("team-a/*",), "team-a/web")
    assert not scope_allows(("team-a/*",), "team-b/web")
    assert scope_allows(("team-b/web",), "team-b/web")
    assert scope_allows((), "anything")


@pytest.mark.parametrize("entry", ["team a/api", "Team-A/api", "team-a//api", "-x", "team-a/"])
def test_scope_entry_refused_with_naming_rule(entry: str) -> None:
    with pytest.raises(FieldError) as caught:
        clean_scope_entry(entry)
    assert caught.value.field == "scope"
    assert "lower-case" in caught.value.message
