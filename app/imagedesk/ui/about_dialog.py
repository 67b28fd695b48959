"""Help › About: what Image Desk is, and the versions a bug report needs."""

from __future__ import annotations

import logging
import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from imagedesk import __version__
from imagedesk.ui.icons import app_icon, icon
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

ABOUT_TEXT = (
    "Manage container images and the registries they come from, with first-class "
    "support for private Amazon ECR."
)
NOT_INSTALLED = "not installed"

# Distributions whose versions matter when something goes wrong talking to a registry.
_DISTRIBUTIONS = ("boto3", "botocore", "moto", "keyring", "qasync", "httpx")


def component_versions() -> list[tuple[str, str]]:
    """(component, version) pairs, the app first; a missing distribution says so."""
    versions = [
        ("Image Desk", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
    ]
    for name in _DISTRIBUTIONS:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, NOT_INSTALLED))
    return versions


def versions_text() -> str:
    return "\n".join(f"{name} {version}" for name, version in component_versions())


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Image Desk")

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"Image Desk {__version__}")
        set_role(title, Role.HEADING)
        text = QLabel(ABOUT_TEXT)
        text.setWordWrap(True)

        self.versions = QFormLayout()
        for name, version in component_versions():
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.versions.addRow(f"{name}:", value)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton(
            "&Copy versions", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setIcon(icon("copy"))
        self.copy_button.clicked.connect(self.copy_versions)
        self.buttons.rejected.connect(self.reject)

        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(text)
        words.addLayout(self.versions)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(versions_text())
