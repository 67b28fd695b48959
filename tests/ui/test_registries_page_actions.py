"""Defects 3, 4 and 6 on the Registries page: "Edit…", delete refused up front naming
the images, and Browse, IRSA assistant and "Refresh token now" within reach."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from registry_defect_support import answer_next_box
from registry_ui_support import (
    ECR_HOST,
    KEY_ID,
    SECRET,
    DictSecretStore,
    ScriptedFactory,
    good_steps,
    loop,  # noqa: F401 (fixture)
    make_context,
    run,
)
from test_registries_page import TokenClient

from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.ui.browser import RegistryBrowser
from imagedesk.ui.context import AppContext
from imagedesk.ui.irsa.assistant import IrsaAssistant
from imagedesk.ui.registries_page import RegistriesPage


@pytest.fixture
def secrets() -> DictSecretStore:
    return DictSecretStore()


@pytest.fixture
def client() -> TokenClient:
    return TokenClient(good_steps())


@pytest.fixture
def context(
    tmp_path: Path,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    client: TokenClient,
    secrets: DictSecretStore,
) -> AppContext:
    return make_context(tmp_path, loop, factory=ScriptedFactory(client), secrets=secrets)


def ecr_entry(context: AppContext, secrets: DictSecretStore) -> Registry:
    registry = context.catalog.add_registry(
        Registry("prod", ECR_HOST, RegistryKind.ECR, AuthMethod.KEYS, username=KEY_ID)
    )
    assert registry.id is not None
    secrets.entries[registry.id] = RegistrySecrets(secret=Secret(SECRET))
    return registry


def generic_entry(context: AppContext) -> Registry:
    return context.catalog.add_registry(
        Registry("harbor", "127.0.0.1:5000", RegistryKind.GENERIC, AuthMethod.NONE)
    )


def shown_page(
    qtbot: QtBot, context: AppContext, event_loop: asyncio.AbstractEventLoop
) -> RegistriesPage:
    page = RegistriesPage(context)
    qtbot.addWidget(page)
    page.show()
    run(event_loop, asyncio.sleep(0.05))
    return page


def add_image(context: AppContext, registry: Registry, repository: str) -> None:
    context.catalog.add_image(
        Image(
            registry.id or 0,
            repository,
            "latest",
            Resources(1, 2, 10),
            tags=(ImageTag("latest"),),
        )
    )


def test_delete_of_a_registry_in_use_is_refused_up_front_naming_the_images(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = ecr_entry(context, secrets)
    add_image(context, registry, "team-a/api")
    add_image(context, registry, "team-b/web")
    page = shown_page(qtbot, context, loop)
    page.select(registry.id or 0)

    answered = answer_next_box("OK")
    page.delete_button.click()

    assert len(answered.texts) == 1  # one refusal, no "Delete …? Yes/No" first
    assert "cannot be deleted" in answered.texts[0]
    assert "team-a/api, team-b/web" in answered.texts[0]
    assert [r.name for r in context.catalog.list_registries()] == ["prod"]


def test_delete_of_an_unused_registry_asks_then_deletes(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = ecr_entry(context, secrets)
    page = shown_page(qtbot, context, loop)
    page.select(registry.id or 0)

    answered = answer_next_box("Yes")
    page.delete_button.click()
    run(loop, asyncio.sleep(0.2))

    assert len(answered.texts) == 1 and answered.texts[0].startswith('Delete the registry "prod"')
    assert context.catalog.list_registries() == []
    assert secrets.entries == {}


def test_the_edit_action_is_named_for_all_it_edits(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = ecr_entry(context, secrets)
    page = shown_page(qtbot, context, loop)
    page.select(registry.id or 0)

    assert page.edit_button.text().replace("&", "") == "Edit…"
    dialog = page.open_edit_dialog()
    assert dialog is not None and dialog.continue_button.text().replace("&", "") == "Save"
    dialog.reject()


def test_browse_opens_the_registry_browser_for_the_selected_registry(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = ecr_entry(context, secrets)
    page = shown_page(qtbot, context, loop)
    assert not page.browse_button.isEnabled()
    page.select(registry.id or 0)
    assert page.browse_button.isEnabled()

    browser = page.open_browser()

    assert isinstance(browser, RegistryBrowser)
    assert browser.isVisible()
    browser.close()
    run(loop, asyncio.sleep(0.1))


def test_the_irsa_assistant_opens_empty_without_a_role_registry(
    qtbot: QtBot,
    context: AppContext,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    generic_entry(context)
    page = shown_page(qtbot, context, loop)

    assert page.irsa_button.isEnabled()
    assert "IRSA" in page.irsa_button.toolTip()
    assistant = page.open_irsa_assistant()

    assert isinstance(assistant, IrsaAssistant)
    assert assistant.isVisible()
    assistant.close()
    run(loop, asyncio.sleep(0.05))


def test_refresh_token_now_is_offered_for_ecr_rows_with_credentials_only(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    client: TokenClient,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    ecr = ecr_entry(context, secrets)
    generic = generic_entry(context)
    page = shown_page(qtbot, context, loop)

    page.select(generic.id or 0)
    assert not page.refresh_token_button.isEnabled()
    assert not page.token_view.isVisible()

    page.select(ecr.id or 0)
    run(loop, asyncio.sleep(0.1))
    assert page.refresh_token_button.isEnabled()
    page.refresh_token_button.click()
    run(loop, asyncio.sleep(0.2))
    assert client.refreshed == 1
    page.grab().save("/tmp/f2/registries_page.png")


def test_the_row_menu_offers_every_action_of_the_row(
    qtbot: QtBot,
    context: AppContext,
    secrets: DictSecretStore,
    loop: asyncio.AbstractEventLoop,  # noqa: F811
) -> None:
    registry = ecr_entry(context, secrets)
    page = shown_page(qtbot, context, loop)
    page.select(registry.id or 0)

    menu = page.row_menu()

    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert texts == [
        "Test",
        "Edit…",
        "Browse…",
        "Refresh token now",
        "IRSA assistant…",
        "Delete",
    ]
    assert all(action.isEnabled() for action in menu.actions())


def test_the_refusal_for_one_image_speaks_in_the_singular() -> None:
    from imagedesk.ui.registries_page import in_use_sentence

    registry = Registry("Docker Hub", "docker.io", RegistryKind.GENERIC, AuthMethod.NONE)

    one = in_use_sentence(registry, ["library/nginx"])
    two = in_use_sentence(registry, ["a/x", "b/y"])

    assert one == (
        'The registry "Docker Hub" cannot be deleted: the image library/nginx uses it. '
        "Remove that image on the Images page first, or edit the registry instead."
    )
    assert two.startswith(
        'The registry "Docker Hub" cannot be deleted: 2 images use it (a/x, b/y).'
    )
