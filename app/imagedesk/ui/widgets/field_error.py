"""The sentence under a form field saying what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from imagedesk.ui.style import Role, set_invalid, set_role


class FieldErrorLabel(QLabel):
    """Hidden while empty; :meth:`show_error` also marks ``field`` as invalid."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field
        set_role(self, Role.FIELD_ERROR)
        self.setWordWrap(True)
        self.hide()

    @property
    def message(self) -> str:
        return "" if self.isHidden() else self.text()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))
        set_invalid(self._field, bool(message))

    def clear_error(self) -> None:
        self.show_error("")
