"""The demo credentials panel lists each seeded user's keys with copy buttons."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from imagedesk.demo.seed_model import DemoSeed, DemoUser
from imagedesk.ui.demo_panel import DemoCredentialsPanel

READER = DemoUser("ecr-reader", "AKIAREADER0000000001", "r" * 40, "May read every repository.")
NO_ECR = DemoUser("no-ecr", "AKIANOECR00000000002", "n" * 40, "Has no ECR permission.")


def seed() -> DemoSeed:
    return DemoSeed(
        account_id="123456789012",
        registry_hosts=("123456789012.dkr.ecr.us-east-1.amazonaws.com",),
        repositories={},
        images=(),
        users=(READER, NO_ECR),
        roles=(),
        oidc_issuer="",
        oidc_provider_arn="",
    )


def test_each_user_has_its_keys_and_description(qtbot: QtBot) -> None:
    panel = DemoCredentialsPanel(seed())
    qtbot.addWidget(panel)

    assert [card.user_name for card in panel.cards] == ["ecr-reader", "no-ecr"]
    card = panel.card("no-ecr")
    assert card.key_edit.text() == "AKIANOECR00000000002"
    assert card.secret_edit.text() == "n" * 40
    assert card.description.text() == "Has no ECR permission."
    assert card.key_edit.isReadOnly()


def test_copy_puts_the_key_on_the_clipboard(qtbot: QtBot) -> None:
    panel = DemoCredentialsPanel(seed())
    qtbot.addWidget(panel)

    panel.card("ecr-reader").copy_secret.click()
    assert QGuiApplication.clipboard().text() == "r" * 40

    panel.card("ecr-reader").copy_key.click()
    assert QGuiApplication.clipboard().text() == "AKIAREADER0000000001"


def test_a_40_character_secret_shows_whole_in_a_420_px_panel(qtbot: QtBot, tmp_path: Path) -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    user = DemoUser("ecr-reader", "AKIAIOSFODNN7EXAMPLE", secret, "May read every repository.")
    panel = DemoCredentialsPanel(replace(seed(), users=(user, NO_ECR)))
    qtbot.addWidget(panel)

    assert panel.minimumSizeHint().width() <= 420
    panel.resize(420, 640)
    panel.show()
    qtbot.waitExposed(panel)

    edit = panel.card("ecr-reader").secret_edit
    text_room = edit.contentsRect().width() - 2 * edit.textMargins().left()
    assert len(secret) == 40
    assert edit.fontMetrics().horizontalAdvance(secret) <= text_room
    assert panel.card("ecr-reader").copy_secret.geometry().right() < 420
    panel.grab().save(str(tmp_path / "demo-panel.png"))
