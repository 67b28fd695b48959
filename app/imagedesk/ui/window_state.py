"""What the main window remembers between runs: its size and place, and the last page.

Kept in a QSettings INI file in the platform's config folder (``~/.config/imagedesk/
window.ini`` on Linux), not in the catalog: it describes this desktop, not the
admin's data, and a catalog copied to another machine should not carry a window size.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

logger = logging.getLogger(__name__)

ORGANIZATION = "imagedesk"
SETTINGS_NAME = "window"
DEFAULT_SIZE = QSize(1280, 800)

_GEOMETRY_KEY = "main/geometry"
_PAGE_KEY = "main/page"


class WindowState:
    """Saves and restores the main window's geometry and its last page title."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def in_platform_config(cls) -> WindowState:
        settings = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, SETTINGS_NAME
        )
        logger.debug("window state in %s", settings.fileName())
        return cls(settings)

    @property
    def file_name(self) -> str:
        return self._settings.fileName()

    def restore_geometry(self, window: QMainWindow) -> bool:
        """Give ``window`` its remembered geometry; False (and a default size) if none."""
        stored = self._settings.value(_GEOMETRY_KEY)
        if isinstance(stored, QByteArray) and window.restoreGeometry(stored):
            return True

        window.resize(default_size())
        return False

    def last_page(self) -> str | None:
        value = self._settings.value(_PAGE_KEY)
        return value if isinstance(value, str) and value else None

    def save(self, window: QMainWindow, page: str) -> None:
        self._settings.setValue(_GEOMETRY_KEY, window.saveGeometry())
        self._settings.setValue(_PAGE_KEY, page)
        self._settings.sync()
        if self._settings.status() != QSettings.Status.NoError:
            logger.info("could not save the window state to %s", self._settings.fileName())


def default_size() -> QSize:
    """1280×800, or nine tenths of a smaller screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(DEFAULT_SIZE)

    available = screen.availableGeometry().size()
    return QSize(
        min(DEFAULT_SIZE.width(), available.width() * 9 // 10),
        min(DEFAULT_SIZE.height(), available.height() * 9 // 10),
    )
