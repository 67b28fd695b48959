"""The first-run welcome: shown instead of the Images page while the catalog has no image.

It offers the two ways to begin: import a first image, or try the demo, which runs
in a separate ``imagedesk --demo`` process so this catalog and keyring stay untouched.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from imagedesk.ui.icons import app_icon, icon
from imagedesk.ui.style import Role, set_role

logger = logging.getLogger(__name__)

WELCOME_TITLE = "Welcome to Image Desk"
WELCOME_TEXT = (
    "Keep a catalog of the container images your team runs and of the registries they "
    "come from, private Amazon ECR included.\n\n"
    "Import your first image from a registry you can reach, or try the demo: it opens a "
    "second window with its own sample ECR and keys to paste, and leaves this catalog "
    "as it is."
)
DEMO_FAILED_TEXT = "The demo could not be started. The log (Help › Log viewer) says why."
DEMO_STARTED_TEXT = "The demo is starting in a new window; it takes a few seconds."

CARD_WIDTH = 560

DemoLauncher = Callable[[], bool]


def demo_command() -> list[str]:
    """The command line of a new demo process: the frozen bundle or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--demo"]
    return [sys.executable, "-m", "imagedesk", "--demo"]


def launch_demo_process() -> bool:
    """Start ``imagedesk --demo`` detached from this process; True if it started."""
    program, *arguments = demo_command()
    started, pid = QProcess.startDetached(program, arguments)
    if started:
        logger.info("started the demo as process %s", pid)
    else:
        logger.warning("could not start the demo with %s", " ".join(demo_command()))
    return bool(started)


class WelcomePanel(QWidget):
    """Emits :attr:`import_requested`; starts the demo itself through ``launcher``."""

    import_requested = Signal()

    def __init__(
        self, launcher: DemoLauncher = launch_demo_process, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._launcher = launcher

        self.import_button = QPushButton(icon("import"), "&Import your first image")
        self.import_button.setDefault(True)
        self.import_button.setIconSize(QSize(20, 20))
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button = QPushButton("&Try the demo")
        self.demo_button.setToolTip(" ".join(demo_command()[1:]) or "imagedesk --demo")
        self.demo_button.clicked.connect(self.start_demo)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        set_role(self.status, Role.HINT)

        self._build_layout()

    def start_demo(self) -> bool:
        started = self._launcher()
        self.status.setText(DEMO_STARTED_TEXT if started else DEMO_FAILED_TEXT)
        self.status.show()
        return started

    def _build_layout(self) -> None:
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = QLabel(WELCOME_TITLE)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        set_role(title, Role.HEADING)
        text = QLabel(WELCOME_TEXT)
        text.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        card = QFrame()
        card.setFixedWidth(CARD_WIDTH)
        set_role(card, Role.WELCOME)
        card_layout = QVBoxLayout(card)
        card_layout.setSpacing(12)
        card_layout.addWidget(logo)
        card_layout.addWidget(title)
        card_layout.addWidget(text)
        card_layout.addLayout(buttons)
        card_layout.addWidget(self.status)

        # Centred by stretches, not by an alignment flag: an aligned item gets only its
        # size hint, which leaves out the height the wrapped text needs at this width.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
