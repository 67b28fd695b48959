"""``imagedesk import FILE``: merge an export into the catalog, by registry and image name."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from imagedesk.domain.errors import FieldError, ImageDeskError
from imagedesk.domain.text import counted
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import ImportReport, import_catalog
from imagedesk.store.paths import catalog_path, data_dir

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="merge registries and images from an exported JSON file",
        description="Add the registries and images of FILE that the catalog lacks. "
        "Entries that exist with other settings are reported and left as they are. "
        "A malformed file changes nothing.",
    )
    parser.add_argument("file", metavar="FILE", help="a file written by 'imagedesk export'")
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if "\x00" in args.file or "\x00" in str(getattr(args, "data_dir", "") or ""):
        raise FieldError("file", "A file or folder name cannot contain a NUL character.")
    source = Path(args.file).expanduser()
    try:
        catalog = Catalog.open(catalog_path(data_dir(args.data_dir)))
        try:
            report = import_catalog(catalog, source)
        finally:
            catalog.close()
    except ImageDeskError as error:
        print(f"imagedesk import: {error.message}", file=sys.stderr)
        return EXIT_FAILED

    print(describe(report))
    return EXIT_OK


def describe(report: ImportReport) -> str:
    lines = [
        f"Added {counted(len(report.added_registries), 'registry', 'registries')} and "
        f"{counted(len(report.added_images), 'image', 'images')}; "
        f"{counted(len(report.unchanged), 'entry was', 'entries were')} already there."
    ]
    if report.needs_secret:
        lines.append(
            "Enter the secrets of these registries on the Registries page: "
            + ", ".join(report.needs_secret)
        )
    lines.extend(f"Conflict: {conflict}" for conflict in report.conflicts)
    lines.extend(f"Note: {note}" for note in report.notes)
    return "\n".join(lines)
