"""The Registry browser: a registry's repositories on the left, the chosen one's
images on the right, and "Import this image" into the Import Image dialog.

Listings run on the job runner and stream in page by page; a second open within the
session cache's age limit is served without an API call. Whatever a listing returns
after the window closed, or after a newer request, is dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.errors import Cancelled, ImageDeskError
from imagedesk.domain.models import ImageInfo, Registry, RepositoryInfo
from imagedesk.jobs.latest import LatestRequest
from imagedesk.jobs.listing_cache import Listing, describe_age
from imagedesk.ui.browser.formatting import counted
from imagedesk.ui.browser.image_listing import list_images
from imagedesk.ui.browser.listing_pane import ListingPane
from imagedesk.ui.browser.open_repository import OpenRepositoryBar, refusal_for
from imagedesk.ui.browser.table_models import ImageTableModel, RepositoryTableModel
from imagedesk.ui.context import AppContext
from imagedesk.ui.style import Role, set_role
from imagedesk.ui.widgets.tasks import TaskSet

logger = logging.getLogger(__name__)

AGE_REFRESH_MS = 30_000
_TIME_SAMPLE = "2026-12-31 23:59"


class RegistryBrowser(QWidget):
    """Public coroutines (:meth:`load_repositories`, :meth:`load_images`) are what the
    buttons start; tests await them."""

    def __init__(
        self, context: AppContext, registry: Registry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.registry = registry
        self._repositories_request = LatestRequest("browser repositories")
        self._images_request = LatestRequest("browser images")
        self._tasks = TaskSet()
        self._closed = False
        self._repository_listing: Listing[RepositoryInfo] | None = None
        self._image_listing: Listing[ImageInfo] | None = None
        self._remembered_repository: str | None = None
        self._opened: list[str] = []  # typed by name; kept across relistings
        self.current_repository = ""
        self.import_dialog: QWidget | None = None

        self.setWindowTitle(f"Registry browser — {registry.display}")
        self.scope_note = self._make_scope_note()
        self.repositories = ListingPane(
            "Repositories",
            RepositoryTableModel(),
            "Filter repositories",
            column_samples={RepositoryTableModel.CREATED: _TIME_SAMPLE},
        )
        self.images = ListingPane(
            "Images",
            ImageTableModel(),
            "Filter by tag or digest",
            column_samples={
                ImageTableModel.DIGEST: "sha256:0123456789ab",
                ImageTableModel.PUSHED_AT: _TIME_SAMPLE,
                ImageTableModel.SIZE: "1023.9 MB",
            },
        )
        self.open_bar = OpenRepositoryBar(registry.scope)
        self.open_bar.setVisible(bool(registry.scope))
        self.repositories.add_below_filter(self.open_bar)
        self.import_button = QPushButton("Import this image…")
        self.import_button.setEnabled(False)
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(AGE_REFRESH_MS)
        self._age_timer.timeout.connect(self._show_ages)

        self._lay_out()
        self._connect()
        self._age_timer.start()
        self.initial_load = self._tasks.spawn(self.load_repositories())

    # --- listings ----------------------------------------------------------------------------

    async def load_repositories(self, *, refresh: bool = False) -> None:
        pane = self.repositories
        pane.model.clear()
        pane.clear_error()
        self._repository_listing = None
        pane.set_loading(True, "Listing repositories…")
        pane.set_status("")

        def on_page(page: list[RepositoryInfo]) -> None:
            pane.model.append_page(page)
            pane.set_loading(True, f"{pane.model.rowCount():,} repositories so far…")

        job = self._context.registry_jobs.list_repositories(
            self.registry, on_page=on_page, refresh=refresh
        )
        try:
            listing = await self._repositories_request.run(job)
        except Cancelled:
            self._stopped(pane, "repositories", "listed before you cancelled")
            self._add_opened()
            return
        except ImageDeskError as error:
            self._stopped(pane, "repositories", "listed before the error")
            pane.show_error(error)
            self._add_opened()
            return

        _fill_from_listing(pane, listing)
        pane.set_loading(False)
        self._repository_listing = listing
        self._add_opened()
        self._show_ages()

    async def open_repository(self, name: str) -> bool:
        """Add ``name``, typed by the admin, to the list and list its images.

        Meant for keys that may read a repository but not list the registry. A name
        outside the registry's scope is refused at the "Open repository" field (False).
        A repository that does not exist or cannot be read shows the images pane's
        error; the list stays as it was, apart from the added name.
        """
        name = name.strip()
        refusal = refusal_for(self.registry.scope, name)
        if refusal is not None:
            self.open_bar.show_refusal(refusal)
            return False

        self.open_bar.clear_refusal()
        if name not in self._opened:
            self._opened.append(name)
        self._add_opened()
        self._show_ages()
        self.current_repository = name  # the selection below then starts no second listing
        self._select_repository(name)
        await self.load_images(name)
        return True

    async def load_images(self, repository: str, *, refresh: bool = False) -> None:
        pane = self.images
        pane.model.clear()
        pane.clear_error()
        self._image_listing = None
        self.current_repository = repository
        self._update_import_button()
        pane.heading.setText(f"Images of {repository}")
        pane.set_loading(True, "Listing images…")
        pane.set_status("")

        def on_page(page: list[ImageInfo]) -> None:
            pane.model.append_page(page)
            pane.set_loading(True, f"{pane.model.rowCount():,} images so far…")

        job = list_images(
            self._context.registry_jobs,
            self.registry,
            repository,
            on_page=on_page,
            refresh=refresh,
        )
        try:
            listing = await self._images_request.run(job)
        except Cancelled:
            self._stopped(pane, "images", "listed before you cancelled")
            return
        except ImageDeskError as error:
            self._stopped(pane, "images", "listed before the error")
            pane.show_error(error)
            return

        _fill_from_listing(pane, listing)
        pane.set_loading(False)
        self._image_listing = listing
        self._show_ages()

    def cancel_listings(self) -> None:
        self._repositories_request.cancel()
        self._images_request.cancel()

    # --- import ------------------------------------------------------------------------------

    def selected_image(self) -> ImageInfo | None:
        row = self.images.selected_source_row()
        return None if row is None else self.images.model.item_at(row)

    def open_import(self) -> QWidget | None:
        """The Import Image dialog, prefilled with this registry, repository and tag.

        An untagged image is prefilled by its digest.
        """
        image = self.selected_image()
        if image is None or not self.current_repository:
            return None

        from imagedesk.ui.import_dialog import ImportDialog

        reference = image.tags[0] if image.tags else image.digest
        dialog = ImportDialog(
            self._context,
            self,
            registry_id=self.registry.id,
            repository=self.current_repository,
            tag=reference,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    # --- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close_requests()
        super().closeEvent(event)

    def _close_requests(self) -> None:
        """Cancel both listings; anything they deliver later is dropped."""
        if self._closed:
            return
        self._closed = True
        self._age_timer.stop()
        self._repositories_request.close()
        self._images_request.close()
        self._tasks.cancel_all()

    # --- internals -------------------------------------------------------------------------------

    def _stopped(self, pane: ListingPane, noun: str, how: str) -> None:
        if self._closed:
            return
        pane.set_loading(False)
        pane.set_status(f"{counted(pane.model.rowCount(), noun)} {how}")

    def _show_ages(self) -> None:
        cache = self._context.registry_jobs.cache
        for pane, listing, noun in (
            (self.repositories, self._repository_listing, "repositories"),
            (self.images, self._image_listing, "images"),
        ):
            if listing is not None:
                age = describe_age(cache.age_of(listing))
                pane.set_status(f"{counted(pane.model.rowCount(), noun)}, {age}")

    def _on_repository_selected(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        row = self.repositories.selected_source_row()
        if row is None:
            return
        name = self.repositories.model.item_at(row).name
        if name != self.current_repository:
            self._tasks.spawn(self.load_images(name))

    def _remember_repository(self) -> None:
        """The selected repository's name, before the filter resets the view.

        On a relisting the rows are already gone when this runs (the proxy resets after
        its source), so a selected row past the end is forgotten, not looked up.
        """
        row = self.repositories.selected_source_row()
        items = self.repositories.model.items
        self._remembered_repository = (
            items[row].name if row is not None and row < len(items) else None
        )

    def _restore_repository(self) -> None:
        """Keep the chosen repository selected when a page or the filter resets the view."""
        name, self._remembered_repository = self._remembered_repository, None
        if name is None:
            return
        pane = self.repositories
        for row, repo in enumerate(pane.model.items):
            if repo.name == name:
                pane.select_item(row)
                return

    def _add_opened(self) -> None:
        """Repositories opened by name that the listing did not bring, back in the list."""
        if self._closed:
            return
        listed = {repo.name for repo in self.repositories.model.items}
        missing = [RepositoryInfo(name) for name in self._opened if name not in listed]
        self.repositories.model.append_page(missing)
        if self.repositories.selected_source_row() is None:
            self._remembered_repository = self.current_repository or None
            self._restore_repository()

    def _select_repository(self, name: str) -> None:
        pane = self.repositories
        for row, repo in enumerate(pane.model.items):
            if repo.name == name:
                if not pane.select_item(row):
                    pane.filter_box.clear()  # the filter hides it: show the whole list
                    pane.select_item(row)
                pane.table.scrollTo(pane.table.currentIndex())
                return

    def _open_from_filter(self) -> None:
        """Enter in the filter box of a scoped registry opens the typed name when the
        list shows nothing for it."""
        pane = self.repositories
        if not self.registry.scope or pane.proxy.rowCount() > 0:
            return
        name = pane.filter_box.text().strip()
        self.open_bar.name_box.setText(name)
        self._tasks.spawn(self.open_repository(name))

    def _update_import_button(self) -> None:
        self.import_button.setEnabled(self.selected_image() is not None)

    def _make_scope_note(self) -> QLabel:
        note = QLabel()
        set_role(note, Role.HINT)
        note.setWordWrap(True)
        scope = self.registry.scope
        if scope:
            note.setText(
                f"These credentials are meant for {', '.join(scope)}: only those "
                "repositories are shown. The registry may hold others that these keys "
                "cannot see. Keys that may not list the registry cannot expand a prefix "
                "into names: open a repository by its name under the filter."
            )
        note.setVisible(bool(scope))
        return note

    def _lay_out(self) -> None:
        left = self.repositories
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.images, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_note)
        layout.addWidget(splitter, 1)
        self.resize(1100, 640)

    def _connect(self) -> None:
        repositories = self.repositories
        repositories.table.selectionModel().selectionChanged.connect(self._on_repository_selected)
        repositories.proxy.modelAboutToBeReset.connect(self._remember_repository)
        repositories.proxy.modelReset.connect(self._restore_repository)
        repositories.refresh_requested.connect(
            lambda: self._tasks.spawn(self.load_repositories(refresh=True))
        )
        repositories.cancel_requested.connect(self._repositories_request.cancel)
        repositories.filter_box.returnPressed.connect(self._open_from_filter)
        self.open_bar.open_requested.connect(
            lambda name: self._tasks.spawn(self.open_repository(name))
        )

        images = self.images
        images.table.selectionModel().selectionChanged.connect(self._update_import_button)
        images.table.doubleClicked.connect(self.open_import)
        images.refresh_requested.connect(self._refresh_images)
        images.cancel_requested.connect(self._images_request.cancel)
        self.import_button.clicked.connect(self.open_import)

    def _refresh_images(self) -> None:
        if self.current_repository:
            self._tasks.spawn(self.load_images(self.current_repository, refresh=True))


def _fill_from_listing(pane: ListingPane, listing: Listing[Any]) -> None:
    """A listing served from the cache arrives whole, without pages: show it at once."""
    if pane.model.rowCount() == 0 and listing.items:
        pane.model.append_page(list(listing.items))


def open_registry_browser(
    context: AppContext, registry: Registry, parent: QWidget | None = None
) -> QWidget:
    """Open the browser for ``registry`` as its own window and return it."""
    browser = RegistryBrowser(context, registry, parent)
    browser.setWindowFlag(Qt.WindowType.Window, True)
    browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    browser.show()
    return browser
