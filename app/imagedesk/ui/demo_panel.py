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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.demo.seed_model import DemoSeed, DemoUser

logger = logging.getLogger(__name__)

# Room beside the text inside a line edit: its frame and text margins on each side.
KEY_FIELD_PADDING = 16


def _copy_button(edit: QLineEdit, what: str) -> QToolButton:
    button = QToolButton()
    button.setText("Copy")
    button.setToolTip(f"Copy the {what} to the clipboard")
    button.clicked.connect(lambda: QGuiApplication.clipboard().setText(edit.text()))
    return button


def _read_only(text: str) -> QLineEdit:
    """A read-only field as wide as its key, so a whole 40-character secret shows."""
    edit = QLineEdit(text)
    edit.setReadOnly(True)
    edit.setCursorPosition(0)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(text) + KEY_FIELD_PADDING)
    return edit


def _key_row(edit: QLineEdit, copy: QToolButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(4)
    row.addWidget(edit, 1)
    row.addWidget(copy)
    return row


class DemoUserCard(QFrame):
    """One seeded user: name, what it may do, and its two keys with copy buttons.

    Each key's label sits above its field, so the card stays narrow (a dock of about
    420 px) while the field keeps the width of the whole key.
    """

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
        key_label = QLabel("Access Key ID")
        key_label.setBuddy(self.key_edit)
        secret_label = QLabel("Secret Access Key")
        secret_label.setBuddy(self.secret_edit)

        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        layout.addWidget(title)
        layout.addWidget(self.description)
        layout.addSpacing(4)
        layout.addWidget(key_label)
        layout.addLayout(_key_row(self.key_edit, self.copy_key))
        layout.addWidget(secret_label)
        layout.addLayout(_key_row(self.secret_edit, self.copy_secret))


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

    def card(self, user_name: str) -> DemoUserCard:
        return next(card for card in self.cards if card.user_name == user_name)
