"""``imagedesk host``, ``check`` and ``repos`` against the embedded demo endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from imagedesk.cli.main import main
from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


def _use_keys(monkeypatch: pytest.MonkeyPatch, demo: DemoSession, user: str) -> list[str]:
    seeded = demo.seed.user(user)
    monkeypatch.setenv("IMAGEDESK_SECRET_ACCESS_KEY", seeded.secret_access_key)
    return [
        "--host",
        HOST,
        "--access-key-id",
        seeded.access_key_id,
        "--endpoint-url",
        demo.endpoint_url,
    ]


def test_host_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["host", "123456789012.dkr-ecr.eu-west-1.on.aws", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["ecr"], printed["account_id"], printed["region"], printed["dual_stack"]) == (
        True,
        "123456789012",
        "eu-west-1",
        True,
    )


def test_host_not_ecr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["host", f"https://{HOST}.evil.com/v2/"]) == 0
    assert "not an Amazon ECR host" in capsys.readouterr().out


def test_host_malformed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["host", "bad host"]) == 2
    assert "error:" in capsys.readouterr().out


def test_check_passes_with_reader_keys(
    demo: DemoSession, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *_use_keys(monkeypatch, demo, "ecr-reader")]) == 0
    out = capsys.readouterr().out
    assert "[ok] ecr:GetAuthorizationToken" in out
    assert "[ok] ecr:DescribeRepositories" in out
    assert "identity: arn:aws:iam::123456789012:user/ecr-reader (from keys)" in out


def test_check_names_the_missing_permission(
    demo: DemoSession, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", "--json", *_use_keys(monkeypatch, demo, "token-only")]
    assert main(args) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is False
    assert "needs ecr:DescribeRepositories" in printed["summary"]
    secret = demo.seed.user("token-only").secret_access_key
    assert secret not in json.dumps(printed)


def test_check_refuses_wrong_secret(
    demo: DemoSession, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _use_keys(monkeypatch, demo, "ecr-reader")
    monkeypatch.setenv("IMAGEDESK_SECRET_ACCESS_KEY", "x" * 40)
    assert main(["check", *args]) == 1
    assert "refused the Secret Access Key" in capsys.readouterr().out


def test_check_scoped_reader_with_scope(
    demo: DemoSession, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repository = demo.seed.repositories["us-east-1"][0]
    args = ["check", *_use_keys(monkeypatch, demo, "scoped-reader"), "--scope", repository]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "can't list the whole registry" in out
    assert f"{repository} is readable" in out


def test_check_wants_the_secret_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("IMAGEDESK_SECRET_ACCESS_KEY", raising=False)
    assert main(["check", "--host", HOST, "--access-key-id", "AKIAIOSFODNN7EXAMPLE"]) == 2
    assert "IMAGEDESK_SECRET_ACCESS_KEY" in capsys.readouterr().err


def test_repos_lists_every_repository(
    demo: DemoSession, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["repos", "--json", *_use_keys(monkeypatch, demo, "ecr-reader")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert sorted(printed["repositories"]) == sorted(demo.seed.repositories["us-east-1"])


def test_host_says_why_an_ecr_look_alike_is_not_ecr(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["host", "12345.dkr.ecr.us-east-1.amazonaws.com"])

    assert status == 0
    assert capsys.readouterr().out.strip() == (
        "12345.dkr.ecr.us-east-1.amazonaws.com: not an Amazon ECR host: the account id of "
        "an ECR host has 12 digits, and '12345' has not (no AWS credentials go there)"
    )
