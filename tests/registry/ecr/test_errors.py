"""Classification of AWS failures, in JSON and in moto's XML-in-403 shape."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError

from imagedesk.domain.errors import (
    AuthRefused,
    ClockSkew,
    NotFound,
    PermissionMissing,
    RegistryError,
    Throttled,
    TokenExpired,
    Unreachable,
    WebIdentityError,
    WrongRegion,
)
from imagedesk.registry.ecr.errors import classify, error_shape


def _json_error(code: str, message: str, status: int = 400) -> ClientError:
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "Operation")  # type: ignore[arg-type]


def _moto_xml_error(code: str, message: str) -> ClientError:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<ErrorResponse><Errors><Error>'
        f"<Code>{code}</Code><Message>{message}</Message><Type>Sender</Type>"
        "</Error></Errors></ErrorResponse>"
    )
    response = {
        "Error": {"Code": "403", "Message": body},
        "ResponseMetadata": {"HTTPStatusCode": 403},
    }
    return ClientError(response, "DescribeRepositories")  # type: ignore[arg-type]


def test_xml_body_is_read_for_code_and_message() -> None:
    shape = error_shape(_moto_xml_error("InvalidClientTokenId", "The token is invalid."))
    assert (shape.code, shape.message, shape.status) == (
        "InvalidClientTokenId",
        "The token is invalid.",
        403,
    )


@pytest.mark.parametrize("make", [_json_error, _moto_xml_error])
def test_unknown_key(make: type) -> None:
    error = classify(make("InvalidClientTokenId", "invalid"), "sts:GetCallerIdentity")
    assert isinstance(error, AuthRefused)
    assert "does not recognise this Access Key ID" in error.message


@pytest.mark.parametrize("make", [_json_error, _moto_xml_error])
def test_wrong_secret(make: type) -> None:
    error = classify(make("SignatureDoesNotMatch", "calculated"), "ecr:DescribeRepositories")
    assert isinstance(error, AuthRefused)
    assert "Secret Access Key" in error.message


def test_signature_expired_is_the_clock() -> None:
    error = classify(
        _json_error(
            "InvalidSignatureException",
            "Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z",
        ),
        "ecr:GetAuthorizationToken",
    )
    assert isinstance(error, ClockSkew)
    assert "clock" in error.message and "keys are fine" in error.message


@pytest.mark.parametrize("make", [_json_error, _moto_xml_error])
def test_access_denied_names_the_action(make: type) -> None:
    error = classify(
        make(
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/u is not authorized to perform: "
            "ecr:DescribeRepositories on resource: *",
        ),
        "ecr:DescribeRepositories",
    )
    assert isinstance(error, PermissionMissing)
    assert error.action == "ecr:DescribeRepositories"
    assert "ecr:DescribeRepositories" in error.message


def test_repository_not_found_is_not_a_permission_problem() -> None:
    error = classify(
        _json_error("RepositoryNotFoundException", "does not exist"),
        "ecr:DescribeImages",
        subject="team-a/api",
    )
    assert isinstance(error, NotFound)
    assert "team-a/api" in error.message


def test_expired_session_token() -> None:
    error = classify(_json_error("ExpiredTokenException", "expired"), "ecr:DescribeImages")
    assert isinstance(error, TokenExpired)
    assert "session token has expired" in error.message


def test_throttling() -> None:
    error = classify(_json_error("ThrottlingException", "Rate exceeded"), "ecr:DescribeImages")
    assert isinstance(error, Throttled)
    assert error.retryable


def test_wrong_region() -> None:
    error = classify(
        _json_error(
            "InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'us-east-1'.",
        ),
        "ecr:DescribeRepositories",
    )
    assert isinstance(error, WrongRegion)


def test_no_oidc_provider() -> None:
    error = classify(
        _json_error(
            "InvalidIdentityToken",
            "No OpenIDConnect provider found in your account for https://oidc.example/id/ABC",
        ),
        "sts:AssumeRoleWithWebIdentity",
    )
    assert isinstance(error, WebIdentityError)
    assert "OIDC provider" in error.message


def test_trust_policy_rejects_the_token() -> None:
    error = classify(
        _json_error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
        "sts:AssumeRoleWithWebIdentity",
    )
    assert isinstance(error, WebIdentityError)
    assert "'sub'" in error.message and "'aud'" in error.message


def test_unreachable_endpoint() -> None:
    error = classify(
        EndpointConnectionError(endpoint_url="https://127.0.0.1:9/"), "ecr:DescribeImages"
    )
    assert isinstance(error, Unreachable)
    timeout = classify(ConnectTimeoutError(endpoint_url="https://127.0.0.1:9/"), "x")
    assert isinstance(timeout, Unreachable)


def test_details_never_carry_secret_shaped_text() -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    error = classify(_json_error("Weird", f"echo {secret}"), "ecr:DescribeImages")
    assert type(error) is RegistryError
    assert secret not in error.details
    assert "Weird" in error.details
