"""Files the app reads at run time: stylesheets and the SVG icon set.

They ship inside the package so that a source checkout, an installed wheel and a
PyInstaller build all find them the same way, next to this module. No Qt here: the
``ui`` layer turns these files into stylesheets and icons.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource file, e.g. ``resource_path("icons", "add.svg")``.

    Every way the app is shipped unpacks the package onto the file system, so a plain
    path is enough; a zipped install would need ``importlib.resources.as_file``.
    """
    root = Path(str(resources.files(__name__)))
    return root.joinpath(*parts)


def read_text(*parts: str) -> str:
    """The text of a bundled resource file, read as UTF-8."""
    return resource_path(*parts).read_text(encoding="utf-8")
