"""One generated text (a policy, a values file, command lines) with a Copy button."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imagedesk.ui.style import Role, set_role


class SnippetView(QWidget):
    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setReadOnly(True)
        self.text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text_edit.setTabChangesFocus(True)  # Tab reaches Copy and the next control
        self.copy_button = QPushButton("&Copy")
        self.copy_button.clicked.connect(self.copy)
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        set_role(hint_label, Role.HINT)

        top = QHBoxLayout()
        top.addWidget(hint_label, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text_edit, 1)

    @property
    def text(self) -> str:
        return self.text_edit.toPlainText()

    def set_text(self, text: str, *, ready: bool = True) -> None:
        self.text_edit.setPlainText(text)
        self.copy_button.setEnabled(ready)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
