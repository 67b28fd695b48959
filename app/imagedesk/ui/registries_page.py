"""The Registries page: every registry entry, with test, edit, browse, delete, the IRSA
assistant and the login token state."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.errors import Cancelled, ImageDeskError
from imagedesk.domain.hosts import parse_ecr_host
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, TestResult
from imagedesk.jobs.job import JobControl
from imagedesk.jobs.latest import LatestRequest
from imagedesk.jobs.registry_jobs import registry_queue
from imagedesk.jobs.runner import KEYRING_QUEUE
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.connection_summary import identity_sentence, stored_summary
from imagedesk.ui.context import AppContext
from imagedesk.ui.diagnosis_checklist import ECR_PLAN, GENERIC_PLAN, DiagnosisChecklist
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.missing_secret import secret_name, uses_stored_secret
from imagedesk.ui.registries_model import RegistriesModel, last_test_tooltip, scope_label
from imagedesk.ui.token_state_view import TokenHolder, TokenStateLike, TokenStateView

logger = logging.getLogger(__name__)

KEYRING_LEFTOVER = (
    "The registry was deleted, but its secret could not be removed from the keyring."
)
IRSA_TOOLTIP = (
    "Set up or check the IAM role an ECR registry assumes on EKS (IRSA). With a "
    "role-based registry selected, its account and role are filled in."
)
EDIT_TOOLTIP = "Edit the selected registry: name, host, keys or password, scope, endpoint."
BROWSE_TOOLTIP = "Browse the repositories and images of the selected registry."
REFRESH_TOOLTIP = "Fetch a new ECR login token for the selected registry now."


class RegistriesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._test = LatestRequest("registry test")
        self._token = LatestRequest("token state")
        self._secrets_check = LatestRequest("secret presence")
        self._tasks: set[asyncio.Task[None]] = set()
        self.open_dialog: AddRegistryDialog | None = None

        self.model = RegistriesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_row_menu)

        self.add_button = QPushButton("&Add registry")
        self.test_button = QPushButton("&Test")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip(EDIT_TOOLTIP)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.setToolTip(BROWSE_TOOLTIP)
        self.browse_button.clicked.connect(self.open_browser)
        self.delete_button = QPushButton("&Delete")
        self.irsa_button = QPushButton("IRSA a&ssistant…")
        self.irsa_button.setToolTip(IRSA_TOOLTIP)
        self.irsa_button.clicked.connect(self.open_irsa_assistant)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.delete_button.clicked.connect(self._on_delete_clicked)

        self.selected_title = QLabel()
        self.selected_title.setStyleSheet("font-weight: bold;")
        self.selected_details = QLabel()
        self.selected_details.setWordWrap(True)
        self.selected_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.token_view = TokenStateView()
        self.token_view.refresh_requested.connect(self._on_refresh_clicked)
        # On the token line of an ECR row, beside what it refreshes; the row menu has it too.
        self.refresh_token_button = self.token_view.refresh_button
        self.refresh_token_button.setToolTip(REFRESH_TOOLTIP)
        self.checklist = DiagnosisChecklist()
        self.test_status = QLabel()
        self.test_status.setWordWrap(True)
        self.error_view = ErrorView()

        self._build_layout()
        context.events.registries_changed.connect(self.reload)
        self.reload()

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the catalog (quick, local); check the keyring entries on the worker."""
        selected = self.selected_registry()
        self.model.set_registries(
            self._context.catalog.list_registries(),
            persistent=self._context.secrets.persistent,
        )
        if selected is not None and selected.id is not None:
            self.select(selected.id)
        self._on_selection_changed()
        self._spawn(self._check_secrets())

    def selected_registry(self) -> Registry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.registry_at(rows[0].row()) if rows else None

    def select(self, registry_id: int) -> None:
        row = self.model.row_of(registry_id)
        if row is not None:
            self.table.selectRow(row)

    async def _check_secrets(self) -> None:
        registries = [r for r in self.model.registries if r.id is not None]
        store = self._context.secrets

        def presence(_control: JobControl) -> dict[int, bool]:
            return {r.id: bool(store.load(r.id).secret) for r in registries if r.id is not None}

        job = self._context.jobs.submit(presence, queue=KEYRING_QUEUE, name="secret presence")
        try:
            self.model.set_secret_presence(await self._secrets_check.run(job))
        except Cancelled:
            return
        except ImageDeskError as error:
            self.error_view.show_error(error)

    # --- test -------------------------------------------------------------------------------

    def start_test(self) -> asyncio.Task[None] | None:
        registry = self.selected_registry()
        if registry is None:
            return None
        return self._spawn(self.run_test(registry))

    async def run_test(self, registry: Registry) -> None:
        assert registry.id is not None
        self.error_view.clear()
        missing = await self._missing_secret(registry)
        if missing:
            self.checklist.hide()
            self.test_status.setText(missing)
            return

        self.checklist.reset(ECR_PLAN if registry.kind is RegistryKind.ECR else GENERIC_PLAN)
        self.checklist.show()
        self.test_status.setText(f"Testing {registry.name}…")
        self.test_button.setEnabled(False)
        try:
            job = self._context.registry_jobs.test_saved(registry, self._on_step)
            report = await self._test.run(job)
        except Cancelled:
            return
        except Exception as error:
            self.checklist.stop("The test stopped before this step.")
            self._show_failure(error)
            self.test_status.setText("The test could not run.")
            return
        finally:
            self.test_button.setEnabled(True)

        result = TestResult(at=datetime.now(UTC), ok=report.ok, summary=stored_summary(report))
        self._context.catalog.record_test(registry.id, result)
        self.reload()
        self._show_report(report)

    async def _missing_secret(self, registry: Registry) -> str:
        """The sentence for a registry whose secret is not stored (kept for an earlier run
        only, say), found in the keyring without any network call; "" when it is there."""
        if not uses_stored_secret(registry) or not registry.username:
            return ""
        assert registry.id is not None
        try:
            stored = await self._context.jobs.call(
                self._context.secrets.load, registry.id, queue=KEYRING_QUEUE
            )
        except ImageDeskError:
            return ""  # the test itself then reports what the keyring said
        if stored.secret:
            return ""
        return (
            f'No {secret_name(registry)} is stored for "{registry.name}" (it may have been '
            "kept for an earlier run only). Use Edit… to enter it, then test again."
        )

    def _on_step(self, step: object) -> None:
        if isinstance(step, StepResult):
            self.checklist.apply_step(step)

    def _show_report(self, report: DiagnosisReport) -> None:
        self.checklist.apply_report(report)
        text = " ".join(part for part in (report.summary, identity_sentence(report)) if part)
        text += "".join(f" ⚠ {warning}" for warning in report.warnings)
        self.test_status.setText(text)

    # --- IRSA ------------------------------------------------------------------------------

    def open_irsa_assistant(self) -> QWidget:
        """The IRSA assistant: for the selected role-based ECR registry, its account and
        role are filled in; otherwise it opens empty."""
        from imagedesk.ui.irsa import open_irsa_assistant

        registry = self.selected_registry()
        if registry is None or not _uses_role(registry):
            return open_irsa_assistant(self._context, self)
        ecr_host = parse_ecr_host(registry.host)
        account = ecr_host.account_id if ecr_host is not None else ""
        return open_irsa_assistant(
            self._context, self, account_id=account or "", role_arn=registry.role_arn
        )

    # --- browse -----------------------------------------------------------------------------

    def open_browser(self) -> QWidget | None:
        """The registry browser for the selected registry, in its own window."""
        registry = self.selected_registry()
        if registry is None:
            return None
        from imagedesk.ui.browser import open_registry_browser

        return open_registry_browser(self._context, registry, self)

    # --- add, edit, delete -------------------------------------------------------------------

    def open_add_dialog(self) -> AddRegistryDialog:
        return self._open_dialog(AddRegistryDialog(self._context, self))

    def open_edit_dialog(self) -> AddRegistryDialog | None:
        registry = self.selected_registry()
        if registry is None:
            return None
        return self._open_dialog(AddRegistryDialog(self._context, self, editing=registry))

    def _open_dialog(self, dialog: AddRegistryDialog) -> AddRegistryDialog:
        """Open window-modal without blocking; the page reloads when it is accepted."""
        self.open_dialog = dialog
        dialog.accepted.connect(lambda: self._after_dialog(dialog))
        dialog.open()
        return dialog

    def _after_dialog(self, dialog: AddRegistryDialog) -> None:
        self.reload()
        if dialog.saved_registry.id is not None:
            self.select(dialog.saved_registry.id)

    async def delete_registry(self, registry: Registry) -> bool:
        """Delete the entry and its keyring secrets; refused while images use it."""
        assert registry.id is not None
        self.error_view.clear()
        try:
            self._context.catalog.delete_registry(registry.id)
        except ImageDeskError as error:
            self.error_view.show_error(error)
            return False

        try:
            await self._context.jobs.call(
                self._context.secrets.delete, registry.id, queue=KEYRING_QUEUE
            )
        except Exception as error:
            details = getattr(error, "details", "") or str(error)
            self.error_view.show_error(KEYRING_LEFTOVER, details)
        logger.info("deleted registry %s", registry.name)
        self._context.registry_saved(registry.id)
        return True

    def images_using(self, registry: Registry) -> list[str]:
        """The repositories of the catalog's images that come from ``registry``."""
        images = self._context.catalog.list_images()
        return sorted(image.repository for image in images if image.registry_id == registry.id)

    def _on_delete_clicked(self) -> None:
        """Refuse at once, naming the images, while images use the registry; otherwise
        ask before deleting."""
        registry = self.selected_registry()
        if registry is None:
            return
        users = self.images_using(registry)
        if users:
            QMessageBox.information(self, "Registry in use", in_use_sentence(registry, users))
            return
        answer = QMessageBox.question(
            self,
            "Delete registry",
            f'Delete the registry "{registry.name}" ({registry.host}) and its stored secret?',
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._spawn(self.delete_registry(registry))

    # --- token state --------------------------------------------------------------------------

    async def load_token_state(self, registry: Registry, *, refresh: bool = False) -> None:
        """Read (or refresh) the pooled client's token state on the registry's queue."""
        pool = self._context.registry_jobs.pool

        def work(control: JobControl) -> TokenStateLike | None:
            client = pool.get(registry)
            if not isinstance(client, TokenHolder):
                return None
            return client.refresh_token(control.cancel) if refresh else client.token_state()

        job = self._context.jobs.submit(
            work, queue=registry_queue(registry.id or 0), name="token state"
        )
        try:
            state = await self._token.run(job)
        except Cancelled:
            return
        except Exception as error:
            self._show_failure(error)
            return
        self.token_view.show_state(state)

    def _on_refresh_clicked(self) -> None:
        registry = self.selected_registry()
        if registry is not None and _holds_token(registry):
            self._spawn(self.load_token_state(registry, refresh=True))

    # --- the row menu ----------------------------------------------------------------------

    def row_menu(self) -> QMenu:
        """The actions of the selected row, as the table's context menu offers them."""
        menu = QMenu(self)
        for button in (
            self.test_button,
            self.edit_button,
            self.browse_button,
            self.refresh_token_button,
            self.irsa_button,
            self.delete_button,
        ):
            action = menu.addAction(button.text())
            action.setToolTip(button.toolTip())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        return menu

    def _show_row_menu(self, position: QPoint) -> None:
        row = self.table.indexAt(position).row()
        if row < 0:
            return
        self.table.selectRow(row)
        menu = self.row_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- helpers --------------------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        registry = self.selected_registry()
        chosen = registry is not None
        for button in (self.test_button, self.edit_button, self.browse_button, self.delete_button):
            button.setEnabled(chosen)
        holds_token = registry is not None and _holds_token(registry)
        self.refresh_token_button.setEnabled(holds_token)
        self.selected_title.setText(registry.display if registry else "")
        self.selected_details.setText(_details(registry) if registry else "")
        self.token_view.setVisible(holds_token)
        self.token_view.stop()
        self._test.cancel()
        self.checklist.reset()
        self.test_status.clear()
        if registry is not None and holds_token:
            self.token_view.show_state(None)
            self._spawn(self.load_token_state(registry))

    def _on_test_clicked(self) -> None:
        self.start_test()

    def _show_failure(self, error: BaseException) -> None:
        if not isinstance(error, ImageDeskError):
            logger.error("unexpected failure on the Registries page", exc_info=error)
        self.error_view.show_error(error)

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(self._guarded(coroutine))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # A task cancelled before it first ran never started ``coroutine``: close it,
        # or Python warns that it was never awaited.
        task.add_done_callback(lambda _task: coroutine.close())
        return task

    async def _guarded(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        try:
            await coroutine
        except Exception as error:
            self._show_failure(error)

    def _build_layout(self) -> None:
        actions = QHBoxLayout()
        for button in (
            self.test_button,
            self.edit_button,
            self.browse_button,
            self.delete_button,
        ):
            actions.addWidget(button)
        actions.addWidget(self.irsa_button)
        actions.addStretch(1)
        actions.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected_title)
        layout.addWidget(self.selected_details)
        layout.addWidget(self.token_view)
        layout.addWidget(self.test_status)
        layout.addWidget(self.checklist)
        layout.addWidget(self.error_view)

    def shut_down(self) -> None:
        """Drop late results and cancel the page's tasks. A page inside the main window
        gets no close event of its own, so the window calls this as it closes."""
        for request in (self._test, self._token, self._secrets_check):
            request.close()
        self.token_view.stop()
        for task in list(self._tasks):
            task.cancel()

    def closeEvent(self, event: Any) -> None:
        self.shut_down()
        super().closeEvent(event)


def _uses_role(registry: Registry) -> bool:
    return registry.kind is RegistryKind.ECR and registry.auth is AuthMethod.ROLE


def _holds_token(registry: Registry) -> bool:
    """An ECR entry with credentials: its client caches a login token."""
    return registry.kind is RegistryKind.ECR and registry.auth is not AuthMethod.NONE


def in_use_sentence(registry: Registry, images: list[str]) -> str:
    one = len(images) == 1
    users = f"the image {images[0]} uses" if one else f"{len(images)} images use"
    listed = "" if one else f" ({', '.join(images)})"
    remove = "Remove that image" if one else "Remove those images"
    return (
        f'The registry "{registry.name}" cannot be deleted: {users} it{listed}. '
        f"{remove} on the Images page first, or edit the registry instead."
    )


def _details(registry: Registry) -> str:
    """Scope (for ECR), the endpoint when one is set, and the last test with the identity
    it ran as."""
    lines = []
    if registry.kind is RegistryKind.ECR:
        lines.append(f"Scope: {scope_label(registry)}")
    if registry.endpoint_url:
        lines.append(f"Endpoint: {registry.endpoint_url}")
    lines.append(f"Last test: {last_test_tooltip(registry)}")
    return "\n".join(lines)
