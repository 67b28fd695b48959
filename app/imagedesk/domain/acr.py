"""Azure Container Registry hosts: ``NAME.azurecr.io`` with a valid registry name."""

from __future__ import annotations

import re

from imagedesk.domain.errors import FieldError
from imagedesk.domain.text import quoted

# Public Azure, Azure China and Azure Government login servers.
ACR_SUFFIXES = (".azurecr.io", ".azurecr.cn", ".azurecr.us")

_ACR_NAME = re.compile(r"[a-z0-9]{5,50}")


def is_acr_host(host: str) -> bool:
    """True when ``host`` (already normalised) ends like an ACR login server."""
    return host.endswith(ACR_SUFFIXES)


def validate_acr_host(host: str) -> str:
    """Return ``host`` when it is an ACR login server; raise FieldError("host") if not.

    ``host`` is expected normalised (lower case, no scheme, no path). A registry
    name is 5 to 50 letters or digits; Azure allows no dash, dot or underscore.
    """
    suffix = next((end for end in ACR_SUFFIXES if host.endswith(end)), None)
    if suffix is None:
        raise FieldError("host", "An Azure registry host ends in .azurecr.io (NAME.azurecr.io).")

    name = host[: -len(suffix)]
    if not _ACR_NAME.fullmatch(name):
        raise FieldError(
            "host",
            f"{quoted(name)} is not an Azure registry name: use 5 to 50 letters or digits, "
            "with no dash, dot or underscore.",
        )
    return host


def acr_name(host: str) -> str:
    """The registry name part of a validated ACR host (``myteam`` of ``myteam.azurecr.io``)."""
    return validate_acr_host(host).split(".", 1)[0]
