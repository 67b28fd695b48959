"""Import Image: pick a registry, a repository and a tag (completed from the registry),
describe the image and its resource defaults, and store it in the catalog."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from imagedesk.domain import validation
from imagedesk.domain.errors import (
    Cancelled,
    CatalogDisabled,
    FieldError,
    ImageDeskError,
    NotFound,
    ValidationErrors,
)
from imagedesk.domain.models import Image, ImageInfo, ImageTag, Registry, RepositoryInfo
from imagedesk.domain.scope import is_prefix, prefix_of, scope_allows
from imagedesk.jobs.latest import LatestRequest
from imagedesk.jobs.listing_cache import describe_age
from imagedesk.ui.context import AppContext
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.import_form import ImportForm
from imagedesk.ui.missing_secret import MissingSecretOffer, is_missing_secret
from imagedesk.ui.widgets.tasks import TaskSet

logger = logging.getLogger(__name__)

TAG_LOOKUP_DELAY_MS = 400


class ImportDialog(QDialog):
    """After acceptance, :attr:`imported` holds the stored image.

    Listings and the existence check run on the job runner; whatever they return
    after the dialog closed, or after a newer request, is dropped.
    """

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        registry_id: int | None = None,
        repository: str = "",
        tag: str = "",
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.imported: Image | None = None
        self.add_registry_dialog: QDialog | None = None
        self._repositories = LatestRequest("repository listing")
        self._tags = LatestRequest("tag listing")
        self._check = LatestRequest("import check")
        self._tasks = TaskSet()
        self._closed = False
        self._switch_target: int | None = None
        self.setWindowTitle("Import Image")
        self.setMinimumWidth(600)

        self.form = ImportForm()
        self.error_view = ErrorView()
        self.secret_offer = MissingSecretOffer()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setDefault(True)
        # A focused push button would otherwise take Enter for itself: only Import may.
        for widget in (self.form, self.error_view, self.secret_offer):
            for button in widget.findChildren(QPushButton):
                button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_view)
        layout.addWidget(self.secret_offer)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._tag_timer = QTimer(self)
        self._tag_timer.setSingleShot(True)
        self._tag_timer.setInterval(TAG_LOOKUP_DELAY_MS)
        self._tag_timer.timeout.connect(self._on_repository_settled)
        self._connect()

        self.form.repository.setText(repository)
        if tag:
            self.form.tag.setText(tag)
        self.reload_registries(registry_id)

    # --- public: what the slots start (tests await them) -------------------------------------

    def selected_registry(self) -> Registry | None:
        registry_id = self.form.selected_registry_id()
        if registry_id is None:
            return None
        return self._context.catalog.get_registry(registry_id)

    def prefill(self, registry_id: int | None, repository: str, tag_or_digest: str) -> None:
        """Fill the registry, repository and tag (or ``sha256:`` digest) fields, e.g. from
        the registry browser; the repository's tags are then listed as if typed."""
        self.form.repository.setText(repository)
        if tag_or_digest:
            self.form.tag.setText(tag_or_digest)
        if registry_id is not None and registry_id != self.form.selected_registry_id():
            self.form.select_registry(registry_id)  # lists the repositories and tags
        else:
            self._on_repository_settled()

    def reload_registries(self, select_id: int | None = None) -> None:
        registries = self._context.catalog.list_registries()
        if select_id is None and registries:
            # The newest entry is the likeliest to be wanted (often just added).
            select_id = max((r.id for r in registries if r.id is not None), default=None)
        self.form.set_registries(registries, select_id)
        self._tasks.spawn(self.load_repositories())

    async def load_repositories(self, *, refresh: bool = False) -> None:
        """Fill the repository completion from the selected registry, page by page."""
        registry = self.selected_registry()
        self.form.repository_names.setStringList([])
        self.error_view.clear()  # a sentence from an earlier listing no longer holds
        if registry is None:
            self._repositories.cancel()
            self.form.listing_status.stop("")
            return

        if registry.scope:
            self._offer_scope(registry)
            return

        names: list[str] = []

        def on_page(page: list[RepositoryInfo]) -> None:
            names.extend(repo.name for repo in page)
            self.form.repository_names.setStringList(sorted(names))
            self.form.listing_status.start(f"Listing repositories… {len(names)} so far")

        self.form.listing_status.start("Listing repositories…")
        jobs = self._context.registry_jobs
        try:
            listing = await self._repositories.run(
                jobs.list_repositories(registry, on_page=on_page, refresh=refresh)
            )
        except Cancelled:
            return
        except CatalogDisabled as error:
            self.form.listing_status.stop(error.message)  # a hint, not a failure
            return
        except ImageDeskError as error:
            if is_missing_secret(registry, error):
                self.form.listing_status.stop("Not listed: the registry's secret is missing.")
                self.secret_offer.offer(registry)
                return
            self.form.listing_status.stop(f"{len(names)} repositories listed before the error")
            self._show_error(error)
            return

        self.form.repository_names.setStringList(sorted(repo.name for repo in listing.items))
        age = describe_age(jobs.cache.age_of(listing))
        self.form.listing_status.stop(f"{len(listing.items)} repositories, {age}")

    def _offer_scope(self, registry: Registry) -> None:
        """A scoped registry's keys may not list the whole registry: offer its scope.

        TODO: expand a prefix entry (``team-a/*``) into its repositories when the keys
        may list, instead of offering the bare prefix.
        """
        self._repositories.cancel()
        offered = [prefix_of(entry) if is_prefix(entry) else entry for entry in registry.scope]
        self.form.repository_names.setStringList(offered)
        self.form.listing_status.stop(
            f"These credentials are for {', '.join(registry.scope)} only."
        )

    async def load_tags(self) -> None:
        """Fill the tag completion from the repository typed or picked."""
        registry = self.selected_registry()
        repository = self.form.repository.text().strip()
        self.form.tag_names.setStringList([])
        if registry is None or not repository:
            self._tags.cancel()
            self.form.tag_status.stop("")
            return

        if self._outside_scope(registry, repository) is not None:
            self._tags.cancel()
            self.form.tag_status.stop("")
            return

        self.form.tag_status.start(f"Listing the tags of {repository}…")
        try:
            listing = await self._tags.run(
                self._context.registry_jobs.list_tags(registry, repository)
            )
        except Cancelled:
            return
        except NotFound:
            self.form.tag_status.stop(f"No repository named {repository} in this registry.")
            return
        except ImageDeskError as error:
            self.form.tag_status.stop("")
            if is_missing_secret(registry, error):
                self.secret_offer.offer(registry)
                return
            self._show_error(error)
            return

        self.form.tag_names.setStringList(list(listing.items))
        self.form.tag_status.stop(f"{repository} found: {len(listing.items)} tags")

    async def import_image(self) -> bool:
        """Check every field, then that the repository and tag exist; store the image."""
        self.form.clear_errors()
        self.error_view.clear()
        registry = self.selected_registry()
        try:
            checked = self._checked_fields(registry)
        except ValidationErrors as errors:
            self.form.show_field_errors(errors.errors)
            return False
        assert registry is not None  # _checked_fields refuses a missing registry
        outside = self._outside_scope(registry, checked.repository)
        if outside is not None:
            self.form.show_field_errors([outside])
            return False

        self._set_busy(True)
        try:
            image = await self._find_reference(registry, checked.repository, checked.tag)
        except Cancelled:
            return False
        except NotFound as error:
            message = f"There is no repository named {checked.repository} in {registry.name}."
            self.form.show_field_errors([FieldError("repository", message)])
            logger.debug("repository check failed: %s", error.details)
            return False
        except ImageDeskError as error:
            self._show_error(error)
            return False
        finally:
            self._set_busy(False)

        return self._store(registry, checked, image)

    async def _find_reference(
        self, registry: Registry, repository: str, reference: str
    ) -> ImageInfo | None:
        """The image behind a tag, or behind a digest (an untagged image), fresh from
        the registry; None when the repository has no such tag or digest."""
        jobs = self._context.registry_jobs
        if not validation.is_digest(reference):
            found = await self._check.run(jobs.find_tags(registry, repository, [reference]))
            return found.get(reference)

        listing = await self._check.run(jobs.list_images(registry, repository, refresh=True))
        return next((image for image in listing.items if image.digest == reference), None)

    # --- scope: registries whose keys read only some repositories ------------------------

    def _outside_scope(self, registry: Registry, repository: str) -> FieldError | None:
        """A field error when ``repository`` lies outside the registry's scope; another
        registry of the same host whose scope holds it is offered as a switch."""
        if not repository or scope_allows(registry.scope, repository):
            self.form.hide_switch_offer()
            return None

        other = self._registry_for(registry, repository)
        if other is None:
            self.form.hide_switch_offer()
        else:
            self.form.show_switch_offer(
                f'{repository} is in the scope of "{other.name}" on the same host.',
                f"Use {other.name}",
            )
            self._switch_target = other.id
        return FieldError(
            "repository",
            f"{repository} is outside the repositories {registry.name} is meant for "
            f"({', '.join(registry.scope)}).",
        )

    def _registry_for(self, registry: Registry, repository: str) -> Registry | None:
        """Another registry on the same host whose scope holds ``repository``; one with a
        scope is preferred to one meant for the whole registry."""
        candidates = [
            other
            for other in self._context.catalog.list_registries()
            if other.id != registry.id
            and other.host.casefold() == registry.host.casefold()
            and scope_allows(other.scope, repository)
        ]
        candidates.sort(key=lambda other: not other.scope)
        return candidates[0] if candidates else None

    def switch_registry(self) -> None:
        """Accept the offer: select the registry whose scope holds the repository."""
        target = self._switch_target
        self.form.hide_switch_offer()
        if target is not None:
            self.form.select_registry(target)

    # --- steps of the import ---------------------------------------------------------------

    def _checked_fields(self, registry: Registry | None) -> validation.ImportForm:
        form = self.form
        errors: list[FieldError] = []
        if registry is None:
            errors.append(FieldError("registry", "Choose a registry, or add a new one."))
        try:
            checked = validation.validate_import_form(
                repository=form.repository.text(),
                tag=form.tag.text(),
                description_text=form.description.text(),
                source=form.source_url.text(),
                cpu=form.cpu_cores.text(),
                memory=form.memory_gb.text(),
                disk=form.disk_gb.text(),
            )
        except ValidationErrors as invalid:
            raise ValidationErrors(errors + invalid.errors) from None
        if errors:
            raise ValidationErrors(errors)
        return checked

    def _store(
        self, registry: Registry, checked: validation.ImportForm, image: ImageInfo | None
    ) -> bool:
        if image is None:
            what = "image with the digest" if validation.is_digest(checked.tag) else "tag"
            message = f"The repository {checked.repository} has no {what} {checked.tag}."
            self.form.show_field_errors([FieldError("tag", message)])
            return False

        assert registry.id is not None
        tag = ImageTag(checked.tag, digest=image.digest, pushed_at=image.pushed_at)
        record = Image(
            registry_id=registry.id,
            repository=checked.repository,
            default_tag=checked.tag,
            resources=checked.resources,
            description=checked.description,
            source_url=checked.source_url,
            tags=(tag,),
        )
        try:
            self.imported = self._context.catalog.add_image(record)
        except FieldError as error:
            self.form.show_field_errors([error])
            return False
        except ImageDeskError as error:
            self._show_error(error)
            return False

        logger.info("imported %s from %s", checked.repository, registry.name)
        self._context.images_saved()
        self.accept()
        return True

    # --- the Add Registry dialog -------------------------------------------------------------

    def open_add_registry(self) -> QDialog:
        from imagedesk.ui.add_registry_dialog import AddRegistryDialog

        dialog = AddRegistryDialog(self._context, self)
        self.add_registry_dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.reload_registries(dialog.saved_registry.id)
            self.add_registry_dialog = None
            dialog.deleteLater()
            # Back to the import with the keyboard: its window active, Repository next.
            self.activateWindow()
            self.form.repository.setFocus()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def open_registry_editor(self, registry_id: int) -> QDialog:
        """The registry's edit dialog (to enter its missing secret); once saved, the
        registry is selected again and listed with the new secret."""
        from imagedesk.ui.add_registry_dialog import AddRegistryDialog

        registry = self._context.catalog.get_registry(registry_id)
        dialog = AddRegistryDialog(self._context, self, editing=registry)
        self.add_registry_dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.secret_offer.withdraw()
                self.reload_registries(registry_id)
            self.add_registry_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    # --- wiring ------------------------------------------------------------------------------

    def _connect(self) -> None:
        self.buttons.accepted.connect(lambda: self._tasks.spawn(self.import_image()))
        self.buttons.rejected.connect(self.reject)
        self.form.add_registry_button.clicked.connect(self.open_add_registry)
        self.form.registry_box.currentIndexChanged.connect(self._on_registry_changed)
        self.form.repository.textEdited.connect(self._tag_timer.start)
        repo_completer = self.form.repository.completer()
        repo_completer.activated.connect(self._on_repository_settled)
        self.form.switch_button.clicked.connect(self.switch_registry)
        self.secret_offer.edit_requested.connect(self.open_registry_editor)

    def _on_registry_changed(self, _index: int) -> None:
        self.form.clear_errors()
        self.secret_offer.withdraw()
        self.form.hide_switch_offer()
        self._tasks.spawn(self.load_repositories())
        self._tasks.spawn(self.load_tags())

    def _on_repository_settled(self, *_args: object) -> None:
        self._tag_timer.stop()
        self.form.clear_errors()
        registry = self.selected_registry()
        repository = self.form.repository.text().strip()
        if registry is not None:
            outside = self._outside_scope(registry, repository)
            if outside is not None:
                self.form.show_field_errors([outside])
        self._tasks.spawn(self.load_tags())

    def _set_busy(self, busy: bool) -> None:
        if self._closed:
            return
        self.import_button.setEnabled(not busy)
        if busy:
            self.form.tag_status.start("Checking the repository and tag in the registry…")
        else:
            self.form.tag_status.stop("")

    def _show_error(self, error: ImageDeskError) -> None:
        self.error_view.show_error(error)

    # --- closing -----------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._close_requests()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close_requests()
        super().closeEvent(event)

    def _close_requests(self) -> None:
        """Cancel listings and checks; anything they return later is dropped."""
        self._closed = True
        self._tag_timer.stop()
        for request in (self._repositories, self._tags, self._check):
            request.close()
        self._tasks.cancel_all()


ImportImageDialog = ImportDialog
"""The name the registry browser and the issue use for the same dialog."""
