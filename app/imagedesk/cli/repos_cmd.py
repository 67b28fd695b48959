"""``imagedesk repos --host H ...``: list a registry's repositories."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from imagedesk.cli.check_cmd import add_registry_options, close_client, make_registry_client
from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import ImageDeskError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("repos", help="list a registry's repositories")
    add_registry_options(parser)


def run(args: argparse.Namespace) -> int:
    names: list[str] = []
    client = None
    try:
        client = make_registry_client(args)
        for page in client.iter_repository_pages(CancelToken()):
            for repository in page:
                names.append(repository.name)
                if not args.json:
                    print(repository.name, flush=False)
    except ImageDeskError as error:
        if args.json:
            print(json.dumps({"error": error.message, "repositories": names}))
        else:
            print(f"error: {error.message}", file=sys.stderr)
            if error.details:
                print(f"details: {error.details}", file=sys.stderr)
        return 1
    finally:
        if client is not None:
            close_client(client)

    if args.json:
        print(json.dumps({"repositories": names}, indent=2))
    return 0
