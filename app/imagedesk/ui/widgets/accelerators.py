"""Keyboard accelerators: a label that focuses its field, and the check that no two
accelerators of one window share a letter (the second one would never be reached)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QToolButton,
    QWidget,
)


def buddy_label(text: str, field: QWidget) -> QLabel:
    """A form label whose ``&`` letter puts the focus in ``field``."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def accelerator_of(text: str) -> str:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower case."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] != "&":
                return text[index + 1].lower()
            index += 1
        index += 1
    return ""


def window_accelerators(window: QWidget) -> dict[str, list[str]]:
    """Every accelerator shown in ``window`` (visible widgets only), letter → texts."""
    found: dict[str, list[str]] = defaultdict(list)
    for text in _accelerator_texts(window):
        letter = accelerator_of(text)
        if letter:
            found[letter].append(text)
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {
        letter: texts for letter, texts in window_accelerators(window).items() if len(texts) > 1
    }


def _accelerator_texts(window: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            continue  # a toolbar action: reached through its shortcut, not a mnemonic
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLabel):
            texts.append(widget.text() if widget.buddy() is not None else "")
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(index) for index in range(widget.count()))
        elif isinstance(widget, QMenuBar):
            texts.extend(action.text() for action in widget.actions() if action.isVisible())
    return texts
