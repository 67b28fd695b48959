"""Helpers for tests and demos against a real v2 registry on 127.0.0.1. No Qt.

Importable from the app package because test folders are not packages; nothing
here is used by the running product.
"""
