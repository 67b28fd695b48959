"""Small parts of the v2 client: challenges, endpoints, manifests, error mapping."""

from __future__ import annotations

import dataclasses
import json
import ssl
from pathlib import Path
from typing import Any

import httpx
import pytest

from imagedesk.domain.errors import (
    CertificateUntrusted,
    FieldError,
    NotFound,
    Throttled,
    Unreachable,
)
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.registry.generic.challenge import parse_challenge
from imagedesk.registry.generic.endpoint import endpoint_for, ssl_context_for
from imagedesk.registry.generic.http_errors import (
    error_from_exception,
    error_from_response,
    tls_not_spoken,
)
from imagedesk.registry.generic.manifests import (
    DOCKER_MANIFEST_LIST,
    OCI_MANIFEST,
    content_digest,
    summarize_manifest,
)


def entry(host: str, **changes: Any) -> Registry:
    registry = Registry(name="r", host=host, kind=RegistryKind.GENERIC, auth=AuthMethod.NONE)
    return dataclasses.replace(registry, **changes)


def test_a_bearer_challenge_is_read_with_all_its_parameters() -> None:
    header = (
        'Bearer realm="https://auth.example.test/token",service="registry.example.test",'
        'scope="repository:team/app:pull,push",error="insufficient_scope"'
    )
    challenge = parse_challenge(header)

    assert challenge is not None
    assert challenge.scheme == "bearer"
    assert challenge.realm == "https://auth.example.test/token"
    assert challenge.service == "registry.example.test"
    assert challenge.scope == "repository:team/app:pull,push"
    assert challenge.error == "insufficient_scope"


def test_a_basic_challenge_and_an_empty_header() -> None:
    basic = parse_challenge('Basic realm="Registry Realm"')
    assert basic is not None and (basic.scheme, basic.realm) == ("basic", "Registry Realm")
    assert parse_challenge("") is None


@pytest.mark.parametrize(
    ("registry", "base_url", "fallback"),
    [
        (
            entry("https://registry.example.test:5000/"),
            "https://registry.example.test:5000",
            False,
        ),
        (entry("127.0.0.1:5000"), "https://127.0.0.1:5000", True),
        (entry("registry.example.test", insecure=True), "http://registry.example.test", False),
        (entry("x", endpoint_url="http://127.0.0.1:9000"), "http://127.0.0.1:9000", False),
        (entry("myteam.azurecr.io", kind=RegistryKind.ACR), "https://myteam.azurecr.io", False),
    ],
)
def test_endpoints_use_https_except_for_loopback_or_insecure(
    registry: Registry, base_url: str, fallback: bool
) -> None:
    endpoint = endpoint_for(registry)
    assert (endpoint.base_url, endpoint.may_fall_back_to_http) == (base_url, fallback)


def test_plain_http_to_another_host_needs_the_insecure_flag() -> None:
    with pytest.raises(FieldError, match="insecure"):
        endpoint_for(entry("x", endpoint_url="http://registry.example.test:5000"))


def test_a_missing_ca_bundle_is_a_field_error(tmp_path: Path) -> None:
    with pytest.raises(FieldError) as raised:
        ssl_context_for(entry("registry.example.test", ca_file=str(tmp_path / "none.pem")))
    assert raised.value.field == "ca_file"


def test_a_certificate_failure_says_not_trusted() -> None:
    cause = ssl.SSLCertVerificationError("certificate verify failed: self-signed certificate")
    error = httpx.ConnectError("handshake failed")
    error.__cause__ = cause

    mapped = error_from_exception(error, "registry.example.test")
    assert isinstance(mapped, CertificateUntrusted)
    assert "not trusted" in mapped.message
    assert not tls_not_spoken(error)


def test_a_refused_connection_is_unreachable() -> None:
    mapped = error_from_exception(httpx.ConnectError("refused"), "registry.example.test")
    assert isinstance(mapped, Unreachable)
    assert mapped.retryable


def test_status_codes_map_to_typed_errors() -> None:
    request = httpx.Request("GET", "https://registry.example.test/v2/x/tags/list?secret=no")
    body = {"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known"}]}
    not_found = error_from_response(httpx.Response(404, json=body, request=request), "listing")
    throttled = error_from_response(httpx.Response(429, request=request), "listing")

    assert isinstance(not_found, NotFound)
    assert "NAME_UNKNOWN: repository name not known" in not_found.details
    assert "secret=no" not in not_found.details
    assert isinstance(throttled, Throttled)


def test_an_image_manifest_size_is_config_plus_layers() -> None:
    document = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"digest": "sha256:" + "a" * 64, "size": 100},
        "layers": [{"size": 2000}, {"size": 30000}],
    }
    body = json.dumps(document).encode()
    summary = summarize_manifest(body, "")

    assert summary.size_bytes == 32100
    assert summary.media_type == OCI_MANIFEST
    assert summary.digest == content_digest(body)


def test_an_index_has_no_single_size() -> None:
    body = json.dumps({"schemaVersion": 2, "manifests": [{"size": 5}]}).encode()
    summary = summarize_manifest(body, DOCKER_MANIFEST_LIST + "; charset=utf-8", "sha256:abc")
    assert (summary.media_type, summary.size_bytes, summary.digest) == (
        DOCKER_MANIFEST_LIST,
        None,
        "sha256:abc",
    )
