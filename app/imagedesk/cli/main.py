"""The ``imagedesk`` command: the desktop app by default, and a few scripting commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``run(args)``.
_SUBCOMMANDS = {
    "host": "imagedesk.cli.host_cmd",
    "check": "imagedesk.cli.check_cmd",
    "repos": "imagedesk.cli.repos_cmd",
    "irsa": "imagedesk.cli.irsa_cmd",
    "export": "imagedesk.cli.export_cmd",
    "import": "imagedesk.cli.import_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imagedesk",
        description="Manage container images and the registries they come from.",
    )
    parser.add_argument("--demo", action="store_true", help="run against an embedded demo AWS")
    parser.add_argument("--data-dir", metavar="DIR", help="catalog folder (default: platform)")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screenshots", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--verbose", "-v", action="store_true", help="log at debug level")

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in _SUBCOMMANDS.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    if args.command is None:
        from imagedesk.ui.app import run_gui

        return run_gui(args)

    module = importlib.import_module(_SUBCOMMANDS[args.command])
    result: int = module.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
