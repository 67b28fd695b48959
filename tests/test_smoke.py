"""The package imports and its command line parses."""

from imagedesk.cli.main import build_parser
from imagedesk.domain.secret import Secret


def test_secret_repr_is_masked() -> None:
    assert "hunter2" not in repr(Secret("hunter2"))
    assert Secret("hunter2").reveal() == "hunter2"


def test_parser_knows_the_demo_flag() -> None:
    args = build_parser().parse_args(["--demo", "--data-dir", "/tmp/x"])
    assert args.demo is True
    assert args.data_dir == "/tmp/x"
