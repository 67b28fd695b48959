"""An unreachable endpoint is named in the sentence, so a mistyped --endpoint-url shows."""

from __future__ import annotations

from botocore.exceptions import EndpointConnectionError

from imagedesk.domain.errors import Unreachable
from imagedesk.registry.ecr.errors import classify


def test_the_sentence_names_the_endpoint_that_could_not_be_reached() -> None:
    error = classify(
        EndpointConnectionError(endpoint_url="http://127.0.0.1:1/"), "sts:GetCallerIdentity"
    )

    assert isinstance(error, Unreachable)
    assert error.message == (
        "The AWS endpoint could not be reached. Check the endpoint URL "
        "('http://127.0.0.1:1/'), the registry host's region, the network and any proxy."
    )
