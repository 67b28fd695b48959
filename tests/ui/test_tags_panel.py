"""The tags of an image: add (checked in the registry), default, deprecate, remove, moves."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from image_fakes import PUSHED, FakeRegistry
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Image, ImageTag, Registry, Resources
from imagedesk.store.catalog import Catalog
from imagedesk.ui.context import AppContext
from imagedesk.ui.tags_panel import CHECK_RUNNING, TagsDialog

OLD_DIGEST = "sha256:" + "9" * 64
OLD_PUSH = datetime(2025, 12, 24, 8, 30, tzinfo=UTC)
LATEST_DIGEST = "sha256:" + "b" * 64  # where the fake registry's team-a/api latest is now
V1_DIGEST = "sha256:" + "c" * 64


def _imported(catalog: Catalog, registry: Registry, *tags: ImageTag) -> Image:
    assert registry.id is not None
    return catalog.add_image(
        Image(
            registry_id=registry.id,
            repository="team-a/api",
            default_tag="latest",
            resources=Resources(cpu_cores=2, memory_gb=4, disk_gb=20),
            tags=tags or (ImageTag("latest", digest=LATEST_DIGEST, pushed_at=PUSHED),),
        )
    )


def _dialog(qtbot: QtBot, context: AppContext, image: Image) -> TagsDialog:
    dialog = TagsDialog(context, image)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_default_tag_is_marked_with_an_asterisk(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    image = _imported(
        ui_catalog, ecr_registry, ImageTag("latest", LATEST_DIGEST), ImageTag("v1", V1_DIGEST)
    )
    dialog = _dialog(qtbot, ui_context, image)

    assert dialog.tag_names_shown() == ["latest *", "v1"]


def test_add_tag_checks_the_registry_and_records_the_digest(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    image = _imported(ui_catalog, ecr_registry)
    dialog = _dialog(qtbot, ui_context, image)

    assert run_async(dialog.add_tag("v9")) is False
    assert dialog.new_tag_error.message == "The repository team-a/api has no tag v9."
    assert run_async(dialog.add_tag("latest")) is False
    assert dialog.new_tag_error.message == "The image already has the tag latest."

    with qtbot.waitSignal(ui_context.events.images_changed, timeout=1000):
        assert run_async(dialog.add_tag(" v1 ")) is True

    assert "images team-a/api" in fake_registry.calls
    assert dialog.tag_names_shown() == ["latest *", "v1"]
    stored = {tag.name: tag.digest for tag in ui_catalog.get_image(int(image.id or 0)).tags}
    assert stored == {"latest": LATEST_DIGEST, "v1": V1_DIGEST}


def test_set_default_moves_the_asterisk_and_then_the_old_default_can_go(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    image = _imported(
        ui_catalog, ecr_registry, ImageTag("latest", LATEST_DIGEST), ImageTag("v1", V1_DIGEST)
    )
    dialog = _dialog(qtbot, ui_context, image)

    assert dialog.remove("latest") is False
    assert dialog.error_view.sentence == (
        "latest is the default tag and cannot be removed. Make another tag the default first."
    )
    assert dialog.set_deprecated("latest", True) is False
    assert "cannot be deprecated" in dialog.error_view.sentence

    assert dialog.set_default("v1") is True
    assert dialog.tag_names_shown() == ["latest", "v1 *"]
    assert dialog.remove("latest") is True
    assert dialog.tag_names_shown() == ["v1 *"]
    assert ui_catalog.get_image(int(image.id or 0)).default_tag == "v1"


def test_a_deprecated_tag_is_struck_through_and_cannot_become_the_default(
    qtbot: QtBot, ui_context: AppContext, ui_catalog: Catalog, ecr_registry: Registry
) -> None:
    image = _imported(
        ui_catalog, ecr_registry, ImageTag("latest", LATEST_DIGEST), ImageTag("v1", V1_DIGEST)
    )
    dialog = _dialog(qtbot, ui_context, image)

    assert dialog.set_deprecated("v1", True) is True
    dialog.select_tag("v1")

    item = dialog.table.item(1, 0)
    assert item is not None and item.font().strikeOut()
    assert _cell(dialog, 1, 3) == "deprecated"
    assert not dialog.default_button.isEnabled()
    assert dialog.deprecate_button.text().replace("&", "") == "Restore"
    assert dialog.set_default("v1") is False
    assert dialog.set_deprecated("v1", False) is True
    assert not ui_catalog.get_image(int(image.id or 0)).tags[1].deprecated


def test_a_moved_tag_shows_both_digests_and_dates_until_acknowledged(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
) -> None:
    image = _imported(
        ui_catalog,
        ecr_registry,
        ImageTag("latest", OLD_DIGEST, pushed_at=OLD_PUSH),
        ImageTag("v1", V1_DIGEST, pushed_at=PUSHED),
        ImageTag("gone", V1_DIGEST, pushed_at=PUSHED),
    )
    dialog = _dialog(qtbot, ui_context, image)

    result = run_async(dialog.check_moves())

    assert result is not None
    assert (result.moved, result.missing) == (["latest"], ["gone"])
    assert dialog.message.text() == (
        "Moved since recorded: latest. No longer in the registry: gone."
    )
    [latest] = [tag for tag in dialog.image.tags if tag.name == "latest"]
    assert (latest.previous_digest, latest.digest) == (OLD_DIGEST, LATEST_DIGEST)
    assert _cell(dialog, 0, 3) == "tag moved"
    dialog.select_tag("latest")
    details = dialog.move_details.text()
    assert OLD_DIGEST in details and LATEST_DIGEST in details
    assert _local(OLD_PUSH) in details and _local(PUSHED) in details

    assert dialog.acknowledge("latest") is True
    assert _cell(dialog, 0, 3) == ""
    assert not ui_catalog.get_image(int(image.id or 0)).tags[0].moved


def _cell(dialog: TagsDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def test_a_tag_gone_from_the_registry_says_so_in_its_state(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
) -> None:
    image = _imported(
        ui_catalog,
        ecr_registry,
        ImageTag("latest", LATEST_DIGEST, pushed_at=PUSHED),
        ImageTag("1.2.0", V1_DIGEST, pushed_at=PUSHED),
    )
    dialog = _dialog(qtbot, ui_context, image)

    run_async(dialog.check_moves())

    assert dialog.tag_names_shown() == ["latest *", "1.2.0"]
    assert _cell(dialog, 0, 3) == ""
    assert _cell(dialog, 1, 3) == "gone from registry"
    assert dialog.set_deprecated("1.2.0", True) is True
    assert _cell(dialog, 1, 3) == "gone from registry, deprecated"


def test_the_success_message_goes_with_the_next_action(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
) -> None:
    image = _imported(ui_catalog, ecr_registry)
    dialog = _dialog(qtbot, ui_context, image)

    assert run_async(dialog.add_tag("v1")) is True
    assert dialog.message.text() == f"Added v1 ({V1_DIGEST})."
    assert run_async(dialog.add_tag("v9")) is False
    assert dialog.message.text() == ""

    assert dialog.set_default("v1") is True
    assert dialog.message.text() == ""


def test_add_tag_waits_for_a_running_check_and_says_so(
    qtbot: QtBot,
    ui_context: AppContext,
    ui_catalog: Catalog,
    ecr_registry: Registry,
    run_async: Any,
    fake_registry: FakeRegistry,
) -> None:
    image = _imported(ui_catalog, ecr_registry)
    dialog = _dialog(qtbot, ui_context, image)
    fake_registry.release_images.clear()
    check = asyncio.ensure_future(dialog.check_moves())
    qtbot.waitUntil(lambda: dialog._check.busy, timeout=2000)

    disabled = not dialog.add_button.isEnabled() and not dialog.check_button.isEnabled()
    dialog.new_tag.setText("v1")
    added = run_async(dialog.add_tag("v1"))
    fake_registry.release_images.set()
    result = run_async(check)

    assert disabled
    assert added is False
    assert dialog.new_tag_error.message == CHECK_RUNNING
    assert result is not None and result.missing == []
    assert dialog.add_button.isEnabled() and dialog.check_button.isEnabled()
    assert run_async(dialog.add_tag("v1")) is True
