"""The freedesktop files in ``resources/`` are valid and install where desktops look."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
APP_ID = "io.imagedesk.ImageDesk"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"
INSTALL_SCRIPT = RESOURCES / "install-desktop-file.sh"


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_command_with_the_app_icon() -> None:
    entry = _desktop_entry(DESKTOP_FILE)

    assert entry["Type"] == "Application"
    assert entry["Name"] == "Image Desk"
    assert entry["Exec"] == "imagedesk"
    assert entry["Icon"] == APP_ID
    assert (RESOURCES / f"{APP_ID}.svg").is_file()


def test_desktop_entry_passes_desktop_file_validate() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is missing: apt-get install desktop-file-utils")

    result = subprocess.run(
        [validator, str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_metainfo_has_the_required_appstream_elements() -> None:
    root = ElementTree.parse(METAINFO_FILE).getroot()

    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "Apache-2.0"
    assert root.findtext("name") == "Image Desk"
    assert root.findtext("summary")
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.find("content_rating") is not None
    release = root.find("releases/release")
    assert release is not None
    assert release.get("version")


def test_metainfo_release_is_the_package_version() -> None:
    import imagedesk

    release = ElementTree.parse(METAINFO_FILE).getroot().find("releases/release")
    assert release is not None
    assert release.get("version") == imagedesk.__version__


def test_metainfo_passes_appstreamcli_validate() -> None:
    validator = shutil.which("appstreamcli")
    if validator is None:
        pytest.skip("appstreamcli is missing: apt-get install appstream")

    result = subprocess.run(
        [validator, "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _run_install(*arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
    }
    return subprocess.run(
        ["bash", str(INSTALL_SCRIPT), *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def test_install_script_puts_the_files_under_local_share(tmp_path: Path) -> None:
    result = _run_install(home=tmp_path)

    assert result.returncode == 0, result.stderr
    share = tmp_path / ".local" / "share"
    installed = share / "applications" / DESKTOP_FILE.name
    assert installed.read_text(encoding="utf-8") == DESKTOP_FILE.read_text(encoding="utf-8")
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / METAINFO_FILE.name).is_file()


def test_install_script_with_prefix_and_exec_quotes_the_command(tmp_path: Path) -> None:
    result = _run_install(
        "--prefix", str(tmp_path / "usr"), "--exec", "/opt/image desk/imagedesk", home=tmp_path
    )

    assert result.returncode == 0, result.stderr
    installed = tmp_path / "usr" / "share" / "applications" / DESKTOP_FILE.name
    assert _desktop_entry(installed)["Exec"] == '"/opt/image desk/imagedesk"'


def test_install_script_uninstall_removes_what_it_installed(tmp_path: Path) -> None:
    assert _run_install("--prefix", str(tmp_path), home=tmp_path).returncode == 0

    result = _run_install("--prefix", str(tmp_path), "--uninstall", home=tmp_path)

    assert result.returncode == 0, result.stderr
    leftovers = sorted(
        path.name for path in (tmp_path / "share").rglob("*") if APP_ID in path.name
    )
    assert leftovers == []


def test_install_script_refuses_an_unknown_argument(tmp_path: Path) -> None:
    result = _run_install("--bogus", home=tmp_path)

    assert result.returncode == 2
    assert "unknown argument: --bogus" in result.stderr
