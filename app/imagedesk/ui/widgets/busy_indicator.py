"""A thin "working…" bar with a line of text, shown while background work runs."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from imagedesk.ui.style import Role, set_role


class BusyIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setFixedWidth(90)
        self._bar.setFixedHeight(10)
        self._text = QLabel()
        set_role(self._text, Role.HINT)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._bar)
        layout.addWidget(self._text, 1)
        self._bar.hide()
        self.hide()  # takes no room until there is something to say

    @property
    def busy(self) -> bool:
        return not self._bar.isHidden()

    @property
    def text(self) -> str:
        return self._text.text()

    def start(self, text: str) -> None:
        self._text.setText(text)
        self._bar.show()
        self.show()

    def stop(self, text: str = "") -> None:
        """Hide the bar, leaving ``text`` (e.g. "40 repositories, listed just now")."""
        self._text.setText(text)
        self._bar.hide()
        self.setVisible(bool(text))
