"""The stylesheet parses and applies in both themes, and follows the system scheme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from imagedesk.domain.diagnosis import StepState
from imagedesk.ui.icons import step_icon
from imagedesk.ui.style import (
    THEME_ENVIRONMENT_VARIABLE,
    Role,
    Theme,
    apply_style,
    build_palette,
    build_stylesheet,
    current_theme,
    set_invalid,
    set_role,
    set_step_state,
    system_theme,
)


@pytest.fixture
def styled_app(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """The test QApplication, given back to other tests with the look it had."""
    monkeypatch.delenv(THEME_ENVIRONMENT_VARIABLE, raising=False)
    style_name = qapp.style().name()
    palette = QPalette(qapp.palette())
    stylesheet = qapp.styleSheet()
    yield qapp
    apply_style(qapp, Theme.LIGHT)  # pins the theme, so a scheme signal changes nothing
    qapp.setStyleSheet(stylesheet)
    qapp.setPalette(palette)
    qapp.setStyle(style_name)


def _sample_form(qtbot: QtBot) -> tuple[QWidget, QLabel, dict[StepState, QLabel]]:
    """A form with a wrong field and its error label, and a checklist line per state."""
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    fields = QFormLayout()
    host = QLineEdit("123456789012.dkr.ecr.us-east-1.amazonaws .com")
    set_invalid(host, True)
    error = QLabel("The host has a space in it.")
    set_role(error, Role.FIELD_ERROR)
    fields.addRow("Registry host*", host)
    fields.addRow("", error)
    layout.addLayout(fields)

    steps: dict[StepState, QLabel] = {}
    for state in StepState:
        line = QLabel(f"step that is {state.value}")
        set_role(line, Role.CHECK_STEP)
        set_step_state(line, state)
        icon_label = QLabel()
        icon_label.setPixmap(step_icon(state).pixmap(QSize(16, 16)))
        layout.addWidget(icon_label)
        layout.addWidget(line)
        steps[state] = line
    form.resize(480, 360)
    form.show()
    qtbot.waitExposed(form)
    return form, error, steps


def _has_pixel_near(image: QImage, wanted: QColor, tolerance: int = 40) -> bool:
    """Whether any pixel of ``image`` is close to ``wanted`` (text is antialiased)."""
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - wanted.red()) <= tolerance
                and abs(pixel.green() - wanted.green()) <= tolerance
                and abs(pixel.blue() - wanted.blue()) <= tolerance
            ):
                return True
    return False


@pytest.mark.parametrize("theme", list(Theme))
def test_stylesheet_has_the_shared_rules_and_the_theme_colours(theme: Theme) -> None:
    text = build_stylesheet(theme)

    assert 'QLabel[role="field-error"]' in text
    assert 'QLabel[role="check-step"][state="failed"]' in text
    assert text.count("{") == text.count("}")


@pytest.mark.parametrize("theme", list(Theme))
def test_apply_style_sets_fusion_palette_and_stylesheet(
    styled_app: QApplication, theme: Theme
) -> None:
    apply_style(styled_app, theme)

    assert styled_app.styleSheet() == build_stylesheet(theme)
    assert current_theme(styled_app) is theme
    window = styled_app.palette().color(QPalette.ColorRole.Window)
    assert (window.lightness() < 128) is (theme is Theme.DARK)

    # While a stylesheet is set, style() is Qt's stylesheet wrapper around the base style.
    styled_app.setStyleSheet("")
    assert styled_app.style().name().lower() == "fusion"


def test_palettes_keep_text_readable_on_its_background() -> None:
    for theme in Theme:
        palette = build_palette(theme)
        for text_role, background_role in (
            (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
            (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
            (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        ):
            text = palette.color(text_role).lightness()
            background = palette.color(background_role).lightness()
            assert abs(text - background) >= 100, (theme, text_role)


@pytest.mark.parametrize(
    ("theme", "error_red"), [(Theme.LIGHT, "#c62828"), (Theme.DARK, "#ff6b6b")]
)
def test_field_error_label_renders_red(
    styled_app: QApplication, qtbot: QtBot, theme: Theme, error_red: str
) -> None:
    apply_style(styled_app, theme)
    _form, error, _steps = _sample_form(qtbot)

    assert error.palette().color(QPalette.ColorRole.WindowText) == QColor(error_red)
    assert _has_pixel_near(error.grab().toImage(), QColor(error_red))


def test_checklist_lines_take_the_colour_of_their_state(
    styled_app: QApplication, qtbot: QtBot
) -> None:
    apply_style(styled_app, Theme.LIGHT)
    _form, _error, steps = _sample_form(qtbot)

    def colour(state: StepState) -> str:
        return steps[state].palette().color(QPalette.ColorRole.WindowText).name()

    assert colour(StepState.PASSED) == "#1e7a45"
    assert colour(StepState.FAILED) == "#c62828"
    assert colour(StepState.RUNNING) == "#2f62c4"
    assert colour(StepState.PENDING) == "#6b7380"


def test_changing_a_step_state_restyles_a_shown_label(
    styled_app: QApplication, qtbot: QtBot
) -> None:
    apply_style(styled_app, Theme.LIGHT)
    _form, _error, steps = _sample_form(qtbot)
    line = steps[StepState.RUNNING]

    set_step_state(line, StepState.PASSED)

    assert line.property("state") == "passed"
    assert line.palette().color(QPalette.ColorRole.WindowText) == QColor("#1e7a45")


def test_following_the_system_reapplies_on_a_scheme_change(
    styled_app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_style(styled_app)
    assert current_theme(styled_app) is system_theme(styled_app)

    # The offscreen platform cannot switch schemes, so the override stands in for the
    # system's answer and the signal is sent as the platform would send it.
    monkeypatch.setenv(THEME_ENVIRONMENT_VARIABLE, "dark")
    styled_app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert current_theme(styled_app) is Theme.DARK
    assert styled_app.styleSheet() == build_stylesheet(Theme.DARK)


def test_a_pinned_theme_ignores_scheme_changes(
    styled_app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_style(styled_app, Theme.LIGHT)

    monkeypatch.setenv(THEME_ENVIRONMENT_VARIABLE, "dark")
    styled_app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert current_theme(styled_app) is Theme.LIGHT


def test_theme_variable_overrides_the_system(
    styled_app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(THEME_ENVIRONMENT_VARIABLE, " Dark ")
    assert system_theme(styled_app) is Theme.DARK

    monkeypatch.setenv(THEME_ENVIRONMENT_VARIABLE, "purple")
    offscreen_default = (
        Theme.DARK if styled_app.styleHints().colorScheme() == Qt.ColorScheme.Dark else Theme.LIGHT
    )
    assert system_theme(styled_app) is offscreen_default
