"""Every icon of the set loads, renders something, and stays sharp at high DPI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication

from imagedesk.domain.diagnosis import StepState
from imagedesk.resources import resource_path
from imagedesk.ui.icons import ICON_NAMES, app_icon, icon, step_icon

REQUIRED_NAMES = {
    "app",
    "add",
    "import",
    "check",
    "refresh",
    "delete",
    "edit",
    "copy",
    "registry",
    "image",
    "warning",
    "error",
    "ok",
    "settings",
    "search",
}


def _opaque_pixels(pixmap: QPixmap) -> int:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_the_set_has_every_icon_the_windows_need() -> None:
    assert set(ICON_NAMES) >= REQUIRED_NAMES


@pytest.mark.parametrize("name", ICON_NAMES)
@pytest.mark.parametrize("size", [16, 32, 64])
def test_icon_renders_at_size(qapp: QApplication, name: str, size: int) -> None:
    pixmap = icon(name).pixmap(QSize(size, size))  # type: ignore[arg-type]

    assert not pixmap.isNull()
    assert pixmap.size() == QSize(size, size)
    # Something was drawn, and not a filled square.
    assert 0 < _opaque_pixels(pixmap) < size * size


def test_icon_files_use_a_24_pixel_grid() -> None:
    for name in ICON_NAMES:
        file_name = "imagedesk.svg" if name == "app" else f"{name}.svg"
        text = resource_path("icons", file_name).read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in text, name


def test_high_dpi_pixmap_is_rendered_not_scaled(qapp: QApplication) -> None:
    pixmap = icon("registry").pixmap(QSize(16, 16), 2.0)

    assert pixmap.size() == QSize(32, 32)
    assert pixmap.devicePixelRatio() == 2.0


def test_unknown_name_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="no icon called"):
        icon("nonexistent")  # type: ignore[arg-type]


def test_every_step_state_has_an_icon(qapp: QApplication) -> None:
    for state in StepState:
        assert not step_icon(state).pixmap(QSize(16, 16)).isNull()


def test_app_icon_matches_the_desktop_icon() -> None:
    bundled = resource_path("icons", "imagedesk.svg").read_bytes()
    desktop = resource_path("..", "..", "..", "resources", "io.imagedesk.ImageDesk.svg")
    if not desktop.exists():
        pytest.skip("not a source checkout: the freedesktop files are not beside the package")
    assert desktop.read_bytes() == bundled


def test_app_icon_is_not_empty(qapp: QApplication) -> None:
    assert _opaque_pixels(app_icon().pixmap(QSize(32, 32))) > 32 * 32 // 2
