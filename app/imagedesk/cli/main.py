"""The ``imagedesk`` command: the desktop app by default, and a few scripting commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from imagedesk.domain.errors import FieldError, ImageDeskError, ValidationErrors

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

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

    from imagedesk.cli.cli_logging import setup_cli_logging

    log_path = setup_cli_logging(verbose=args.verbose)
    logger.debug("imagedesk %s", args.command)
    try:
        module = importlib.import_module(_SUBCOMMANDS[args.command])
        result: int = module.run(args)
    except (FieldError, ValidationErrors) as error:
        print(f"imagedesk {args.command}: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ImageDeskError as error:
        logger.info("imagedesk %s failed: %s", args.command, error.details or error.message)
        print(f"imagedesk {args.command}: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"imagedesk {args.command}: cancelled", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        logger.exception("imagedesk %s: unexpected error", args.command)
        print(f"imagedesk {args.command}: {_unexpected(log_path)}", file=sys.stderr)
        return EXIT_FAILED
    return result


def _unexpected(log_path: Path | None) -> str:
    if log_path is None:
        return "unexpected error (and no log file could be written)."
    return f"unexpected error; see the log at {log_path}"


if __name__ == "__main__":
    sys.exit(main())
