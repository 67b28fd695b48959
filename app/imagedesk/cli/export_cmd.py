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
    """Write the export to FILE, or with ``-`` the JSON to standard output and the
    summary to standard error."""
    if "\x00" in args.file or "\x00" in str(getattr(args, "data_dir", "") or ""):
        raise FieldError("file", "A file or folder name cannot contain a NUL character.")
    to_stdout = args.file == "-"
    target = Path(args.file).expanduser()

    try:
        catalog = Catalog.open(catalog_path(data_dir(args.data_dir)))
        try:
            registries, images = _export(catalog, None if to_stdout else target)
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

    what = f"{counted(registries, 'registry', 'registries')} and "
    what += counted(images, "image", "images")
    where = "standard output" if to_stdout else str(target)
    print(f"Exported {what} to {where}.", file=sys.stderr if to_stdout else sys.stdout)
    return EXIT_OK


def _export(catalog: Catalog, target: Path | None) -> tuple[int, int]:
    """Export to ``target`` (standard output when None); the registries and images written."""
    if target is not None:
        summary = export_catalog(catalog, target)
        return summary.registries, summary.images

    registries, images = catalog.list_registries(), catalog.list_images()
    sys.stdout.write(to_json(registries, images, datetime.now(UTC)))
    return len(registries), len(images)
