"""A made-up region in an ECR host is refused with a sentence (defect D)."""

from __future__ import annotations

import pytest

from imagedesk.cli.main import main
from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import EcrHost, parse_ecr_host
from imagedesk.registry.ecr.regions import check_ecr_region, ecr_regions


def parsed(host: str) -> EcrHost:
    ecr = parse_ecr_host(host)
    assert ecr is not None
    return ecr


@pytest.mark.parametrize(
    "host",
    [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
        "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com",
        "public.ecr.aws",
    ],
)
def test_regions_ecr_serves_are_accepted(host: str) -> None:
    assert check_ecr_region(parsed(host)).host == host


def test_a_made_up_region_is_refused() -> None:
    with pytest.raises(FieldError) as caught:
        check_ecr_region(parsed("123456789012.dkr.ecr.mars-north-9.amazonaws.com"))
    assert caught.value.field == "host"
    assert caught.value.message.startswith(
        "'mars-north-9' is not a region ECR serves; check the host"
    )


def test_botocore_knows_ecr_in_every_partition_the_parser_names() -> None:
    for partition in ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"):
        assert ecr_regions(partition), partition


def test_host_command_refuses_the_region(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["host", "123456789012.dkr.ecr.mars-north-9.amazonaws.com"]) == 2
    printed = capsys.readouterr()
    assert "'mars-north-9' is not a region ECR serves" in printed.out + printed.err
