"""Checks for what an admin types; each returns the cleaned value or raises FieldError.

Field names match the form fields so the UI can show the sentence beside the right one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from imagedesk.domain.errors import FieldError, ValidationErrors
from imagedesk.domain.models import Resources
from imagedesk.domain.registry_hosts import is_loopback_host
from imagedesk.domain.text import quoted, refuse_hidden

REGISTRY_NAME_MAX = 64
REPOSITORY_MAX = 256  # ECR's limit; the OCI spec leaves the length to the registry
TAG_MAX = 128
DESCRIPTION_MAX = 500

# OCI distribution spec: lowercase path components joined by "/", each made of
# alphanumerics separated by ".", "_", "__" or runs of "-".
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*"
_REPOSITORY_RE = re.compile(rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*")
_TAG_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
_DIGEST_RE = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class NumberRange:
    """The accepted range of one resource field, with its unit for messages."""

    low: float
    high: float
    unit: str


CPU_RANGE = NumberRange(0.1, 256, "cores")
MEMORY_RANGE = NumberRange(0.1, 4096, "GB")
DISK_RANGE = NumberRange(1, 65536, "GB")


def registry_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise FieldError("name", "Enter a name for the registry.")
    refuse_hidden("name", "name", name)
    if len(name) > REGISTRY_NAME_MAX:
        raise FieldError("name", f"Use at most {REGISTRY_NAME_MAX} characters for the name.")
    return name


def name_key(name: str) -> str:
    """The form under which two registry names are the same (``prod `` == ``Prod``)."""
    return name.strip().casefold()


def repository_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise FieldError("repository", "Enter the repository name.")
    refuse_hidden("repository", "repository name", name)
    if len(name) > REPOSITORY_MAX:
        raise FieldError(
            "repository", f"Repository names have at most {REPOSITORY_MAX} characters."
        )
    if _REPOSITORY_RE.fullmatch(name) is None:
        raise FieldError(
            "repository",
            "Repository names use lowercase letters, digits and '.', '_' or '-' between "
            "them, with '/' between parts (for example team-a/api).",
        )
    return name


def is_digest(value: str) -> bool:
    """True for a content digest (``sha256:`` and 64 hex digits), the reference of an
    untagged image."""
    return _DIGEST_RE.fullmatch(value.strip()) is not None


def tag_name(value: str) -> str:
    """A tag, or a digest standing in for the tag of an untagged image."""
    tag = value.strip()
    if is_digest(tag):
        return tag
    if not tag:
        raise FieldError("tag", "Enter a tag (for example latest).")
    refuse_hidden("tag", "tag", tag)
    if len(tag) > TAG_MAX:
        raise FieldError("tag", f"Tags have at most {TAG_MAX} characters.")
    if _TAG_RE.fullmatch(tag) is None:
        raise FieldError(
            "tag",
            "Tags use letters, digits, '_', '.' and '-', and cannot start with '.' or '-'.",
        )
    return tag


def description(value: str) -> str:
    text = value.strip()
    refuse_hidden("description", "description", text, allow_newlines=True)
    if len(text) > DESCRIPTION_MAX:
        raise FieldError(
            "description",
            f"Use at most {DESCRIPTION_MAX} characters for the description "
            f"(this one has {len(text)}).",
        )
    return text


def source_url(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    refuse_hidden("source_url", "source repository URL", url)

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise FieldError(
            "source_url",
            "Enter a web address starting with http:// or https://, or leave it empty.",
        )
    return url


ENDPOINT_EXTRAS = (
    "The endpoint URL may not hold a query or fragment; enter only scheme, host, port and path."
)


def validate_endpoint_url(text: str, field: str = "endpoint_url") -> str:
    """An AWS endpoint override (moto, LocalStack), or "" for none.

    An http or https URL with a host and nothing secret in it. Plain http is only for
    this computer's own addresses: a signed AWS call carries the access key id, and
    the signature must not cross a network in the clear.
    """
    url = text.strip()
    if not url:
        return ""
    refuse_hidden(field, "endpoint URL", url)

    sentence = (
        f"{quoted(url)} is not an endpoint URL. Enter one such as https://host:port "
        "(http:// only for this computer, e.g. http://127.0.0.1:5000)."
    )
    if not url.isascii() or any(character.isspace() for character in url):
        raise FieldError(field, sentence)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FieldError(field, sentence) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise FieldError(field, sentence)
    if parts.username is not None or parts.password is not None:
        raise FieldError(field, "The endpoint URL may not contain a user name or password.")
    if port == 0:
        raise FieldError(field, sentence)
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise FieldError(field, ENDPOINT_EXTRAS)
    if scheme == "http" and not _is_loopback(parts.hostname):
        raise FieldError(
            field,
            "Plain http:// endpoints are only allowed on this computer (localhost, "
            "127.0.0.1, ::1); use https:// for any other host.",
        )
    return url


def _is_loopback(hostname: str) -> bool:
    try:
        return is_loopback_host(f"[{hostname}]" if ":" in hostname else hostname)
    except FieldError:
        return False


def number_in_range(field: str, label: str, value: str | float, limits: NumberRange) -> float:
    """A number typed in a form field, refused with a sentence when not in ``limits``."""
    sentence = (
        f"Enter the {label} as a number from {limits.low:g} to {limits.high:g} {limits.unit}."
    )
    if isinstance(value, bool):
        raise FieldError(field, sentence)
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except ValueError:
        raise FieldError(field, sentence) from None

    if not math.isfinite(number) or not limits.low <= number <= limits.high:
        raise FieldError(field, sentence)
    return number


def cpu_cores(value: str | float) -> float:
    return number_in_range("cpu_cores", "CPU cores", value, CPU_RANGE)


def memory_gb(value: str | float) -> float:
    return number_in_range("memory_gb", "memory", value, MEMORY_RANGE)


def disk_gb(value: str | float) -> float:
    return number_in_range("disk_gb", "disk size", value, DISK_RANGE)


@dataclass(frozen=True)
class ImportForm:
    """The Import Image form after every field passed its check."""

    repository: str
    tag: str
    description: str
    source_url: str
    resources: Resources


def validate_import_form(
    *,
    repository: str,
    tag: str,
    description_text: str = "",
    source: str = "",
    cpu: str | float,
    memory: str | float,
    disk: str | float,
) -> ImportForm:
    """Check every field of the Import Image form; raise ValidationErrors naming all bad ones.

    Whether the repository and tag exist in the registry is checked by the caller, which
    has the registry client; this function checks only their spelling.
    """
    errors: list[FieldError] = []
    checks: dict[str, Callable[[], str | float]] = {
        "repository": lambda: repository_name(repository),
        "tag": lambda: tag_name(tag),
        "description": lambda: description(description_text),
        "source_url": lambda: source_url(source),
        "cpu_cores": lambda: cpu_cores(cpu),
        "memory_gb": lambda: memory_gb(memory),
        "disk_gb": lambda: disk_gb(disk),
    }
    clean: dict[str, str | float] = {}
    for field, checker in checks.items():
        try:
            clean[field] = checker()
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationErrors(errors)

    return ImportForm(
        repository=str(clean["repository"]),
        tag=str(clean["tag"]),
        description=str(clean["description"]),
        source_url=str(clean["source_url"]),
        resources=Resources(
            cpu_cores=float(clean["cpu_cores"]),
            memory_gb=float(clean["memory_gb"]),
            disk_gb=float(clean["disk_gb"]),
        ),
    )
