"""AWS's own failures (HTTP 5xx) are said to be on AWS's side and may be retried."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from imagedesk.domain.errors import ServiceFailure
from imagedesk.registry.ecr.errors import classify


def _client_error(code: str, status: int) -> ClientError:
    response = {
        "Error": {"Code": code, "Message": "We encountered an internal error."},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, "DescribeRepositories")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "status"),
    [("InternalFailure", 500), ("ServiceUnavailable", 503), ("ServerException", 500)],
)
def test_a_server_side_failure_says_to_try_again(code: str, status: int) -> None:
    error = classify(_client_error(code, status), "ecr:DescribeRepositories")

    assert isinstance(error, ServiceFailure)
    assert error.retryable is True
    assert error.message == (
        "AWS had an internal error while answering ecr:DescribeRepositories. "
        "This is on AWS's side: try again in a moment."
    )
    assert code in error.details
