"""Registry host normalising and the ECR host parser."""

from __future__ import annotations

import pytest

from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import image_reference_host, normalize_host, parse_ecr_host


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  Registry.Example.com  ", "registry.example.com"),
        ("https://registry.example.com/v2/", "registry.example.com"),
        ("http://registry.example.com:443/some/path", "registry.example.com"),
        ("registry.example.com:5000", "registry.example.com:5000"),
        ("localhost:5000/", "localhost:5000"),
        ("[::1]:5000", "[::1]:5000"),
    ],
)
def test_normalize_host(typed: str, expected: str) -> None:
    assert normalize_host(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "   ", "ftp://registry.example.com", "user@host", "host:99999", "bad_host!"]
)
def test_normalize_host_refuses_malformed(typed: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalize_host(typed)
    assert caught.value.field == "host"


def test_standard_private_ecr() -> None:
    host = parse_ecr_host(" https://123456789012.DKR.ecr.us-east-1.amazonaws.com:443/v2/ ")
    assert host is not None
    assert (host.host, host.account_id, host.region, host.partition) == (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012",
        "us-east-1",
        "aws",
    )
    assert (host.fips, host.dual_stack, host.public) == (False, False, False)
    assert host.api_endpoint == "https://api.ecr.us-east-1.amazonaws.com"


def test_dual_stack_host() -> None:
    host = parse_ecr_host("123456789012.dkr-ecr.eu-west-1.on.aws")
    assert host is not None
    assert (host.account_id, host.region, host.dual_stack, host.fips) == (
        "123456789012",
        "eu-west-1",
        True,
        False,
    )
    assert host.api_endpoint == "https://ecr.eu-west-1.api.aws"


def test_ecr_public_dual_stack_name_calls_us_east_1() -> None:
    host = parse_ecr_host("ecr-public.aws.com")
    assert host is not None
    assert (host.public, host.region, host.dual_stack, host.account_id) == (
        True,
        "us-east-1",
        True,
        "",
    )


def test_ecr_public() -> None:
    host = parse_ecr_host("public.ecr.aws")
    assert host is not None and host.public and host.region == "us-east-1"


@pytest.mark.parametrize(
    ("typed", "region", "partition", "fips", "dual_stack"),
    [
        ("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", "us-east-1", "aws", True, False),
        ("123456789012.dkr-ecr-fips.us-east-2.on.aws", "us-east-2", "aws", True, True),
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1", "aws-cn", False, False),
        (
            "123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn",
            "cn-northwest-1",
            "aws-cn",
            False,
            True,
        ),
        (
            "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com",
            "us-gov-west-1",
            "aws-us-gov",
            False,
            False,
        ),
        (
            "123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com",
            "us-gov-east-1",
            "aws-us-gov",
            True,
            False,
        ),
        (
            "123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov",
            "us-iso-east-1",
            "aws-iso",
            False,
            False,
        ),
        (
            "123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov",
            "us-isob-east-1",
            "aws-iso-b",
            False,
            False,
        ),
        (
            "123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk",
            "eu-isoe-west-1",
            "aws-iso-e",
            False,
            False,
        ),
        (
            "123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov",
            "us-isof-south-1",
            "aws-iso-f",
            False,
            False,
        ),
        (
            "123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu",
            "eusc-de-east-1",
            "aws-eusc",
            False,
            False,
        ),
    ],
)
def test_every_partition(
    typed: str, region: str, partition: str, fips: bool, dual_stack: bool
) -> None:
    host = parse_ecr_host(typed)
    assert host is not None
    assert (host.account_id, host.region, host.partition, host.fips, host.dual_stack) == (
        "123456789012",
        region,
        partition,
        fips,
        dual_stack,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com",
        "evil.com.123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "dkr.ecr.us-east-1.amazonaws.com",
        "12345678901.dkr.ecr.us-east-1.amazonaws.com",
        "1234567890123.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.us-east-1.on.aws",  # dual-stack needs dkr-ecr
        "123456789012.dkr-ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com",  # China region off its partition
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.cn",
        "registry.example.com",
        "public.ecr.aws.evil.com",
    ],
)
def test_not_ecr(typed: str) -> None:
    assert parse_ecr_host(typed) is None


def test_image_reference_with_other_first_segment_is_not_ecr() -> None:
    reference = "attacker.example/x.dkr.ecr.us-east-1.amazonaws.com/repo:1"
    assert image_reference_host(reference) == "attacker.example"
    assert parse_ecr_host(image_reference_host(reference)) is None


@pytest.mark.parametrize(
    ("reference", "host"),
    [
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/team-a/api:1",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        ),
        ("nginx:latest", "docker.io"),
        ("library/nginx", "docker.io"),
        ("localhost:5000/app", "localhost:5000"),
    ],
)
def test_image_reference_host(reference: str, host: str) -> None:
    assert image_reference_host(reference) == host


# --- defects F and G: huge input, full-width forms, trailing dot ---------------------


def test_full_width_url_is_read_as_its_ascii_form() -> None:
    typed = "ｈｔｔｐｓ：／／１２３４５６７８９０１２.dkr.ecr.us-east-1.amazonaws.com／"
    assert normalize_host(typed) == "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def test_non_ascii_host_is_refused_with_a_clear_sentence() -> None:
    with pytest.raises(FieldError) as caught:
        normalize_host("https://regístry.example.com")
    assert caught.value.message == (
        "The registry host 'regístry.example.com' has letters outside A to Z. Type an "
        "internationalised name in its ASCII form (xn--...), as DNS knows it."
    )


def test_one_trailing_dot_is_dropped() -> None:
    host = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
    assert normalize_host(f"{host}.") == host
    assert normalize_host("registry.example.com.:5000") == "registry.example.com:5000"
    parsed = parse_ecr_host(f"https://{host}./v2/")
    assert parsed is not None and parsed.region == "us-east-1"


def test_two_trailing_dots_are_refused() -> None:
    with pytest.raises(FieldError):
        normalize_host("registry.example.com..")


def test_a_colon_without_a_port_says_so() -> None:
    with pytest.raises(FieldError) as caught:
        normalize_host("registry.example.com:")
    assert "needs a port number" in caught.value.message


@pytest.mark.parametrize("typed", ["h" * 100_000, "a." * 50_000 + ":99999", "é" * 100_000])
def test_a_huge_host_is_quoted_at_most_60_characters(typed: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalize_host(typed)
    assert len(caught.value.message) < 250
    assert "…" in caught.value.message or "port" in caught.value.message


def test_a_bidi_control_in_a_host_is_refused_by_name() -> None:
    with pytest.raises(FieldError) as caught:
        normalize_host("registry\u202e.example.com")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in caught.value.message


def test_why_not_ecr_names_a_short_account_and_nothing_for_other_hosts() -> None:
    from imagedesk.domain.hosts import why_not_ecr

    assert why_not_ecr("12345.dkr.ecr.us-east-1.amazonaws.com") == (
        "the account id of an ECR host has 12 digits, and '12345' has not"
    )
    assert why_not_ecr("registry.example.com") == ""
    assert why_not_ecr("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com") == ""
