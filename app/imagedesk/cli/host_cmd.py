"""``imagedesk host HOST``: what the registry host parser understood."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from imagedesk.domain.errors import FieldError
from imagedesk.domain.hosts import normalize_host, parse_ecr_host, why_not_ecr


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "host", help="show how a registry host is understood (ECR account, region, ...)"
    )
    parser.add_argument("host", metavar="HOST", help="registry host or URL as typed")
    parser.add_argument("--json", action="store_true", help="print JSON")


def describe_host(text: str) -> dict[str, object]:
    """The parser's reading of ``text`` as a plain dict (FieldError when not a host)."""
    host = normalize_host(text)
    ecr = parse_ecr_host(host)
    if ecr is None:
        return {"host": host, "ecr": False}
    from imagedesk.registry.ecr.regions import check_ecr_region

    return {"ecr": True, **dataclasses.asdict(check_ecr_region(ecr))}


def run(args: argparse.Namespace) -> int:
    try:
        described = describe_host(args.host)
    except FieldError as error:
        if args.json:
            print(json.dumps({"error": error.message, "field": error.field}))
        else:
            print(f"error: {error.message}")
        return 2

    if args.json:
        print(json.dumps(described, indent=2))
        return 0
    if not described["ecr"]:
        reason = why_not_ecr(str(described["host"]))
        because = f": {reason}" if reason else ""
        print(
            f"{described['host']}: not an Amazon ECR host{because} (no AWS credentials go there)"
        )
        return 0
    for name, value in described.items():
        if name != "ecr":
            print(f"{name:13} {value if value != '' else '-'}")
    return 0
