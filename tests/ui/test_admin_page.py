"""Manage › Admin › Infrastructure: the switches, stored in the catalog."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytestqt.qtbot import QtBot
from registry_ui_support import (
    ECR_HOST,
    loop,  # noqa: F401 (fixture)
    make_context,
)

from imagedesk.domain.models import (
    AuthMethod,
    Image,
    ImageTag,
    Registry,
    RegistryKind,
    Resources,
)
from imagedesk.ui.admin_page import ADMIN_TITLE, AdminPage, admin_settings_dialog


def test_role_authentication_is_off_by_default_and_saved_when_switched(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop)
    page = AdminPage(context)
    qtbot.addWidget(page)

    assert not page.role_auth_box.isChecked()
    with qtbot.waitSignal(context.events.settings_changed):
        page.set_role_auth(True)

    assert context.settings.ecr_role_auth is True
    assert context.catalog.load_settings().ecr_role_auth is True


def test_turning_role_authentication_off_warns_and_names_role_registries(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop, role_auth=True)
    context.catalog.add_registry(
        Registry("irsa-prod", ECR_HOST, RegistryKind.ECR, AuthMethod.ROLE)
    )
    page = AdminPage(context)
    qtbot.addWidget(page)
    page.show()

    page.set_role_auth(False)

    assert page.role_warning.isVisible()
    assert page.role_warning.text().endswith("until they get keys: irsa-prod.")
    assert context.catalog.load_settings().ecr_role_auth is False


def test_import_default_registry_adds_and_removes_docker_hub(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop)
    page = AdminPage(context)
    qtbot.addWidget(page)

    with qtbot.waitSignal(context.events.registries_changed):
        page.set_import_default_registry(True)
    assert [r.host for r in context.catalog.list_registries()] == ["docker.io"]

    page.set_import_default_registry(False)
    assert context.catalog.list_registries() == []


def test_docker_hub_removal_is_refused_while_images_use_it(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    context = make_context(tmp_path, loop)
    page = AdminPage(context)
    qtbot.addWidget(page)
    page.show()
    page.set_import_default_registry(True)
    hub = context.catalog.list_registries()[0]
    context.catalog.add_image(
        Image(hub.id or 0, "library/python", "3.12", Resources(1, 1, 5), tags=(ImageTag("3.12"),))
    )

    page.set_import_default_registry(False)

    assert "library/python" in page.error_view.sentence
    assert page.default_registry_box.isChecked()
    assert context.catalog.load_settings().import_default_registry is True
    assert [r.host for r in context.catalog.list_registries()] == ["docker.io"]


def test_the_settings_dialog_is_titled_after_its_menu_path(
    qtbot: QtBot,
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    dialog = admin_settings_dialog(make_context(tmp_path, loop))
    qtbot.addWidget(dialog)

    assert dialog.windowTitle() == ADMIN_TITLE == "Manage › Admin › Infrastructure"
    assert dialog.findChild(AdminPage) is not None
