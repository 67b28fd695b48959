"""The Qt-free redactor masks every credential shape and leaves ordinary text alone."""

from __future__ import annotations

import base64
import logging

import pytest

from imagedesk.support.redaction import (
    MASK,
    RedactingFilter,
    mask_account_ids,
    mask_known,
    redact,
)

AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
TEMP_KEY_ID = "ASIAY34FZKBOKMUTVV7A"
JWT = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YTpiIn0"
    ".c2lnbmF0dXJlLWJ5dGVz"
)
ECR_TOKEN = base64.b64encode(b"AWS:eyJwYXlsb2FkIjoiZmFrZS1lY3ItcGFzc3dvcmQifQ==").decode()
SESSION_TOKEN = "FwoGZXIvYXdzEJr" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv" * 6


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        (f"secret key {AWS_SECRET} refused", AWS_SECRET),
        (f"key id {KEY_ID}", KEY_ID),
        (f"temporary {TEMP_KEY_ID}", TEMP_KEY_ID),
        (f"web identity {JWT}", JWT),
        (f"token {ECR_TOKEN}", ECR_TOKEN),
        (f"session {SESSION_TOKEN}", SESSION_TOKEN),
        ("login with password=hunter2-Marker", "hunter2-Marker"),
        ('{"secretAccessKey": "s3cr3t-value"}', "s3cr3t-value"),
        ("session_token: tok-value-123", "tok-value-123"),
        ("x-amz-security-token: IQoJb3JpZ2luX2Vj", "IQoJb3JpZ2luX2Vj"),
        ("Authorization: Basic dXNlcjpodW50ZXIy", "dXNlcjpodW50ZXIy"),
        ("Authorization: Bearer opaque.bearer.value", "opaque.bearer.value"),
        (
            "authorization=AWS4-HMAC-SHA256 Credential=X/20240101, Signature=abcdef0123",
            "Signature=abcdef0123",
        ),
        ("https://host/v2/token?access_token=abcXYZ&scope=pull", "abcXYZ"),
    ],
)
def test_each_credential_shape_is_masked(text: str, hidden: str) -> None:
    masked = redact(text)

    assert hidden not in masked
    assert MASK in masked


@pytest.mark.parametrize(
    "text",
    [
        "Listed 42 repositories in team-a/api",
        "sha256:" + "0123456789abcdef" * 4,
        "/work/main/.venv/lib/python3.11/site-packages/botocore/endpoint.py line 12",
        "arn:aws:iam::123456789012:role/imagedesk-reader",
        "The registry refused the credentials. Check them and try again.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_key_ids_keep_their_prefix_so_the_reader_knows_what_was_hidden() -> None:
    assert redact(f"key {KEY_ID}") == f"key AKIA{MASK}"


def test_account_ids_are_masked_only_when_asked() -> None:
    text = "123456789012.dkr.ecr.us-east-1.amazonaws.com and arn:aws:iam::210987654321:root"

    assert mask_account_ids(text) == (
        "<account>.dkr.ecr.us-east-1.amazonaws.com and arn:aws:iam::<account>:root"
    )
    assert mask_account_ids("digest 1234567890123 is 13 digits") == (
        "digest 1234567890123 is 13 digits"
    )


def test_known_secret_values_are_masked_but_not_short_words() -> None:
    text = "the password is plain-words-here and a is a"

    assert mask_known(text, ["plain-words-here", "a"]) == "the password is *** and a is a"


def test_the_filter_masks_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, "key %s", (AWS_SECRET,), None)
    try:
        raise ValueError(f"password={AWS_SECRET}")
    except ValueError as error:
        record.exc_info = (ValueError, error, error.__traceback__)

    assert RedactingFilter().filter(record)

    assert AWS_SECRET not in record.getMessage()
    assert record.exc_text is not None
    assert AWS_SECRET not in record.exc_text
    assert "ValueError" in record.exc_text
