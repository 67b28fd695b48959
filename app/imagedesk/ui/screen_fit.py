"""Keeping a growing dialog on its screen.

A dialog that grows with its content (a test report, open details) must stop at the
screen's available height and stay inside it, so its buttons are never off-screen;
its content scrolls instead.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)


def available_geometry(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (no panels or docks)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_height_to_screen(window: QWidget, needed: int) -> None:
    """Grow ``window`` towards ``needed`` pixels of height, capped to its screen, and
    move it up when its bottom edge would leave the screen."""
    available = available_geometry(window)
    decoration = max(0, window.frameGeometry().height() - window.height())
    cap = max(1, available.height() - decoration)
    window.setMaximumHeight(cap)
    window.setMaximumWidth(max(window.minimumWidth(), available.width()))

    target = min(needed, cap)
    if target > window.height():
        window.resize(window.width(), target)
    keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move a top-level window so its frame lies within the available screen area."""
    available = available_geometry(window)
    frame = window.frameGeometry()
    top = frame.top()
    if frame.bottom() > available.bottom():
        top = available.bottom() - frame.height() + 1
    top = max(top, available.top())
    if top != frame.top():
        window.move(frame.left(), top)
