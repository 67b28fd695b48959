"""Bad input on the command line is a sentence and an exit code, never a traceback
(defects B and F)."""

from __future__ import annotations

import contextlib
import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagedesk.cli import main as cli_main
from imagedesk.cli.main import main

ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    printed = capsys.readouterr()
    return code, printed.out, printed.err


@pytest.mark.parametrize("url", ["not a url", "garbage", "ftp://x", "http://example.com:5000"])
def test_check_with_a_bad_endpoint_url_is_a_sentence(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, ["check", "--host", ECR_HOST, "--endpoint-url", url])

    assert code == 2
    assert "Traceback" not in out + err
    assert "endpoint" in err


def test_irsa_verify_with_a_bad_endpoint_url_is_a_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["irsa", "verify", "--account", "123456789012", "--issuer",
            "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789",
            "--role-name", "image-desk", "--endpoint-url", "garbage"]  # fmt: skip

    code, out, err = run(capsys, argv)

    assert code == 2
    assert "Traceback" not in out + err
    assert err.startswith("imagedesk irsa verify: --endpoint-url: 'garbage' is not an endpoint")


def test_an_unexpected_error_is_one_sentence_and_the_traceback_goes_to_the_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, _cli_log_dir: Path
) -> None:
    def broken(_text: str) -> dict[str, object]:
        raise RuntimeError("boom inside")

    monkeypatch.setattr("imagedesk.cli.host_cmd.describe_host", broken)

    code, out, err = run(capsys, ["host", "registry.example.com"])

    log = _cli_log_dir / "imagedesk-cli.log"
    assert code == 1
    assert err == f"imagedesk host: unexpected error; see the log at {log}\n"
    assert "Traceback" not in out + err
    assert "RuntimeError: boom inside" in log.read_text()


def test_a_huge_host_is_echoed_short(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, ["host", "h" * 100_000])

    assert code == 2
    assert len(out + err) < 300


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(string.printable),
    max_size=40,
)


def _argv_cases(data_dir: Path) -> st.SearchStrategy[list[str]]:
    return st.one_of(
        st.builds(lambda text: ["host", text], _TEXT),
        st.builds(lambda text: ["host", text, "--json"], _TEXT),
        st.builds(lambda url: ["check", "--host", ECR_HOST, "--endpoint-url", url], _TEXT),
        st.builds(lambda host: ["check", "--host", host, "--kind", "generic"], _TEXT.filter(
            lambda host: "." not in host and ":" not in host
        )),
        st.builds(lambda scope: ["check", "--host", ECR_HOST, "--scope", scope, "--endpoint-url",
                                 "x"], _TEXT),
        st.builds(lambda region: ["check", "--host", ECR_HOST, "--region", region,
                                  "--endpoint-url", "x"], _TEXT),
        st.builds(lambda account, issuer: ["irsa", "policy", "--account", account, "--issuer",
                                           issuer], _TEXT, _TEXT),
        st.builds(lambda url: ["irsa", "verify", "--account", "123456789012", "--issuer",
                               "https://oidc.example.com/id/A", "--role-name", "r",
                               "--endpoint-url", url], _TEXT),
        st.builds(lambda name: ["import", f"/nonexistent/{name}", "--data-dir",
                                str(data_dir)], _TEXT),
    )  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_fuzzed_arguments_never_print_a_traceback(data: st.DataObject, tmp_path: Path) -> None:
    argv = data.draw(_argv_cases(tmp_path))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as leaving:  # argparse refusing an option value
            code = int(leaving.code or 0)

    printed = out.getvalue() + err.getvalue()
    assert "Traceback" not in printed
    assert "unexpected error" not in printed, (argv, printed)
    assert code in (0, 1, 2), (argv, printed)
    assert len(printed) < 5_000


def test_main_exit_codes_are_named() -> None:
    assert (cli_main.EXIT_FAILED, cli_main.EXIT_BAD_INPUT) == (1, 2)
