"""Turns whatever AWS or botocore raised into one of the app's typed errors.

AWS answers with JSON error codes; moto with IAM access control on answers 403 with
the code inside an XML body. Both are read the same way, and every result carries a
sentence saying what failed and what to do, plus secret-free details.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    SSLError,
)

from imagedesk.domain.errors import (
    AuthRefused,
    CertificateUntrusted,
    ClockSkew,
    CredentialsMissing,
    NotFound,
    PermissionMissing,
    RegistryError,
    ServiceFailure,
    Throttled,
    TokenExpired,
    Unreachable,
    WebIdentityError,
    WrongRegion,
)
from imagedesk.domain.text import quoted

logger = logging.getLogger(__name__)

ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity"

_SERVICE_SIDE = {"InternalFailure", "ServiceUnavailable", "ServerException", "InternalError"}
_THROTTLING = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
}
_UNKNOWN_KEY = {"InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId"}
_BAD_SIGNATURE = {"SignatureDoesNotMatch", "InvalidSignatureException"}
_EXPIRED_SESSION = {"ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"}
_CLOCK = {"RequestTimeTooSkewed", "RequestExpired"}
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}
_NOT_FOUND = {
    "RepositoryNotFoundException": "repository",
    "ImageNotFoundException": "image",
    "RegistryNotFoundException": "registry",
}
_MISSING_AUTH = {"MissingAuthenticationToken", "MissingAuthenticationTokenException"}

_ACTION_IN_MESSAGE = re.compile(r"perform:? ([a-z0-9-]+:[A-Za-z0-9]+)")
_SECRET_LOOKING = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])")


@dataclass(frozen=True)
class AwsErrorShape:
    """The code and message of an AWS error, whatever envelope it came in."""

    code: str
    message: str
    status: int


def error_shape(error: ClientError) -> AwsErrorShape:
    """Read code and message from JSON-style fields or from an XML body (moto's 403)."""
    body = error.response.get("Error", {})
    code = str(body.get("Code", ""))
    message = str(body.get("Message", ""))
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)

    if message.lstrip().startswith("<"):
        xml_code, xml_message = _parse_xml_error(message)
        if xml_code:
            code, message = xml_code, xml_message
    if not status and code.isdigit():
        status = int(code)
    return AwsErrorShape(code=code, message=message, status=status)


def _parse_xml_error(text: str) -> tuple[str, str]:
    try:
        root = ElementTree.fromstring(text.strip())
    except ElementTree.ParseError:
        return "", text
    node = root if root.tag == "Error" else root.find(".//Error")
    if node is None:
        return "", text
    return (node.findtext("Code") or "").strip(), (node.findtext("Message") or "").strip()


def redact(text: str) -> str:
    """Hide anything shaped like a secret key or token before it reaches details or logs."""
    return _SECRET_LOOKING.sub("***", text)


def classify(error: BaseException, action: str, *, subject: str = "") -> RegistryError:
    """The typed error for ``error`` raised while calling ``action`` (e.g. ecr:DescribeImages).

    ``subject`` names what the call was about (a repository) for not-found sentences.
    """
    if isinstance(error, RegistryError):
        return error
    if isinstance(error, ClientError):
        return _classify_client_error(error_shape(error), action, subject)
    if isinstance(error, BotoCoreError):
        return _classify_botocore_error(error, action)
    details = redact(f"{type(error).__name__}: {error}")
    return RegistryError(f"{action} failed unexpectedly.", details=details)


