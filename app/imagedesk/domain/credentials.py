"""Shape checks for AWS credentials typed or pasted into a form.

They run before any network call, so a key with a stray space or a truncated secret
is flagged at its field instead of surfacing as a confusing AWS refusal. Each check
returns the trimmed value or raises ``FieldError`` naming the field.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from imagedesk.domain.errors import FieldError
from imagedesk.domain.text import quoted, refuse_hidden

_ACCESS_KEY_ID = re.compile(r"(AKIA|ASIA)[A-Z0-9]{16}")
_SECRET_ACCESS_KEY = re.compile(r"[A-Za-z0-9/+=]{40}")
_SESSION_TOKEN = re.compile(r"[A-Za-z0-9/+=_-]{16,}")
_SECRET_CHARACTER = re.compile(r"[A-Za-z0-9/+=]")
_SESSION_CHARACTER = re.compile(r"[A-Za-z0-9/+=_-]")
_ROLE_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def clean_access_key_id(text: str) -> str:
    """A trimmed Access Key ID: 20 characters, starting AKIA (user) or ASIA (session)."""
    value = text.strip()
    field = "access_key_id"
    if not value:
        raise FieldError(field, "Enter the Access Key ID.")
    if _ACCESS_KEY_ID.fullmatch(value):
        return value

    again = "Copy it again from the IAM console."
    if any(character.isspace() for character in value):
        raise FieldError(field, f"The Access Key ID has a space inside. {again}")
    refuse_hidden(field, "Access Key ID", value)
    if value.isascii() and value.isalnum() and value.upper() != value:
        raise FieldError(
            field,
            "The Access Key ID has lower-case letters; Access Key IDs are capital letters "
            f"and digits only (it may have been changed by autocorrect). {again}",
        )
    stray = next((c for c in value if not ("A" <= c <= "Z" or "0" <= c <= "9")), None)
    if stray is not None:
        raise FieldError(
            field,
            f"The Access Key ID contains {_describe(stray)}; Access Key IDs are capital "
            f"letters A to Z and digits only. {again}",
        )
    if not value.startswith(("AKIA", "ASIA")):
        raise FieldError(
            field,
            f"The Access Key ID starts with {quoted(value[:4])}; Access Key IDs start with "
            f"AKIA (long-term keys) or ASIA (temporary keys). {again}",
        )
    raise FieldError(
        field, f"The Access Key ID has {len(value)} characters; it should have 20. {again}"
    )


def clean_secret_access_key(text: str) -> str:
    """A trimmed Secret Access Key: exactly 40 characters of letters, digits, / and +."""
    value = text.strip()
    field = "secret_access_key"
    if not value:
        raise FieldError(field, "Enter the Secret Access Key.")
    if _SECRET_ACCESS_KEY.fullmatch(value):
        return value

    again = "Copy it again in one piece."
    if any(character.isspace() for character in value):
        raise FieldError(field, f"The Secret Access Key has a space inside. {again}")
    refuse_hidden(field, "Secret Access Key", value)
    stray = next((c for c in value if not _SECRET_CHARACTER.fullmatch(c)), None)
    if stray is not None:
        raise FieldError(
            field,
            f"The Secret Access Key contains {_describe(stray, secret=True)}; it is made of "
            f"letters, digits, / and + only. {again}",
        )
    raise FieldError(
        field, f"The Secret Access Key has {len(value)} characters; it should have 40. {again}"
    )


def clean_session_token(text: str) -> str:
    """A trimmed session token, or "" when none was given (it is optional)."""
    value = text.strip()
    field = "session_token"
    if not value or _SESSION_TOKEN.fullmatch(value):
        return value

    again = "Paste it again in one piece, or leave it empty for long-term keys."
    if any(character.isspace() for character in value):
        raise FieldError(field, f"The session token has a space or line break inside. {again}")
    refuse_hidden(field, "session token", value)
    stray = next((c for c in value if not _SESSION_CHARACTER.fullmatch(c)), None)
    if stray is not None:
        raise FieldError(
            field,
            f"The session token contains {_describe(stray, secret=True)}, which a session "
            f"token never has. {again}",
        )
    raise FieldError(
        field, f"The session token is too short ({len(value)} characters) to be one. {again}"
    )


def _describe(character: str, *, secret: bool = False) -> str:
    """Names a stray character; in a secret, only its kind, never the character itself."""
    if not character.isascii():
        return "characters other than ASCII letters and digits (such as emoji or accents)"
    if secret:
        return "a character that is not allowed there (punctuation)"
    return f"the character {quoted(character)}"


def check_session_token_fits_key(access_key_id: str, session_token: str) -> None:
    """Temporary (ASIA) keys need their session token; long-term (AKIA) keys have none."""
    if access_key_id.startswith("ASIA") and not session_token:
        raise FieldError(
            "session_token",
            "Keys starting with ASIA are temporary and need their session token.",
        )


def clean_role_arn(text: str) -> str:
    """A trimmed IAM role ARN (``arn:aws:iam::123456789012:role/name``)."""
    value = text.strip()
    if not _ROLE_ARN.fullmatch(value):
        raise FieldError(
            "role_arn",
            "Enter an IAM role ARN such as arn:aws:iam::123456789012:role/image-desk.",
        )
    return value


def clean_web_identity_token(text: str, field: str = "web_identity_token_file") -> str:
    """A trimmed web identity token that has the shape of a JWT (header.payload.signature).

    Only the shape is checked; STS checks the signature, issuer and audience.
    """
    value = text.strip()
    if not value:
        raise FieldError(field, "The web identity token is empty.")

    parts = value.split(".")
    if len(parts) != 3 or not all(_BASE64URL.fullmatch(part) for part in parts):
        raise FieldError(
            field,
            "This is not a web identity token: a token is three base64url parts joined by "
            "dots, as printed by 'kubectl create token'.",
        )

    header = _decode_json_part(parts[0])
    payload = _decode_json_part(parts[1])
    if header is None or payload is None or "alg" not in header:
        raise FieldError(
            field,
            "This is not a web identity token: its header or claims are not readable JSON.",
        )
    return value


def _decode_json_part(part: str) -> dict[str, object] | None:
    padded = part + "=" * (-len(part) % 4)
    try:
        decoded = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None
