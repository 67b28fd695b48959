"""The look of the app: Qt's Fusion style, a palette and a small stylesheet.

Light and dark follow the system colour scheme (``QStyleHints.colorScheme()``) and
switch while the app runs. Widgets opt into the stylesheet's special looks through
dynamic properties, set with the helpers at the bottom of this module::

    set_role(error_label, Role.FIELD_ERROR)
    set_step_state(step_label, StepState.FAILED)
    set_invalid(host_field, True)
"""

from __future__ import annotations

import enum
import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from imagedesk.domain.diagnosis import StepState
from imagedesk.resources import read_text

logger = logging.getLogger(__name__)

# Set to "light" or "dark" to override the system scheme (screenshots, bug reports).
THEME_ENVIRONMENT_VARIABLE = "IMAGEDESK_THEME"

_THEME_PROPERTY = "imagedeskTheme"
_PINNED_PROPERTY = "imagedeskThemePinned"
_FOLLOWING_PROPERTY = "imagedeskFollowsSystemScheme"


class Theme(enum.StrEnum):
    LIGHT = "light"
    DARK = "dark"


class Role(enum.StrEnum):
    """Values of the ``role`` property that the stylesheet knows."""

    FIELD_ERROR = "field-error"  # a QLabel under a field saying what is wrong with it
    HINT = "hint"  # a QLabel with quieter explanatory text
    HEADING = "heading"  # a QLabel titling a page or panel
    CHECK_STEP = "check-step"  # a QLabel in a checklist; colour follows its state
    WELCOME = "welcome"  # the QFrame of the first-run welcome panel


# Colours of each palette role: (light, dark).
_PALETTE_COLORS: dict[QPalette.ColorRole, tuple[str, str]] = {
    QPalette.ColorRole.Window: ("#eff0f2", "#2b2e34"),
    QPalette.ColorRole.WindowText: ("#1d2127", "#e3e6eb"),
    QPalette.ColorRole.Base: ("#ffffff", "#1e2126"),
    QPalette.ColorRole.AlternateBase: ("#f5f6f8", "#262a30"),
    QPalette.ColorRole.ToolTipBase: ("#fffbe0", "#3a3f47"),
    QPalette.ColorRole.ToolTipText: ("#1d2127", "#e3e6eb"),
    QPalette.ColorRole.PlaceholderText: ("#858c97", "#7f8690"),
    QPalette.ColorRole.Text: ("#1d2127", "#e3e6eb"),
    QPalette.ColorRole.Button: ("#e6e8eb", "#353941"),
    QPalette.ColorRole.ButtonText: ("#1d2127", "#e3e6eb"),
    QPalette.ColorRole.BrightText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Light: ("#ffffff", "#4a4f58"),
    QPalette.ColorRole.Midlight: ("#f2f3f5", "#3f434b"),
    QPalette.ColorRole.Mid: ("#b4bac4", "#24272c"),
    QPalette.ColorRole.Dark: ("#9ba1ab", "#1b1d21"),
    QPalette.ColorRole.Shadow: ("#6a7079", "#101114"),
    QPalette.ColorRole.Highlight: ("#2f62c4", "#3e73d6"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Link: ("#2455b0", "#82aaf5"),
    QPalette.ColorRole.LinkVisited: ("#6c3fb0", "#b496f0"),
    QPalette.ColorRole.Accent: ("#2f62c4", "#3e73d6"),
}

# Roles whose disabled colour differs from the active one: (light, dark).
_DISABLED_COLORS: dict[QPalette.ColorRole, tuple[str, str]] = {
    QPalette.ColorRole.WindowText: ("#8e949d", "#7b818b"),
    QPalette.ColorRole.Text: ("#8e949d", "#7b818b"),
    QPalette.ColorRole.ButtonText: ("#8e949d", "#7b818b"),
    QPalette.ColorRole.Base: ("#f1f2f4", "#2a2d33"),
    QPalette.ColorRole.Highlight: ("#9ba1ab", "#4a4f58"),
}


def build_palette(theme: Theme) -> QPalette:
    """The full palette of ``theme``, so Fusion looks the same on every desktop."""
    column = 0 if theme is Theme.LIGHT else 1
    palette = QPalette()

    for role, colors in _PALETTE_COLORS.items():
        palette.setColor(role, QColor(colors[column]))

    for role, colors in _DISABLED_COLORS.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colors[column]))
    return palette


def build_stylesheet(theme: Theme) -> str:
    """The shared spacing rules followed by the colours of ``theme``."""
    return read_text("style", "base.qss") + "\n" + read_text("style", f"{theme.value}.qss")


def system_theme(app: QGuiApplication) -> Theme:
    """The theme the system asks for, or the one named in ``IMAGEDESK_THEME``."""
    requested = os.environ.get(THEME_ENVIRONMENT_VARIABLE, "").strip().lower()
    if requested in (Theme.LIGHT.value, Theme.DARK.value):
        return Theme(requested)

    if requested:
        logger.debug("ignoring %s=%r: not light or dark", THEME_ENVIRONMENT_VARIABLE, requested)
    scheme = app.styleHints().colorScheme()
    return Theme.DARK if scheme == Qt.ColorScheme.Dark else Theme.LIGHT


def current_theme(app: QGuiApplication) -> Theme:
    """The theme last applied to ``app`` (light before ``apply_style`` ran)."""
    value = app.property(_THEME_PROPERTY)
    return Theme(value) if value in (Theme.LIGHT.value, Theme.DARK.value) else Theme.LIGHT


def apply_style(app: QApplication, theme: Theme | None = None) -> None:
    """Give ``app`` the Image Desk look.

    Without ``theme`` the look follows the system's light or dark scheme, now and
    whenever it changes; with one, that theme stays until ``apply_style`` is called
    again.
    """
    app.setStyle("Fusion")
    app.setProperty(_PINNED_PROPERTY, theme is not None)
    _apply_theme(app, theme if theme is not None else system_theme(app))

    if not app.property(_FOLLOWING_PROPERTY):
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow_system_scheme(app))
        app.setProperty(_FOLLOWING_PROPERTY, True)


def _follow_system_scheme(app: QApplication) -> None:
    if app.property(_PINNED_PROPERTY):
        return
    _apply_theme(app, system_theme(app))


def _apply_theme(app: QApplication, theme: Theme) -> None:
    logger.debug("applying the %s theme", theme.value)
    app.setProperty(_THEME_PROPERTY, theme.value)
    app.setPalette(build_palette(theme))
    app.setStyleSheet(build_stylesheet(theme))


def set_role(widget: QWidget, role: Role) -> None:
    """Give ``widget`` one of the stylesheet's special looks."""
    _set_style_property(widget, "role", role.value)


def set_step_state(label: QWidget, state: StepState) -> None:
    """Colour a checklist line (a widget with ``Role.CHECK_STEP``) by its state."""
    _set_style_property(label, "state", state.value)


def set_invalid(field: QWidget, invalid: bool) -> None:
    """Draw the border of an input field in the error colour, or normally again."""
    _set_style_property(field, "invalid", "true" if invalid else "false")


def _set_style_property(widget: QWidget, name: str, value: str) -> None:
    """Set a property the stylesheet selects on, and restyle the widget at once.

    Qt evaluates property selectors only when a widget is polished, so a change after
    the widget is shown needs an explicit unpolish and polish.
    """
    if widget.property(name) == value:
        return

    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