def _classify_client_error(shape: AwsErrorShape, action: str, subject: str) -> RegistryError:
    details = redact(f"{action}: {shape.code} (HTTP {shape.status}): {shape.message}")
    code, lowered = shape.code, shape.message.lower()

    if action == ASSUME_ROLE_WITH_WEB_IDENTITY:
        web_identity = _classify_web_identity(code, lowered, details)
        if web_identity is not None:
            return web_identity

    if code in _THROTTLING:
        return Throttled(
            f"AWS is throttling {action} calls and the retries ran out. "
            "Wait a minute and try again.",
            details=details,
        )
    if "signature expired" in lowered or code in _CLOCK:
        return ClockSkew(details=details)
    if "scoped to a valid region" in lowered or "scoped to correct region" in lowered:
        return WrongRegion(
            "The credentials were signed for a different region than the endpoint called. "
            "Check that the registry host names the right region.",
            details=details,
        )
    if code in _UNKNOWN_KEY:
        return AuthRefused(
            "AWS does not recognise this Access Key ID (or its session token). "
            "Check the key id, or create a new key in IAM if it was deleted.",
            details=details,
        )
    if code in _BAD_SIGNATURE:
        return AuthRefused(
            "AWS refused the Secret Access Key: it does not belong to this Access Key ID. "
            "Paste the secret again.",
            details=details,
        )
    if code in _EXPIRED_SESSION:
        return TokenExpired(
            "The session token has expired. Get fresh temporary credentials "
            "(or a new session token) and test again.",
            details=details,
        )
    if code in _MISSING_AUTH:
        return AuthRefused(
            "The request carried no usable credentials (a session token may be missing). "
            "Check the keys and the session token.",
            details=details,
        )
    if code in _DENIED or (shape.status == 403 and not code.isalpha()):
        needed = _action_from_message(shape.message) or action
        return PermissionMissing(
            f"The credentials work, but are not allowed to call {needed}. "
            f"Add {needed} to the IAM policy of this user or role.",
            action=needed,
            details=details,
        )
    if code in _NOT_FOUND:
        what = _NOT_FOUND[code]
        named = f" {subject}" if subject else ""
        return NotFound(
            f"The {what}{named} does not exist in this registry. Check the name and region.",
            details=details,
        )
    if shape.status >= 500 or code in _SERVICE_SIDE:
        return ServiceFailure(
            f"AWS had an internal error while answering {action}. "
            "This is on AWS's side: try again in a moment.",
            details=details,
        )
    return RegistryError(f"{action} failed: {shape.code}.", details=details)


def _classify_web_identity(code: str, lowered: str, details: str) -> RegistryError | None:
    if code == "InvalidIdentityToken" and "openidconnect provider" in lowered:
        return WebIdentityError(
            "The AWS account has no IAM OIDC provider for this token's issuer. "
            "Create the identity provider for the cluster's OIDC issuer URL in IAM.",
            details=details,
        )
    if code == "InvalidIdentityToken" or code == "IDPRejectedClaim":
        return WebIdentityError(
            "STS rejected the web identity token (wrong issuer, audience or signature). "
            "Create a fresh token with audience sts.amazonaws.com.",
            details=details,
        )
    if code in ("ExpiredTokenException", "ExpiredToken"):
        return WebIdentityError(
            "The web identity token has expired. Create a new one and test again.",
            details=details,
        )
    if code in _DENIED:
        return WebIdentityError(
            "The role's trust policy does not accept this token: its 'sub' (namespace and "
            "service account) or 'aud' does not match the policy's conditions. "
            "Check the trust policy with the IRSA assistant.",
            details=details,
        )
    if code == "IDPCommunicationError":
        return WebIdentityError(
            "STS could not reach the token issuer to check the token. Try again later.",
            details=details,
        )
    return None


def _action_from_message(message: str) -> str:
    match = _ACTION_IN_MESSAGE.search(message)
    return match.group(1) if match else ""


def _classify_botocore_error(error: BotoCoreError, action: str) -> RegistryError:
    details = redact(f"{action}: {type(error).__name__}: {error}")
    if isinstance(error, SSLError):
        return CertificateUntrusted(
            "The AWS endpoint's TLS certificate is not trusted. "
            "Check the endpoint URL, or the proxy's CA bundle.",
            details=details,
        )
    if isinstance(error, ConnectTimeoutError | EndpointConnectionError | ConnectionClosedError):
        endpoint = str(getattr(error, "kwargs", {}).get("endpoint_url", "") or "")
        named = f" ({quoted(endpoint)})" if endpoint else ""
        return Unreachable(
            f"The AWS endpoint could not be reached. Check the endpoint URL{named}, the "
            "registry host's region, the network and any proxy.",
            details=details,
        )
    if isinstance(error, ReadTimeoutError):
        return Unreachable(
            "The AWS endpoint stopped answering. Check the network and try again.",
            details=details,
        )
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return CredentialsMissing(
            "No AWS credentials were found. Enter keys, or set up the role authentication.",
            details=details,
        )
    if isinstance(error, ProfileNotFound):
        return CredentialsMissing(
            "The named AWS profile does not exist in the AWS config files.",
            details=details,
        )
    if isinstance(error, NoRegionError):
        return WrongRegion("No AWS region could be chosen for this registry.", details=details)
    return RegistryError(f"{action} failed.", details=details)
