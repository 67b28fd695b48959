"""The layer rules of the design, checked on the source itself.

Qt stays in ``ui/``: nothing else may import PySide6 or qasync, so the backend
serves the command line and runs without a display. Arrows point down only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "app" / "imagedesk"

# layer -> the layers it must never import
FORBIDDEN = {
    "domain": ("store", "registry", "jobs", "ui", "demo", "cli"),
    "store": ("registry", "jobs", "ui", "demo", "cli"),
    "registry": ("store", "jobs", "ui", "demo", "cli"),
    "jobs": ("store", "ui", "demo", "cli"),
    "demo": ("jobs", "ui", "cli"),
}
QT_MODULES = ("PySide6", "shiboken6", "qasync")


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _python_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ["domain", "store", "registry", "jobs", "demo", "cli"])
def test_qt_is_imported_only_by_the_ui(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _python_files(layer)
        for name in _imported_modules(path)
        if name.split(".")[0] in QT_MODULES
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_point_down_only(layer: str) -> None:
    forbidden = tuple(f"imagedesk.{name}" for name in FORBIDDEN[layer])
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _python_files(layer)
        for name in _imported_modules(path)
        if name.startswith(forbidden)
    ]
    assert offenders == []


def test_domain_does_no_io_and_no_aws() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _python_files("domain")
        for name in _imported_modules(path)
        if name.split(".")[0] in ("boto3", "botocore", "httpx", "sqlite3", "keyring", "socket")
    ]
    assert offenders == []


def test_no_line_is_wider_than_99_columns() -> None:
    wide = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 99
    ]
    assert wide == []
