"""Issue 2, steps 1-5, through the real windows against the running demo endpoint.

Images page → Import Image → Add a new registry (ecr-reader keys) → Test connection →
Continue → repository and tag from completion → Import; then the catalog, the keyring
and the SQLite bytes are checked, and the catalog is reopened as a restart would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.add_registry_dialog import AddRegistryDialog
from imagedesk.ui.context import AppContext
from imagedesk.ui.import_dialog import ImportDialog
from imagedesk.ui.main_window import MainWindow

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


@pytest.fixture
def loop(qasync_loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The session's qasync loop as the current asyncio loop; drive coroutines with ``run``."""
    asyncio.set_event_loop(qasync_loop)
    return qasync_loop


@pytest.fixture
def window(
    qtbot: QtBot,
    tmp_path: Path,
    demo: DemoSession,
    loop: asyncio.AbstractEventLoop,
    memory_keyring: MemoryKeyring,
) -> Iterator[MainWindow]:
    catalog = Catalog.open(tmp_path / "catalog.sqlite3")
    context = AppContext.build(catalog, SecretStore(), loop=loop, demo=demo)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    loop.run_until_complete(context.jobs.shutdown(timeout=10))
    catalog.close()


def _run(loop: asyncio.AbstractEventLoop, awaitable: Any) -> Any:
    async def wrapped() -> Any:
        return await awaitable

    return loop.run_until_complete(asyncio.wait_for(wrapped(), timeout=60))


def _all_text(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def _open_add_registry(window: MainWindow, qtbot: QtBot) -> tuple[ImportDialog, AddRegistryDialog]:
    window.images_page.import_button.click()
    import_dialog = window.images_page.import_dialog
    assert import_dialog is not None
    qtbot.waitExposed(import_dialog)

    import_dialog.form.add_registry_button.click()
    add_dialog = import_dialog.add_registry_dialog
    assert isinstance(add_dialog, AddRegistryDialog)
    return import_dialog, add_dialog


def _fill_keys(dialog: AddRegistryDialog, host: str, key_id: str, secret: str) -> None:
    form = dialog.form
    form.name_edit.setText("Demo ECR")
    form.host_edit.setText(host)
    form.access_key_edit.setText(key_id)
    form.secret_key.edit.setText(secret)


def _test_connection(loop: asyncio.AbstractEventLoop, dialog: AddRegistryDialog) -> str:
    task = dialog.start_test()
    assert task is not None
    _run(loop, task)
    return _all_text(dialog)


def test_import_an_image_from_the_demo_ecr_and_find_it_after_a_restart(
    qtbot: QtBot,
    window: MainWindow,
    demo: DemoSession,
    loop: asyncio.AbstractEventLoop,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    reader = demo.seed.user("ecr-reader")
    import_dialog, add_dialog = _open_add_registry(window, qtbot)
    _fill_keys(
        add_dialog, demo.seed.registry_hosts[0], reader.access_key_id, reader.secret_access_key
    )

    assert "Connection works." in _test_connection(loop, add_dialog)
    with qtbot.waitSignal(add_dialog.accepted, timeout=10_000):
        save = add_dialog.start_save()
        assert save is not None
        _run(loop, save)

    registry = import_dialog.selected_registry()
    assert registry is not None and registry.name == "Demo ECR"

    _run(loop, import_dialog.load_repositories())
    repositories = import_dialog.form.repository_names.stringList()
    assert repositories == sorted(demo.seed.repositories["us-east-1"])
    repository = next(name for name in repositories if name.startswith("team-a/"))
    import_dialog.form.repository.setText(repository)
    _run(loop, import_dialog.load_tags())
    tags = import_dialog.form.tag_names.stringList()
    assert tags
    import_dialog.form.tag.setText(tags[0])
    import_dialog.form.description.setText("Imported end to end")

    with qtbot.waitSignal(window.images_page.model.modelReset, timeout=5000):
        assert _run(loop, import_dialog.import_image()) is True

    assert window.images_page.model.rowCount() == 1
    image = window.images_page.model.image_at(0)
    assert (image.repository, image.default_tag) == (repository, tags[0])
    assert image.tags[0].digest.startswith("sha256:")
    assert window.images_page.stack.currentWidget() is window.images_page.table

    secret = reader.secret_access_key
    assert registry.id is not None
    stored = SecretStore().load(registry.id).secret  # the keyring selected by the fixture
    assert stored is not None and stored.reveal() == secret
    for file in tmp_path.glob("catalog.sqlite3*"):
        assert secret.encode() not in file.read_bytes(), file.name

    reopened = Catalog.open(tmp_path / "catalog.sqlite3")
    try:
        assert [(i.repository, i.description) for i in reopened.list_images()] == [
            (repository, "Imported end to end")
        ]
    finally:
        reopened.close()


def test_wrong_keys_are_said_to_be_refused(
    qtbot: QtBot, window: MainWindow, demo: DemoSession, loop: asyncio.AbstractEventLoop
) -> None:
    reader = demo.seed.user("ecr-reader")
    _import_dialog, add_dialog = _open_add_registry(window, qtbot)
    wrong_secret = reader.secret_access_key[:-4] + "AAAA"
    _fill_keys(add_dialog, demo.seed.registry_hosts[0], reader.access_key_id, wrong_secret)

    text = _test_connection(loop, add_dialog)

    assert "refused" in text.lower()
    assert "Traceback" not in text


def test_keys_without_ecr_permission_name_the_missing_permission(
    qtbot: QtBot, window: MainWindow, demo: DemoSession, loop: asyncio.AbstractEventLoop
) -> None:
    no_ecr = demo.seed.user("no-ecr")
    _import_dialog, add_dialog = _open_add_registry(window, qtbot)
    _fill_keys(
        add_dialog, demo.seed.registry_hosts[0], no_ecr.access_key_id, no_ecr.secret_access_key
    )

    text = _test_connection(loop, add_dialog)

    assert "ecr:GetAuthorizationToken" in text
    assert "Traceback" not in text
