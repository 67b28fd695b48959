"""``imagedesk export FILE``: write the catalog's registries and images (no secrets) to JSON."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from imagedesk.domain.errors import FieldError, ImageDeskError
from imagedesk.domain.text import counted
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog
from imagedesk.store.export_format import to_json
from imagedesk.store.paths import catalog_path, data_dir

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export registries and images to a JSON file (never secrets)",
        description="Write the catalog's registries and images to FILE. Secrets stay in "
        "the keyring and are never exported.",
    )
    parser.add_argument("file", metavar="FILE", help="the JSON file to write; - for stdout")
    # Also accepted after the subcommand; SUPPRESS keeps the global value otherwise.
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if "\x00" in args.file or "\x00" in str(getattr(args, "data_dir", "") or ""):
        raise FieldError("file", "A file or folder name cannot contain a NUL character.")
    if args.file == "-":
        return _export_to_stdout(args)

    target = Path(args.file).expanduser()
    try:
        catalog = Catalog.open(catalog_path(data_dir(args.data_dir)))
        try:
            summary = export_catalog(catalog, target)
        finally:
            catalog.close()
    except ImageDeskError as error:
        print(f"imagedesk export: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(
            f"imagedesk export: {target} could not be written: {error.strerror}.", file=sys.stderr
        )
        return EXIT_FAILED

    registries = counted(summary.registries, "registry", "registries")
    images = counted(summary.images, "image", "images")
    print(f"Exported {registries} and {images} to {target}.")
    return EXIT_OK


def _export_to_stdout(args: argparse.Namespace) -> int:
    """``-`` writes the JSON to standard output, the summary to standard error."""
    try:
        catalog = Catalog.open(catalog_path(data_dir(args.data_dir)))
        try:
            registries, images = catalog.list_registries(), catalog.list_images()
        finally:
            catalog.close()
    except ImageDeskError as error:
        print(f"imagedesk export: {error.message}", file=sys.stderr)
        return EXIT_FAILED

    sys.stdout.write(to_json(registries, images, datetime.now(UTC)))
    what = f"{counted(len(registries), 'registry', 'registries')} and "
    what += counted(len(images), "image", "images")
    print(f"Exported {what} to standard output.", file=sys.stderr)
    return EXIT_OK
