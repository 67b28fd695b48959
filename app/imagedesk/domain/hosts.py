"""Registry hosts as admins type them, and the one parser that recognises Amazon ECR.

The parser is the gate that decides whether a host may ever receive an ECR token or
an AWS secret, so it matches an anchored pattern on a normalised host and nothing
looser: ``ACCOUNT.dkr.ecr.us-east-1.amazonaws.com.evil.com`` is not ECR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagedesk.domain.errors import FieldError
from imagedesk.domain.text import nfkc, quoted, refuse_hidden

_SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_HOST_NAME = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)
_IPV6 = re.compile(r"\[[0-9a-f:.]+\]")
_PORT = re.compile(r"[0-9]{1,5}")

DOCKER_HUB_HOST = "docker.io"


def normalize_host(text: str) -> str:
    """Turn what an admin typed into ``host`` or ``host:port``.

    NFKC-normalises (full-width ``ｈｔｔｐｓ://`` is https://), trims, drops an http/https
    scheme, a ``:443`` port, any path and one trailing dot of a fully qualified name,
    lower-cases. Raises ``FieldError("host", ...)`` for an empty or malformed host.
    """
    value = nfkc(text).strip()
    if not value:
        raise FieldError("host", "Enter the registry host, e.g. registry.example.com.")
    refuse_hidden("host", "registry host", value)

    scheme = _SCHEME.match(value)
    if scheme is not None:
        if scheme.group("scheme").lower() not in ("http", "https"):
            raise FieldError("host", "Only http:// or https:// may precede the registry host.")
        value = value[scheme.end() :]

    value = value.split("/", 1)[0].lower()
    if not value:
        raise FieldError("host", "Enter the registry host, e.g. registry.example.com.")
    if any(character.isspace() for character in value) or "@" in value:
        raise FieldError("host", "The registry host may not contain spaces or a user name.")
    if not value.isascii():
        raise FieldError(
            "host",
            f"The registry host {quoted(value)} has letters outside A to Z. Type an "
            "internationalised name in its ASCII form (xn--...), as DNS knows it.",
        )

    name, port = _split_port(value)
    if name.endswith(".") and not name.endswith(".."):
        name = name[:-1]  # a fully qualified name: "example.com." is "example.com"
    if not (_HOST_NAME.fullmatch(name) or _IPV6.fullmatch(name)) or len(name) > 253:
        raise FieldError("host", f"{quoted(name)} is not a valid host name.")
    if port is None or port == "443":
        return name
    return f"{name}:{port}"


def _split_port(value: str) -> tuple[str, str | None]:
    if value.startswith("["):
        closing = value.find("]")
        rest = value[closing + 1 :] if closing >= 0 else ""
        name = value[: closing + 1] if closing >= 0 else value
        if not rest:
            return name, None
        if not rest.startswith(":"):
            raise FieldError("host", f"{quoted(value)} is not a valid host name.")
        return name, _checked_port(rest[1:])

    if ":" not in value:
        return value, None
    name, port = value.rsplit(":", 1)
    return name, _checked_port(port)


def _checked_port(port: str) -> str:
    if not port:
        raise FieldError("host", "A colon after the host needs a port number (1 to 65535).")
    if not _PORT.fullmatch(port) or not 0 < int(port) < 65536:
        raise FieldError("host", f"{quoted(port)} is not a valid port (1 to 65535).")
    return str(int(port))


# --- Amazon ECR ---------------------------------------------------------------------

_REGION = r"[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}"

_PRIVATE_ECR = re.compile(
    r"(?P<account>[0-9]{12})"
    r"\.(?P<service>dkr\.ecr|dkr\.ecr-fips|dkr-ecr|dkr-ecr-fips)"
    rf"\.(?P<region>{_REGION})"
    r"\.(?P<suffix>amazonaws\.com|amazonaws\.com\.cn|on\.aws|on\.amazonwebservices\.com\.cn"
    r"|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu)"
)

_PUBLIC_HOSTS = {"public.ecr.aws": False, "ecr-public.aws.com": True}  # name -> dual-stack
_PUBLIC_API_REGION = "us-east-1"

# suffix -> (partition, region prefix the partition requires or "" for any other)
_SUFFIX_PARTITION = {
    "amazonaws.com.cn": ("aws-cn", "cn-"),
    "on.amazonwebservices.com.cn": ("aws-cn", "cn-"),
    "c2s.ic.gov": ("aws-iso", "us-iso-"),
    "sc2s.sgov.gov": ("aws-iso-b", "us-isob-"),
    "cloud.adc-e.uk": ("aws-iso-e", "eu-isoe-"),
    "csp.hci.ic.gov": ("aws-iso-f", "us-isof-"),
    "amazonaws.eu": ("aws-eusc", "eusc-"),
}
_DUAL_STACK_SUFFIXES = ("on.aws", "on.amazonwebservices.com.cn")
_OTHER_PARTITION_PREFIXES = ("cn-", "us-iso-", "us-isob-", "eu-isoe-", "us-isof-", "eusc-")


@dataclass(frozen=True)
class EcrHost:
    """What the parser understood of an ECR registry host."""

    host: str
    account_id: str  # "" for ECR Public
    region: str
    partition: str
    fips: bool
    dual_stack: bool
    public: bool
    api_endpoint: str  # the ECR (or ECR Public) API endpoint for this host


def parse_ecr_host(text: str) -> EcrHost | None:
    """Return the ECR reading of a host, or None when it is not an ECR registry host.

    Raises ``FieldError`` only when ``text`` is not a host at all.
    """
    host = normalize_host(text)
    if host in _PUBLIC_HOSTS:
        return EcrHost(
            host=host,
            account_id="",
            region=_PUBLIC_API_REGION,
            partition="aws",
            fips=False,
            dual_stack=_PUBLIC_HOSTS[host],
            public=True,
            api_endpoint=f"https://api.ecr-public.{_PUBLIC_API_REGION}.amazonaws.com",
        )

    match = _PRIVATE_ECR.fullmatch(host)
    if match is None:
        return None

    service, region, suffix = match.group("service", "region", "suffix")
    dual_stack = service.startswith("dkr-ecr")
    if dual_stack != (suffix in _DUAL_STACK_SUFFIXES):
        return None
    partition = _partition_for(region, suffix)
    if partition is None:
        return None

    fips = service.endswith("-fips")
    return EcrHost(
        host=host,
        account_id=match.group("account"),
        region=region,
        partition=partition,
        fips=fips,
        dual_stack=dual_stack,
        public=False,
        api_endpoint=_api_endpoint(region, suffix, fips=fips, dual_stack=dual_stack),
    )


def _partition_for(region: str, suffix: str) -> str | None:
    if suffix in _SUFFIX_PARTITION:
        partition, prefix = _SUFFIX_PARTITION[suffix]
        return partition if region.startswith(prefix) else None

    if region.startswith(_OTHER_PARTITION_PREFIXES):
        return None
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _api_endpoint(region: str, suffix: str, *, fips: bool, dual_stack: bool) -> str:
    service = "ecr-fips" if fips else "ecr"
    if dual_stack:
        api_suffix = "api.aws" if suffix == "on.aws" else "api.amazonwebservices.com.cn"
        return f"https://{service}.{region}.{api_suffix}"
    if fips:
        return f"https://ecr-fips.{region}.{suffix}"
    return f"https://api.ecr.{region}.{suffix}"


def image_reference_host(reference: str) -> str:
    """The registry host an image reference points at, normalised.

    Follows the Docker rule: the first path segment is a host only when it has a dot,
    a colon or is ``localhost``; otherwise the image lives on Docker Hub.
    """
    value = reference.strip()
    scheme = _SCHEME.match(value)
    if scheme is not None:
        value = value[scheme.end() :]

    first, slash, _rest = value.partition("/")
    if not slash:
        return DOCKER_HUB_HOST
    if "." in first or ":" in first or first.lower() == "localhost":
        return normalize_host(first)
    return DOCKER_HUB_HOST


_ECR_LOOKALIKE = re.compile(r"^(?P<account>[^.]+)\.dkr[.-]ecr(-fips)?\.", re.IGNORECASE)


def why_not_ecr(host: str) -> str:
    """For a host shaped like private ECR that the parser refused: what is wrong with
    it, as a clause ("" when there is nothing more specific to say)."""
    match = _ECR_LOOKALIKE.match(host)
    if match is None:
        return ""
    account = match["account"]
    if not re.fullmatch(r"[0-9]{12}", account):
        return f"the account id of an ECR host has 12 digits, and {quoted(account)} has not"
    return ""
