"""Helpers for the tests of the tester's registry defects: answering message boxes
and a demo session stand-in.

Imported by the test modules of this folder (pytest puts the folder on sys.path).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from imagedesk.demo.seed_model import DemoSeed, DemoUser

DEMO_ENDPOINT = "http://127.0.0.1:34857"
DEMO_USERS = (
    DemoUser("ecr-reader", "AKIAIOSFODNN7READER1", "R" * 40, "May read every repository."),
    DemoUser("ecr-team-a", "AKIAIOSFODNN7TEAMA01", "T" * 40, "May read team-a/* only."),
)


@dataclass
class AnsweredBoxes:
    """The texts of the message boxes answered so far."""

    texts: list[str] = field(default_factory=list)


def answer_next_box(button_text: str) -> AnsweredBoxes:
    """Click ``button_text`` in the next modal message box, recording its text.

    The box runs its own event loop; the zero timer fires inside it.
    """
    answered = AnsweredBoxes()

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        answered.texts.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, answer)
    return answered


class FakeDemo:
    """The DemoPort of a running demo, without the embedded server."""

    def __init__(self, endpoint_url: str = DEMO_ENDPOINT) -> None:
        self._endpoint_url = endpoint_url
        self._seed = DemoSeed(
            account_id="123456789012",
            registry_hosts=("123456789012.dkr.ecr.us-east-1.amazonaws.com",),
            repositories={},
            images=(),
            users=DEMO_USERS,
            roles=(),
            oidc_issuer="",
            oidc_provider_arn="",
            endpoint_url=endpoint_url,
        )

    @property
    def endpoint_url(self) -> str:
        return self._endpoint_url

    @property
    def seed(self) -> DemoSeed:
        return self._seed

    def stop(self) -> None:
        return None
