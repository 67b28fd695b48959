"""The app's SVG icon set as QIcons that stay sharp on high-DPI screens.

Each icon is drawn on a 24×24 grid in ``imagedesk/resources/icons``. Line icons
use ``currentColor``, replaced here by an ink colour that suits the light or dark
palette; status icons (ok, error, warning) and the app icon keep their own colours.
Every icon is rendered at a ladder of pixel sizes, so Qt picks a crisp pixmap for
any size and device pixel ratio instead of scaling a small one up.
"""

from __future__ import annotations

import logging
from typing import Literal, get_args

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from imagedesk.domain.diagnosis import StepState
from imagedesk.resources import read_text

logger = logging.getLogger(__name__)

IconName = Literal[
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
    "info",
    "running",
    "pending",
    "skipped",
]
ICON_NAMES: tuple[IconName, ...] = get_args(IconName)

# Pixel sizes rendered for each icon: 16-64 px at scale factors 1 to 4.
RENDERED_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)

_LIGHT_THEME_INK = "#3b4350"
_DARK_THEME_INK = "#d3d8df"

_STEP_ICONS: dict[StepState, IconName] = {
    StepState.PENDING: "pending",
    StepState.RUNNING: "running",
    StepState.PASSED: "ok",
    StepState.FAILED: "error",
    StepState.SKIPPED: "skipped",
    StepState.WARNING: "warning",
}

_cache: dict[tuple[IconName, str], QIcon] = {}


def icon(name: IconName) -> QIcon:
    """The icon called ``name``, in the ink colour of the current palette.

    Needs a running QGuiApplication. Raises ``ValueError`` for an unknown name.
    """
    # TODO: an icon already set on a widget keeps its ink when the system switches
    # between light and dark; windows should set their icons again on PaletteChange.
    if name not in ICON_NAMES:
        raise ValueError(f"no icon called {name!r}")

    ink = _ink_for_palette(QGuiApplication.palette())
    key = (name, ink)
    cached = _cache.get(key)
    if cached is not None:
        return cached

    loaded = _render(name, ink)
    _cache[key] = loaded
    return loaded


def app_icon() -> QIcon:
    """The Image Desk application icon, for windows and the About box."""
    return icon("app")


def step_icon(state: StepState) -> QIcon:
    """The icon shown beside a checklist line in ``state``."""
    return icon(_STEP_ICONS[state])


def _file_name(name: IconName) -> str:
    return "imagedesk.svg" if name == "app" else f"{name}.svg"


def _ink_for_palette(palette: QPalette) -> str:
    """A line colour that reads well on the window background of ``palette``."""
    window = palette.color(QPalette.ColorRole.Window)
    return _DARK_THEME_INK if window.lightness() < 128 else _LIGHT_THEME_INK


def _render(name: IconName, ink: str) -> QIcon:
    svg = read_text("icons", _file_name(name)).replace("currentColor", ink)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError(f"the icon file for {name!r} is not valid SVG")

    result = QIcon()
    for size in RENDERED_SIZES:
        result.addPixmap(_pixmap(renderer, size))
    logger.debug("rendered icon %s in %s", name, ink)
    return result


def _pixmap(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(Qt.GlobalColor.transparent))

    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap
