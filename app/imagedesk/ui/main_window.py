"""The main window: a page switcher, the pages, the menus and toolbar.

Pages and dialogs are their own modules; this one only places them and opens them.
Parts other developers are still landing (the Audit page, catalog export and import)
are looked up when the window is built, so the menus work with or without them.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from imagedesk.domain.models import Registry
from imagedesk.ui.context import AppContext
from imagedesk.ui.demo_panel import DemoCredentialsPanel
from imagedesk.ui.icons import IconName, icon
from imagedesk.ui.images_page import ImagesPage
from imagedesk.ui.registries_page import RegistriesPage
from imagedesk.ui.welcome import DemoLauncher, WelcomePanel, launch_demo_process
from imagedesk.ui.window_state import WindowState, default_size

if TYPE_CHECKING:
    from imagedesk.ui.irsa.assistant import IrsaAssistant

logger = logging.getLogger(__name__)

IMAGES_PAGE = "Images"
REGISTRIES_PAGE = "Registries"
AUDIT_PAGE = "Audit"

# The demo credentials dock takes a third of a 1280 px window; the pages keep the rest.
# Its panel shows each key whole in that width (labels above the fields).
DEMO_DOCK_WIDTH = 440
SWITCHER_WIDTH = 150

AUDIT_MODULE = "imagedesk.ui.audit_page"
CATALOG_TRANSFER_MODULE = "imagedesk.ui.catalog_transfer"
NOT_YET_TEXT = "Not in this version yet."
NO_REGISTRY_TEXT = "Add a registry first: the browser lists one registry's repositories."


class MainWindow(QMainWindow):
    """``window_state`` (None in tests) makes the window remember its geometry and page;
    ``demo_launcher`` starts ``imagedesk --demo`` from the welcome panel."""

    closed = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        window_state: WindowState | None = None,
        demo_launcher: DemoLauncher = launch_demo_process,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._window_state = window_state
        self._shown_once = False
        self.log_viewer: QWidget | None = None
        self.setWindowTitle("Image Desk — demo" if context.demo else "Image Desk")

        self.images_page = ImagesPage(context)
        self.registries_page = RegistriesPage(context)
        self.audit_page = _audit_page(context)
        self.welcome = WelcomePanel(demo_launcher)
        self.welcome.import_requested.connect(self.images_page.open_import)
        self.images_area = QStackedWidget()
        self.images_area.addWidget(self.welcome)
        self.images_area.addWidget(self.images_page)

        self.pages = QStackedWidget()
        self.switcher = QListWidget()
        self.switcher.setFixedWidth(SWITCHER_WIDTH)
        self.switcher.setSpacing(2)
        self.switcher.setIconSize(QSize(20, 20))
        self._add_page(IMAGES_PAGE, "image", self.images_area)
        self._add_page(REGISTRIES_PAGE, "registry", self.registries_page)
        self._add_page(AUDIT_PAGE, "info", self.audit_page)
        self.switcher.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.switcher.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.switcher)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._catalog_transfer = _optional_module(CATALOG_TRANSFER_MODULE)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.demo_dock = self._demo_dock()

        context.events.images_changed.connect(self.update_welcome)
        self.update_welcome()
        self._restore_state()

    # --- public ----------------------------------------------------------------------------

    @property
    def context(self) -> AppContext:
        return self._context

    @property
    def welcome_shown(self) -> bool:
        return self.images_area.currentWidget() is self.welcome

    def current_page(self) -> str:
        item = self.switcher.currentItem()
        return item.text() if item is not None else IMAGES_PAGE

    def show_page(self, title: str) -> None:
        matches = self.switcher.findItems(title, Qt.MatchFlag.MatchExactly)
        if matches:
            self.switcher.setCurrentItem(matches[0])

    def update_welcome(self) -> None:
        """Show the welcome panel while a real (not demo) catalog holds no image."""
        first_run = self._context.demo is None and not self._context.catalog.list_images()
        self.images_area.setCurrentWidget(self.welcome if first_run else self.images_page)

    def open_import(self) -> None:
        self.show_page(IMAGES_PAGE)
        self.images_page.open_import()

    def open_admin(self) -> None:
        from imagedesk.ui.admin_page import open_admin_settings

        open_admin_settings(self._context, self)

    def open_browser(self) -> QWidget | None:
        """The registry browser for the registry chosen on the Registries page, the only
        registry, or one the user picks; None when there is none or the user cancels."""
        registry = self._registry_to_browse()
        if registry is None:
            return None

        from imagedesk.ui.browser.browser_window import open_registry_browser

        return open_registry_browser(self._context, registry, self)

    def open_irsa_assistant(self) -> IrsaAssistant:
        from imagedesk.ui.irsa.assistant import open_irsa_assistant

        return open_irsa_assistant(self._context, self)

    def open_diagnostics(self) -> QWidget:
        from imagedesk.ui.diagnostics_dialog import open_diagnostics_dialog

        return open_diagnostics_dialog(self._context, self)

    def open_log_viewer(self) -> QWidget:
        from imagedesk.ui.log_viewer import LogViewer

        if self.log_viewer is None:
            viewer = LogViewer(parent=self)
            viewer.finished.connect(self._forget_log_viewer)
            self.log_viewer = viewer
        self.log_viewer.show()
        self.log_viewer.raise_()
        self.log_viewer.activateWindow()
        return self.log_viewer

    def show_about(self) -> None:
        from imagedesk.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def export_catalog(self) -> None:
        if self._catalog_transfer is not None:
            self._catalog_transfer.export_catalog_dialog(self._context, self)

    def import_catalog(self) -> None:
        if self._catalog_transfer is not None:
            self._catalog_transfer.import_catalog_dialog(self._context, self)

    # --- events ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Dock sizes set before the first layout are ignored; set it once laid out.
            QTimer.singleShot(0, self, self._size_demo_dock)

    def closeEvent(self, event: QCloseEvent) -> None:
        logger.debug("main window closing")
        if self._window_state is not None:
            self._window_state.save(self, self.current_page())
        self.registries_page.shut_down()
        self._context.jobs.cancel_all()
        event.accept()
        self.closed.emit()

    # --- building ------------------------------------------------------------------------

    def _add_page(self, title: str, icon_name: IconName, page: QWidget) -> None:
        item = QListWidgetItem(icon(icon_name), title)
        self.switcher.addItem(item)
        self.pages.addWidget(page)

    def _action(
        self,
        text: str,
        slot: object,
        *,
        icon_name: IconName | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        transfer = self._catalog_transfer is not None
        self.export_action = self._action("&Export catalog…", self.export_catalog)
        self.import_catalog_action = self._action("&Import catalog…", self.import_catalog)
        for action in (self.export_action, self.import_catalog_action):
            action.setEnabled(transfer)
            action.setToolTip("" if transfer else NOT_YET_TEXT)
        self.quit_action = self._action(
            "&Quit", self.close, shortcut=QKeySequence.StandardKey.Quit
        )

        self.import_image_action = self._action(
            "Import &Image…", self.open_import, icon_name="import", shortcut="Ctrl+I"
        )
        self.page_actions = [
            self._action(
                f"&{title}", lambda _=False, t=title: self.show_page(t), shortcut=f"Ctrl+{n}"
            )
            for n, title in enumerate((IMAGES_PAGE, REGISTRIES_PAGE, AUDIT_PAGE), start=1)
        ]
        self.registries_action = self.page_actions[1]
        self.registries_action.setIcon(icon("registry"))
        self.browser_action = self._action(
            "Registry &browser…", self.open_browser, icon_name="search", shortcut="Ctrl+B"
        )
        self.irsa_action = self._action("IRSA &assistant…", self.open_irsa_assistant)
        self.infrastructure_action = self._action(
            "&Infrastructure…", self.open_admin, icon_name="settings"
        )

        self.log_action = self._action("&Log viewer", self.open_log_viewer, shortcut="Ctrl+L")
        self.diagnostics_action = self._action(
            "Copy &diagnostics…", self.open_diagnostics, icon_name="copy"
        )
        self.about_action = self._action("&About Image Desk", self.show_about, icon_name="info")

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_catalog_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        manage_menu = menu_bar.addMenu("&Manage")
        manage_menu.addAction(self.registries_action)
        manage_menu.addAction(self.browser_action)
        manage_menu.addAction(self.irsa_action)
        manage_menu.addSeparator()
        admin_menu = manage_menu.addMenu("A&dmin")
        admin_menu.addAction(self.infrastructure_action)

        # Ctrl+1..3 switch pages from anywhere in the window, menu or not.
        self.addActions(self.page_actions)

        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.diagnostics_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.import_image_action)
        toolbar.addAction(self.browser_action)
        toolbar.addSeparator()
        toolbar.addAction(self.infrastructure_action)
        toolbar.addAction(self.diagnostics_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

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
        return dock

    def _size_demo_dock(self) -> None:
        if self.demo_dock is not None:
            self.resizeDocks([self.demo_dock], [DEMO_DOCK_WIDTH], Qt.Orientation.Horizontal)

    def _restore_state(self) -> None:
        if self._window_state is None:
            self.resize(default_size())
            return

        self._window_state.restore_geometry(self)
        page = self._window_state.last_page()
        if page is not None:
            self.show_page(page)

    # --- helpers ---------------------------------------------------------------------------

    def _registry_to_browse(self) -> Registry | None:
        chosen = self.registries_page.selected_registry()
        if chosen is not None:
            return chosen

        registries = self._context.catalog.list_registries()
        if not registries:
            QMessageBox.information(self, "Registry browser", NO_REGISTRY_TEXT)
            self.show_page(REGISTRIES_PAGE)
            return None
        if len(registries) == 1:
            return registries[0]

        labels = [f"{registry.name} / {registry.host}" for registry in registries]
        label, ok = QInputDialog.getItem(
            self, "Registry browser", "Browse the registry:", labels, 0, False
        )
        return registries[labels.index(label)] if ok and label in labels else None

    def _forget_log_viewer(self, *_result: object) -> None:
        if self.log_viewer is not None:
            self.log_viewer.deleteLater()
        self.log_viewer = None


def _optional_module(name: str) -> ModuleType | None:
    """``name`` imported, or None while that module has not landed in this checkout."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        logger.debug("%s is not in this version", name)
        return None


def _audit_page(context: AppContext) -> QWidget:
    module = _optional_module(AUDIT_MODULE)
    if module is not None:
        page: QWidget = module.AuditPage(context)
        return page

    label = QLabel("The audit log arrives in a later version.")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
