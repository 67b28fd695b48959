"""The Add Registry dialog: fields, a live connection test, and saving the entry.

The test and the keyring writes run on the job runner; the catalog (local SQLite)
is written on the UI thread. Closing the dialog cancels a running test and drops
its late result.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult
from imagedesk.domain.errors import Cancelled, FieldError, ImageDeskError, ValidationErrors
from imagedesk.domain.hosts import normalize_host, parse_ecr_host
from imagedesk.domain.models import Registry, RegistryKind, TestResult
from imagedesk.domain.secret import RegistrySecrets
from imagedesk.jobs.latest import LatestRequest
from imagedesk.jobs.runner import KEYRING_QUEUE
from imagedesk.ui.connection_summary import (
    certificate_untrusted,
    credentials_refused,
    stored_summary,
)
from imagedesk.ui.context import AppContext
from imagedesk.ui.diagnosis_checklist import ECR_PLAN, GENERIC_PLAN, DiagnosisChecklist
from imagedesk.ui.error_view import ErrorView
from imagedesk.ui.registry_form import RegistryForm
from imagedesk.ui.registry_form_rules import (
    FormOutcome,
    RegistryFormValues,
    check_form,
    load_region_data,
    region_data_loaded,
)
from imagedesk.ui.screen_fit import fit_height_to_screen

logger = logging.getLogger(__name__)

GENERIC_CLIENT_MODULE = "imagedesk.registry.generic.client"
MEMORY_KEYRING_NOTE = (
    "No keyring is available: the secret is kept in memory for this run only "
    "and must be entered again after a restart."
)
DEMO_KEYRING_NOTE = "Demo: secrets are kept in memory for this run."
SECRET_CLEARED_NOTE = (
    "The host changed, so the stored secret was cleared. Enter it again to use this registry."
)
CA_FIELD_HINT = (
    "The registry's TLS certificate is not trusted. Choose the CA bundle (PEM) that "
    "signed it here, then test again."
)
MIN_WIDTH = 620
TEST_CANCELLED = "Cancelled."
TEST_NOT_RUN = "The test stopped before this step."
MOVE_IMAGES_BUTTON = "Move images"
REFUSED_NOT_SAVED = (
    "The registry refused these credentials in the last test, so nothing was saved and "
    "the stored entry is unchanged. Correct them and test again."
)


def password_kinds_available() -> bool:
    """Generic and Azure registries are offered once their backend is installed."""
    return importlib.util.find_spec(GENERIC_CLIENT_MODULE) is not None


def keyring_note(context: AppContext) -> str:
    """Where a secret saved now is kept, when that is not the OS keyring. The demo's
    in-memory keyring is intended, so it is stated, not warned about."""
    return DEMO_KEYRING_NOTE if context.demo is not None else MEMORY_KEYRING_NOTE


class AddRegistryDialog(QDialog):
    """Add a registry (or, with ``editing``, change one). After acceptance,
    :attr:`saved_registry` holds the stored entry."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        editing: Registry | None = None,
    ) -> None:
        super().__init__(parent)
        # Created first: the event filter below may be asked about events at any time.
        self._content = QWidget()
        self._context = context
        self._saved: Registry | None = None
        self._closed = False
        self._test = LatestRequest("connection test")
        self._presence = LatestRequest("stored secret")
        self._presence_task: asyncio.Task[None] | None = None
        self._tested: tuple[RegistryFormValues, DiagnosisReport] | None = None
        self._run_id = 0
        self._fitted_height = -1  # the height fit_content last gave the dialog
        self._tasks: set[asyncio.Task[None]] = set()
        self.setWindowTitle("Edit Registry" if editing else "Add Registry")
        self.setMinimumWidth(MIN_WIDTH)
        self.setSizeGripEnabled(True)

        self.form = RegistryForm(
            lambda: self._context.settings,
            password_kinds_available=password_kinds_available(),
        )
        if editing is not None:
            self.form.load_registry(editing)
            self._presence_task = self._spawn(self._check_stored_secret(editing))
        elif context.default_endpoint_url:
            self.form.prefill_endpoint(context.default_endpoint_url)
        if context.demo is not None:
            self.form.set_demo_users(context.demo.seed.users)
        self.form.admin_settings_requested.connect(self._open_admin_settings)
        self.form.irsa_assistant_requested.connect(self.open_irsa_assistant)
        self.form.edited.connect(self._forget_test)

        self.keyring_note = QLabel(keyring_note(context))
        self.keyring_note.setWordWrap(True)
        if context.demo is None:
            self.keyring_note.setStyleSheet("color: #c64600;")
        self.keyring_note.setVisible(not context.secrets.persistent)

        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.cancel_test_button = QPushButton("Cancel test")
        self.cancel_test_button.clicked.connect(self.cancel_test)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.test_status = QLabel()
        self.test_status.setWordWrap(True)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        self.identity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checklist = DiagnosisChecklist()
        self.error_view = ErrorView()

        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "Sa&ve" if editing else "&Continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button.setDefault(True)
        self.buttons.accepted.connect(self._on_continue_clicked)
        self.buttons.rejected.connect(self.reject)

        self._build_layout()
        self._set_busy(False)
        self.checklist.hide()
        # botocore's region data is read from disk once; read it before the first check.
        if not region_data_loaded():
            context.jobs.call(load_region_data, name="ECR region data")

    # --- public ---------------------------------------------------------------------------

    @property
    def saved_registry(self) -> Registry:
        if self._saved is None:
            raise RuntimeError("the dialog has not saved a registry")
        return self._saved

    @property
    def testing(self) -> bool:
        return self._test.busy

    @property
    def last_report(self) -> DiagnosisReport | None:
        """The report of the last finished connection test, or None when no test has
        finished since the fields last changed."""
        return self._tested[1] if self._tested is not None else None

    def start_test(self) -> asyncio.Task[None] | None:
        """Check the fields and start the connection test; None when a field is wrong."""
        outcome = self._checked_form()
        if outcome is None:
            return None
        return self._spawn(self.run_test(outcome))

    def start_save(self) -> asyncio.Task[None] | None:
        """Check the fields and save; None when a field is wrong or the admin keeps the
        images where they are (nothing is stored)."""
        outcome = self._checked_form()
        if outcome is None or not self._confirm_host_change(outcome.registry):
            return None
        presence = self._presence_task
        if outcome.secrets is None and presence is not None and not presence.done():
            return self._spawn(self._save_once_secret_known(presence))
        return self._spawn(self.save(outcome))

    async def _save_once_secret_known(self, presence: asyncio.Task[None]) -> None:
        """Save pressed to keep the stored secret before the keyring answered whether
        there is one: check again once it has, so a blank secret is never accepted for
        an entry that has none stored."""
        await asyncio.wait([presence])
        if self._closed:
            return
        outcome = self._checked_form()
        if outcome is not None:
            await self.save(outcome)

    async def _check_stored_secret(self, editing: Registry) -> None:
        """Ask the keyring (on its queue) whether the edited entry's secret is there."""
        if editing.id is None:
            self.form.set_secret_stored(False)
            return
        job = self._context.jobs.call(self._context.secrets.load, editing.id, queue=KEYRING_QUEUE)
        try:
            secrets = await self._presence.run(job)
        except Cancelled:
            return
        self.form.set_secret_stored(bool(secrets.secret))

    def images_moved_by(self, registry: Registry) -> list[str]:
        """The images that would follow an edit of their registry to another host."""
        editing = self.form.editing
        if editing is None or editing.id is None or registry.host == editing.host:
            return []
        images = self._context.catalog.list_images()
        return sorted(image.repository for image in images if image.registry_id == editing.id)

    def cancel_test(self) -> None:
        self._test.cancel()

    def open_irsa_assistant(self) -> QWidget:
        """The IRSA assistant, with the account of the typed ECR host and the role ARN."""
        from imagedesk.ui.irsa import open_irsa_assistant

        values = self.form.values()
        try:
            ecr_host = parse_ecr_host(normalize_host(values.host))
        except FieldError:
            ecr_host = None
        account = ecr_host.account_id if ecr_host is not None and not ecr_host.public else ""
        return open_irsa_assistant(
            self._context, self, account_id=account or "", role_arn=values.role_arn.strip()
        )

    # --- the connection test -----------------------------------------------------------

    async def run_test(self, outcome: FormOutcome) -> None:
        values = self.form.values()
        registry = outcome.registry
        self._run_id += 1
        run_id = self._run_id
        self.error_view.clear()
        self.identity_label.clear()
        self.checklist.reset(ECR_PLAN if registry.kind is RegistryKind.ECR else GENERIC_PLAN)
        self.checklist.show()
        self.test_status.setText("Testing…")
        self._set_busy(True)

        try:
            secrets = await self._secrets_for_test(outcome)
            job = self._context.registry_jobs.test_connection(registry, secrets, self._on_step)
            report = await self._test.run(job)
        except Cancelled:
            if not self._closed and run_id == self._run_id:
                self.checklist.stop(TEST_CANCELLED)
                self.test_status.setText("Test cancelled.")
                self._set_busy(False)
            return
        except Exception as error:
            if run_id != self._run_id:
                return
            self.checklist.stop(TEST_NOT_RUN)
            self._show_failure(error)
            self.test_status.setText("The test could not run.")
            self._set_busy(False)
            return

        self._set_busy(False)
        self._show_report(report)
        self._tested = (values, report)

    async def _secrets_for_test(self, outcome: FormOutcome) -> RegistrySecrets:
        """The typed secrets, or the stored ones when an edit keeps them."""
        if outcome.secrets is not None:
            return outcome.secrets
        editing = self.form.editing
        if editing is None or editing.id is None:
            return RegistrySecrets()
        job = self._context.jobs.call(self._context.secrets.load, editing.id, queue=KEYRING_QUEUE)
        return await self._test.run(job)

    def _on_step(self, step: object) -> None:
        if self._closed or not isinstance(step, StepResult):
            return
        self.checklist.apply_step(step)

    def _show_report(self, report: DiagnosisReport) -> None:
        self.checklist.apply_report(report)
        self.test_status.setText(report.summary)
        self.test_status.setStyleSheet("" if report.ok else "color: #b3261e;")
        lines = []
        if report.identity_arn:
            lines.append(f"Signed in as <b>{report.identity_arn}</b>")
        if report.credential_source:
            lines.append(f"Credentials from: {report.credential_source}")
        lines.extend(f"⚠ {warning}" for warning in report.warnings)
        self.identity_label.setText("<br>".join(lines))
        self._point_at_fields(report)

    def _point_at_fields(self, report: DiagnosisReport) -> None:
        """Show a failure that one field can fix under that field too."""
        if any(certificate_untrusted(step) for step in report.steps):
            self.form.show_field_errors([FieldError("ca_file", CA_FIELD_HINT)])

    def _forget_test(self) -> None:
        self._tested = None

    # --- saving --------------------------------------------------------------------------

    async def save(self, outcome: FormOutcome) -> None:
        self.error_view.clear()
        editing = self.form.editing
        if editing is not None and self._tested_values_refused():
            self._show_failure(
                ValidationErrors([FieldError(_secret_field(editing), REFUSED_NOT_SAVED)])
            )
            return
        self.continue_button.setEnabled(False)
        try:
            saved = self._write_catalog(outcome, editing)
            if saved is None:
                return
            if not await self._write_secrets(saved, outcome, is_new=editing is None):
                return
        finally:
            if not self._closed:
                self.continue_button.setEnabled(True)

        assert saved.id is not None
        self._record_test(saved)
        self._context.registry_saved(saved.id)
        self._saved = saved
        logger.info("saved registry %s (%s)", saved.name, saved.host)
        if not self._closed:
            self.accept()

    def _write_catalog(self, outcome: FormOutcome, editing: Registry | None) -> Registry | None:
        catalog = self._context.catalog
        try:
            if editing is None:
                return catalog.add_registry(outcome.registry)
            return catalog.update_registry(outcome.registry)
        except FieldError as error:
            self._show_failure(ValidationErrors([error]))
        except ImageDeskError as error:
            self._show_failure(error)
        return None

    async def _write_secrets(self, saved: Registry, outcome: FormOutcome, *, is_new: bool) -> bool:
        """Store (or clear) the secrets on the worker; undo a new entry if that fails."""
        assert saved.id is not None
        store = self._context.secrets
        try:
            if outcome.secret_cleared:
                await self._context.jobs.call(store.delete, saved.id, queue=KEYRING_QUEUE)
            elif outcome.secrets is not None:
                await self._context.jobs.call(
                    store.save, saved.id, outcome.secrets, queue=KEYRING_QUEUE
                )
        except Cancelled:
            return False
        except Exception as error:
            if is_new:
                self._context.catalog.delete_registry(saved.id)
            self._show_failure(error)
            return False
        return True

    def _record_test(self, saved: Registry) -> None:
        """Keep the result of a test made with exactly the values that were saved."""
        if self._tested is None or saved.id is None:
            return
        values, report = self._tested
        if values != self.form.values():
            return
        result = TestResult(at=datetime.now(UTC), ok=report.ok, summary=stored_summary(report))
        self._context.catalog.record_test(saved.id, result)

    def _tested_values_refused(self) -> bool:
        """The last test, made with exactly the values in the form, was refused."""
        if self._tested is None:
            return False
        values, report = self._tested
        return values == self.form.values() and credentials_refused(report)

    # --- shared helpers ---------------------------------------------------------------------

    def _checked_form(self) -> FormOutcome | None:
        self.form.clear_field_errors()
        self.error_view.clear()
        try:
            return check_form(
                self.form.values(),
                self._context.settings,
                editing=self.form.editing,
                existing=self._context.catalog.list_registries(),
                secret_stored=self.form.secret_stored is not False,
            )
        except ValidationErrors as errors:
            self._show_failure(errors)
            return None

    def _show_failure(self, error: BaseException) -> None:
        """Field errors go under their fields; anything else to the error view."""
        if self._closed:
            return
        if isinstance(error, ValidationErrors):
            unplaced = self.form.show_field_errors(error.errors)
            if unplaced:
                self.error_view.show_error(ValidationErrors(unplaced))
            return
        if isinstance(error, FieldError):
            self._show_failure(ValidationErrors([error]))
            return
        if not isinstance(error, ImageDeskError):
            logger.error("unexpected failure in the registry dialog", exc_info=error)
        self.error_view.show_error(error)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(self._guarded(coroutine))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """A bug in a step becomes a sentence in the dialog, never an unhandled task."""
        try:
            await coroutine
        except Exception as error:
            self._show_failure(error)
            if not self._closed:
                self._set_busy(False)
                self.continue_button.setEnabled(True)

    def fit_content(self) -> None:
        """Grow to fit wrapped sentences, never past the screen: the fields scroll and
        the buttons stay in view. Qt sizes a top-level window without the
        height-for-width of nested wrapped labels, which clipped the field errors."""
        content = self._content_layout
        width = self.scroll_area.viewport().width() or self.width()
        content_height = max(content.heightForWidth(width), content.sizeHint().height())
        frame = 2 * self.scroll_area.frameWidth()
        outer = self._main_layout
        margins = outer.contentsMargins()
        needed = (
            content_height
            + frame
            + outer.spacing()
            + self.buttons.sizeHint().height()
            + margins.top()
            + margins.bottom()
        )
        self._fit_width(margins.left() + margins.right() + frame)
        if self.height() == self._fitted_height and needed < self.height():
            # Content shrank (a note or an error went away) and the admin has not
            # resized the dialog since the last fit: shrink with it, leaving no blank band.
            self.resize(self.width(), needed)
        fit_height_to_screen(self, needed)
        self._fitted_height = self.height()

    def _fit_width(self, outer: int) -> None:
        """Wide enough for the fields and the vertical scroll bar beside them, so no
        field is cut off on the right when the content scrolls."""
        scroll_bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        content = self._content_layout.minimumSize().width()
        self.setMinimumWidth(max(MIN_WIDTH, content + scroll_bar + outer))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the dialog is destroyed, Qt may still ask about its children's events
        # after PySide has dropped the Python attributes; nothing is left to fit then.
        content = self.__dict__.get("_content")
        layout_changed = event.type() is QEvent.Type.LayoutRequest
        if content is not None and watched is content and layout_changed and self.isVisible():
            self.fit_content()
        return super().eventFilter(watched, event)

    def _confirm_host_change(self, registry: Registry) -> bool:
        """Ask before an edit moves images to another host; True when nothing moves."""
        images = self.images_moved_by(registry)
        editing = self.form.editing
        if not images or editing is None:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Move images to the new host?",
            host_change_question(editing, registry.host, images),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        move = box.addButton(MOVE_IMAGES_BUTTON, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is move

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_test_button.setVisible(busy)
        self.test_button.setEnabled(not busy)

    def _on_test_clicked(self) -> None:
        self.start_test()

    def _on_continue_clicked(self) -> None:
        self.start_save()

    def _open_admin_settings(self) -> None:
        from imagedesk.ui.admin_page import open_admin_settings

        open_admin_settings(self._context, self)
        self.form.refresh_visibility()

    def _build_layout(self) -> None:
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.busy)
        test_row.addWidget(self.cancel_test_button)
        test_row.addWidget(self.test_status, 1)

        test_box = QGroupBox("Connection")
        test_layout = QVBoxLayout(test_box)
        test_layout.addLayout(test_row)
        test_layout.addWidget(self.checklist)
        test_layout.addWidget(self.identity_label)

        content = self._content_layout = QVBoxLayout(self._content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.form)
        content.addWidget(self.keyring_note)
        content.addWidget(test_box)
        content.addWidget(self.error_view)
        content.addStretch(1)
        self._content.installEventFilter(self)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self._content)

        layout = self._main_layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_content()

    # --- closing ------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._close_requests()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close_requests()
        super().closeEvent(event)

    def _close_requests(self) -> None:
        """Cancel a running test; whatever it returns later is dropped."""
        self._closed = True
        self._test.close()
        self._presence.close()


def host_change_question(registry: Registry, new_host: str, images: list[str]) -> str:
    """The sentence that names every image an edit of the host would move."""
    count = f"{len(images)} image" + ("" if len(images) == 1 else "s")
    return (
        f'The registry "{registry.name}" is used by {count}: {", ".join(images)}. '
        f"Saving moves them from {registry.host} to {new_host}: they will be pulled from "
        "the new host, where these repositories must exist. Move them?"
    )


def _secret_field(registry: Registry) -> str:
    return "secret_access_key" if registry.kind is RegistryKind.ECR else "password"
