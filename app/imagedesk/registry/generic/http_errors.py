"""Turns httpx failures and registry error answers into the typed domain errors."""

from __future__ import annotations

import json
import ssl

import httpx

from imagedesk.domain.errors import (
    AuthRefused,
    CertificateUntrusted,
    NotFound,
    PermissionMissing,
    RegistryError,
    Throttled,
    Unreachable,
)

_DETAILS_LIMIT = 500


def error_from_exception(error: httpx.HTTPError, host: str) -> RegistryError:
    """A transport failure (no HTTP answer) as the error the user can act on."""
    details = f"{type(error).__name__}: {error}"
    if certificate_problem(error):
        return CertificateUntrusted(
            f"The TLS certificate of {host} is not trusted (self-signed or from a private "
            "CA). Attach the CA bundle file to the registry, or check the host name.",
            details=details,
        )
    if isinstance(error, httpx.TimeoutException):
        return Unreachable(f"{host} did not answer in time.", details=details)
    if isinstance(error, httpx.TransportError):
        return Unreachable(
            f"{host} could not be reached. Check the host, the port and the network.",
            details=details,
        )
    return RegistryError(f"The call to {host} failed.", details=details)


def certificate_problem(error: BaseException) -> bool:
    return any(isinstance(cause, ssl.SSLCertVerificationError) for cause in _causes(error))


def tls_not_spoken(error: BaseException) -> bool:
    """True when the TLS handshake failed for a reason other than the certificate:
    typically a server speaking plain HTTP on that port."""
    causes = list(_causes(error))
    return any(isinstance(cause, ssl.SSLError) for cause in causes) and not any(
        isinstance(cause, ssl.SSLCertVerificationError) for cause in causes
    )


def error_from_response(response: httpx.Response, what: str) -> RegistryError:
    """An unexpected HTTP status while doing ``what`` (e.g. "listing the tags of x")."""
    details = response_details(response)
    status = response.status_code
    if status == 401:
        return AuthRefused(
            f"The registry refused the credentials while {what}. Check the user name and "
            "password or token.",
            details=details,
        )
    if status == 403:
        return PermissionMissing(
            f"The credentials are not allowed to do this: {what}.", details=details
        )
    if status == 404:
        return NotFound(f"Not found in the registry while {what}.", details=details)
    if status == 429:
        return Throttled(details=details)
    return RegistryError(
        f"The registry answered HTTP {status} while {what}.",
        details=details,
    )


def response_details(response: httpx.Response) -> str:
    """Status line, URL without query, and the registry's error codes; no secrets."""
    url = response.request.url.copy_with(query=None)
    text = (
        f"HTTP {response.status_code} {response.reason_phrase} for {response.request.method} {url}"
    )
    codes = registry_error_codes(response)
    if codes:
        text += f": {codes}"
    return text[:_DETAILS_LIMIT]


def registry_error_codes(response: httpx.Response) -> str:
    """``NAME_UNKNOWN: repository name not known to registry`` from a v2 error body."""
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return ""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return ""

    parts = [
        f"{item.get('code', '')}: {item.get('message', '')}".strip(": ")
        for item in body["errors"]
        if isinstance(item, dict)
    ]
    return "; ".join(part for part in parts if part)


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
