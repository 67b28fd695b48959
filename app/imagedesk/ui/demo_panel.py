"""The "Demo credentials" panel: the seeded users' keys, ready to paste.

The keys are moto's, valid only on the embedded demo endpoint, so showing them
is the point of the panel; they are still never logged.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.demo.seed_model import DemoSeed, DemoUser

logger = logging.getLogger(__name__)


def _copy_button(edit: QLineEdit, what: str) -> QToolButton:
    button = QToolButton()
    button.setText("Copy")
    button.setToolTip(f"Copy the {what} to the clipboard")
    button.clicked.connect(lambda: QGuiApplication.clipboard().setText(edit.text()))
    return button


def _read_only(text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setReadOnly(True)
    edit.setCursorPosition(0)
    edit.setMinimumWidth(200)
    return edit


class DemoUserCard(QFrame):
    """One seeded user: name, what it may do, and its two keys with copy buttons."""

    def __init__(self, user: DemoUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.user_name = user.name
        title = QLabel(user.name)
        title.setStyleSheet("font-weight: bold;")
        self.description = QLabel(user.description)
        self.description.setWordWrap(True)
        self.key_edit = _read_only(user.access_key_id)
        self.secret_edit = _read_only(user.secret_access_key)
        self.copy_key = _copy_button(self.key_edit, "Access Key ID")
        self.copy_secret = _copy_button(self.secret_edit, "Secret Access Key")

        grid = QGridLayout(self)
        grid.addWidget(title, 0, 0, 1, 3)
        grid.addWidget(self.description, 1, 0, 1, 3)
        grid.addWidget(QLabel("Access Key ID"), 2, 0)
        grid.addWidget(self.key_edit, 2, 1)
        grid.addWidget(self.copy_key, 2, 2)
        grid.addWidget(QLabel("Secret Access Key"), 3, 0)
        grid.addWidget(self.secret_edit, 3, 1)
        grid.addWidget(self.copy_secret, 3, 2)
        grid.setColumnStretch(1, 1)


class DemoCredentialsPanel(QWidget):
    """Lists the demo's hosts and users so a presenter can paste them into Add Registry."""

    def __init__(self, seed: DemoSeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Demo credentials")
        intro = QLabel(
            "These keys work only against the embedded demo endpoint. Paste a host and "
            "one user's keys into Add Registry."
        )
        intro.setWordWrap(True)
        hosts = QLabel(
            "Registry hosts: " + ", ".join(f"<code>{host}</code>" for host in seed.registry_hosts)
        )
        hosts.setWordWrap(True)
        hosts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.cards = [DemoUserCard(user) for user in seed.users]
        cards = QWidget()
        cards_layout = QVBoxLayout(cards)
        cards_layout.setContentsMargins(0, 0, 0, 0)
        for card in self.cards:
            cards_layout.addWidget(card)
        cards_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(cards)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(hosts)
        layout.addWidget(scroll, 1)
        self.setMinimumWidth(600)

    def card(self, user_name: str) -> DemoUserCard:
        return next(card for card in self.cards if card.user_name == user_name)
