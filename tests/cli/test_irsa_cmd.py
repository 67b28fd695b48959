"""``imagedesk irsa policy`` and ``imagedesk irsa verify``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from moto import mock_aws

from imagedesk.cli.main import main
from imagedesk.domain.irsa import validate_irsa_inputs
from imagedesk.registry.iam.admin import AdminCredentials
from imagedesk.registry.iam.setup import create_oidc_provider, create_role

ISSUER = "https://oidc.eks.us-gov-west-1.amazonaws.com/id/0A1B2C"
SETUP = ["--account", "123456789012", "--issuer", ISSUER]
# moto 5.2.5 files GovCloud IAM objects under the commercial partition, so the checks
# against moto use a commercial-region cluster.
VERIFY_ISSUER = "https://oidc.eks.eu-central-1.amazonaws.com/id/0A1B2C"
VERIFY = ["--account", "123456789012", "--issuer", VERIFY_ISSUER]


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def test_policy_prints_the_trust_policy(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["irsa", "policy", *SETUP, "--namespace", "dev", "--service-account", "ci"])

    document = json.loads(capsys.readouterr().out)
    assert status == 0
    statement = document["Statement"][0]
    assert statement["Principal"]["Federated"] == (
        "arn:aws-us-gov:iam::123456789012:oidc-provider/"
        "oidc.eks.us-gov-west-1.amazonaws.com/id/0A1B2C"
    )
    assert statement["Condition"]["StringEquals"][
        "oidc.eks.us-gov-west-1.amazonaws.com/id/0A1B2C:sub"
    ] == ("system:serviceaccount:dev:ci")


def test_policy_with_helm_and_kubectl(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["irsa", "policy", *SETUP, "--role-name", "r", "--helm", "--kubectl"])

    out = capsys.readouterr().out
    assert status == 0
    assert "eks.amazonaws.com/role-arn: arn:aws-us-gov:iam::123456789012:role/r" in out
    assert "helm upgrade coder coder-v2/coder --namespace coder" in out
    assert "kubectl get serviceaccount coder --namespace coder" in out


def test_bad_input_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["irsa", "policy", "--account", "12", "--issuer", "http://x.example"])

    err = capsys.readouterr().err
    assert status == 2
    assert "--account: An AWS account id is exactly 12 digits." in err
    assert "--issuer: The OIDC issuer URL must start with https://." in err


def _seed(namespace: str) -> None:
    admin = AdminCredentials()
    create_oidc_provider(
        validate_irsa_inputs(account_id="123456789012", issuer=VERIFY_ISSUER), admin
    )
    create_role(
        validate_irsa_inputs(
            account_id="123456789012", issuer=VERIFY_ISSUER, namespace=namespace, role_name="r"
        ),
        admin,
    )


def test_verify_passes_and_exits_zero(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    _seed("coder")

    status = main(["irsa", "verify", *VERIFY, "--role-name", "r"])

    out = capsys.readouterr().out
    assert status == 0
    assert "[ok  ] OIDC provider for the cluster's issuer" in out
    assert "FAIL" not in out


def test_verify_fails_with_json(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    _seed("default")

    status = main(["irsa", "verify", *VERIFY, "--role-name", "r", "--json"])

    result = json.loads(capsys.readouterr().out)
    assert status == 1
    assert result["ok"] is False
    assert result["role_arn"] == "arn:aws:iam::123456789012:role/r"
    failed = [check["key"] for check in result["checks"] if check["state"] == "failed"]
    assert failed == ["trust_sub"]


def test_access_key_needs_the_secret_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("IMAGEDESK_SECRET_ACCESS_KEY", raising=False)

    status = main(["irsa", "verify", *VERIFY, "--role-name", "r", "--access-key-id", "AKIA"])

    assert status == 2
    assert "$IMAGEDESK_SECRET_ACCESS_KEY" in capsys.readouterr().err


def test_access_key_and_secret_from_the_environment(
    aws: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed("coder")
    monkeypatch.setenv("IMAGEDESK_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")

    status = main(
        ["irsa", "verify", *VERIFY, "--role-name", "r", "--access-key-id", "AKIAIOSFODNN7EXAMPLE"]
    )

    assert status == 0, capsys.readouterr().out


# --- defect I: another issuer named, and --create on the command line ---------------


def test_verify_with_another_issuer_says_which_issuer_the_policy_names(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed("coder")
    wrong = "https://oidc.eks.eu-central-1.amazonaws.com/id/FFFFFF"

    status = main(["irsa", "verify", "--account", "123456789012", "--issuer", wrong,
                   "--role-name", "r"])  # fmt: skip

    out = capsys.readouterr().out
    assert status == 1
    assert "There is no sub condition" not in out
    assert (
        "The trust policy's sub condition names another issuer "
        "(oidc.eks.eu-central-1.amazonaws.com/id/0a1b2c), not "
        "oidc.eks.eu-central-1.amazonaws.com/id/FFFFFF." in out
    )


def test_verify_create_makes_the_missing_provider_and_role(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["irsa", "verify", *VERIFY, "--role-name", "r", "--create"])

    printed = capsys.readouterr()
    assert status == 0
    assert "Create it for me" not in printed.out
    assert printed.err.count("created: ") == 2
    assert "[ok  ] The IAM role exists" in printed.out
    assert "FAIL" not in printed.out


def test_verify_without_create_points_at_the_command_line_way(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["irsa", "verify", *VERIFY, "--role-name", "r"])

    assert status == 1
    assert "imagedesk irsa verify --create" in capsys.readouterr().out
