"""Import Image with scoped registries (issue 10), digests and the prefill API."""

from __future__ import annotations

from typing import Any

from image_fakes import FakeRegistry
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog, ImportImageDialog

HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
UNTAGGED_DIGEST = "sha256:" + "c" * 64  # team-a/api's image tagged only v1 in the fake


def _scoped(catalog: Catalog, name: str, scope: tuple[str, ...], key: str) -> Registry:
    return catalog.add_registry(
        Registry(
            name=name,
            host=HOST,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username=key,
            scope=scope,
        )
    )


def _dialog(qtbot: QtBot, context: AppContext, run_async: Any, registry: Registry) -> ImportDialog:
    dialog = ImportDialog(context, registry_id=registry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    run_async(dialog.load_repositories())
    return dialog


def test_the_selector_shows_the_scope_and_the_field_offers_it_without_listing(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    team_a = _scoped(ui_catalog, "team a", ("team-a/*", "platform/base"), "AKIAAAAAAAAAAAAAAAAA")
    dialog = _dialog(qtbot, ui_context, run_async, team_a)

    assert dialog.form.registry_box.currentText() == (
        f"team a / {HOST}  [team-a/*, platform/base]"
    )
    assert dialog.form.repository_names.stringList() == ["team-a/", "platform/base"]
    assert "repos" not in fake_registry.calls
    assert (
        dialog.form.listing_status.text
        == "These credentials are for team-a/*, platform/base only."
    )


def test_a_typed_repository_in_scope_is_verified_and_its_tags_listed(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, run_async: Any
) -> None:
    team_a = _scoped(ui_catalog, "team a", ("team-a/*",), "AKIAAAAAAAAAAAAAAAAA")
    dialog = _dialog(qtbot, ui_context, run_async, team_a)

    dialog.form.repository.setText("team-a/api")
    run_async(dialog.load_tags())
    assert dialog.form.tag_status.text == "team-a/api found: 3 tags"
    assert dialog.form.tag_names.stringList() == ["latest", "v1", "v2"]

    dialog.form.repository.setText("team-a/nothing")
    run_async(dialog.load_tags())
    assert dialog.form.tag_status.text == "No repository named team-a/nothing in this registry."


def test_a_repository_in_another_registrys_scope_on_the_same_host_offers_a_switch(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    team_a = _scoped(ui_catalog, "team a", ("team-a/*",), "AKIAAAAAAAAAAAAAAAAA")
    team_b = _scoped(ui_catalog, "team b", ("team-b/*",), "AKIABBBBBBBBBBBBBBBB")
    dialog = _dialog(qtbot, ui_context, run_async, team_a)

    qtbot.keyClicks(dialog.form.repository, "team-b/web")
    dialog._on_repository_settled()

    assert dialog.form.switch_offered
    assert dialog.form.switch_button.text() == "Use team b"
    assert dialog.form.error_of("repository") == (
        "team-b/web is outside the repositories team a is meant for (team-a/*)."
    )
    assert "tags team-b/web" not in fake_registry.calls

    dialog.form.switch_button.click()
    run_async(dialog.load_tags())
    assert dialog.form.selected_registry_id() == team_b.id
    assert not dialog.form.switch_offered
    assert dialog.form.repository.text() == "team-b/web"
    assert dialog.form.tag_names.stringList() == ["stable"]


def test_import_refuses_a_repository_outside_the_scope(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, run_async: Any
) -> None:
    team_a = _scoped(ui_catalog, "team a", ("team-a/api",), "AKIAAAAAAAAAAAAAAAAA")
    dialog = _dialog(qtbot, ui_context, run_async, team_a)
    dialog.form.repository.setText("team-b/web")
    dialog.form.tag.setText("stable")

    assert run_async(dialog.import_image()) is False
    assert "outside the repositories team a is meant for" in dialog.form.error_of("repository")
    assert not dialog.form.switch_offered  # no registry on the host holds team-b/web
    assert ui_catalog.list_images() == []


def test_an_untagged_image_is_imported_by_its_digest(
    qtbot: QtBot,
    ui_context: AppContext,
    ecr_registry: Registry,
    run_async: Any,
    ui_catalog: Catalog,
) -> None:
    dialog = _dialog(qtbot, ui_context, run_async, ecr_registry)
    dialog.form.repository.setText("team-a/api")
    dialog.form.tag.setText("sha256:" + "e" * 64)
    assert run_async(dialog.import_image()) is False
    assert dialog.form.error_of("tag") == (
        "The repository team-a/api has no image with the digest sha256:" + "e" * 64 + "."
    )

    dialog.form.tag.setText(UNTAGGED_DIGEST)
    assert run_async(dialog.import_image()) is True

    [image] = ui_catalog.list_images()
    assert image.default_tag == UNTAGGED_DIGEST
    assert [(tag.name, tag.digest) for tag in image.tags] == [(UNTAGGED_DIGEST, UNTAGGED_DIGEST)]


def test_prefill_selects_the_registry_and_fills_repository_and_digest(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
) -> None:
    other = _scoped(ui_catalog, "team a", ("team-a/*",), "AKIAAAAAAAAAAAAAAAAA")
    dialog = ImportImageDialog(ui_context, registry_id=other.id)
    qtbot.addWidget(dialog)

    dialog.prefill(ecr_registry.id, "team-a/api", UNTAGGED_DIGEST)
    run_async(dialog.load_tags())

    assert dialog.form.selected_registry_id() == ecr_registry.id
    assert (dialog.form.repository.text(), dialog.form.tag.text()) == (
        "team-a/api",
        UNTAGGED_DIGEST,
    )
    assert dialog.form.tag_names.stringList() == ["latest", "v1", "v2"]
