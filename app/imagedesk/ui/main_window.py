"""The main window: a page switcher, the pages, and the menus. Pages are their own modules."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from imagedesk import __version__
from imagedesk.ui.context import AppContext
from imagedesk.ui.demo_panel import DemoCredentialsPanel
from imagedesk.ui.images_page import ImagesPage
from imagedesk.ui.registries_page import RegistriesPage

logger = logging.getLogger(__name__)

ABOUT_TEXT = (
    "<b>Image Desk</b> {version}<br><br>"
    "Manage container images and the registries they come from, "
    "with first-class support for private Amazon ECR."
)


DEMO_DOCK_WIDTH = 430


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("Image Desk — demo" if context.demo else "Image Desk")
        self.resize(1180, 720)

        self.images_page = ImagesPage(context)
        self.registries_page = RegistriesPage(context)
        self.pages = QStackedWidget()
        self.switcher = QListWidget()
        self.switcher.setFixedWidth(150)
        self.switcher.setSpacing(2)
        self._add_page("Images", self.images_page)
        self._add_page("Registries", self.registries_page)
        self._add_page("Audit", _placeholder("The audit log arrives in a later version."))
        self.switcher.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.switcher.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.switcher)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.demo_dock = self._demo_dock() if context.demo is not None else None

    def show_page(self, title: str) -> None:
        matches = self.switcher.findItems(title, Qt.MatchFlag.MatchExactly)
        if matches:
            self.switcher.setCurrentItem(matches[0])

    def open_admin(self) -> None:
        from imagedesk.ui.admin_page import open_admin_settings

        open_admin_settings(self._context, self)

    def show_about(self) -> None:
        QMessageBox.about(self, "About Image Desk", ABOUT_TEXT.format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:
        logger.debug("main window closing")
        self._context.jobs.cancel_all()
        event.accept()
        self.closed.emit()

    # --- building ------------------------------------------------------------------------

    def _add_page(self, title: str, page: QWidget) -> None:
        self.switcher.addItem(title)
        self.pages.addWidget(page)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        manage_menu = menu_bar.addMenu("&Manage")
        admin_menu = manage_menu.addMenu("&Admin")
        self.infrastructure_action = QAction("&Infrastructure…", self)
        self.infrastructure_action.triggered.connect(self.open_admin)
        admin_menu.addAction(self.infrastructure_action)

        help_menu = menu_bar.addMenu("&Help")
        about_action = QAction("&About Image Desk", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _demo_dock(self) -> QDockWidget | None:
        if self._context.demo is None:
            return None

        panel = DemoCredentialsPanel(self._context.demo.seed)
        dock = QDockWidget("Demo credentials", self)
        dock.setObjectName("demoCredentials")
        dock.setWidget(panel)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [DEMO_DOCK_WIDTH], Qt.Orientation.Horizontal)
        return dock


def _placeholder(text: str) -> QWidget:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
