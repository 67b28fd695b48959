"""The audit log: one row per change, written in the same transaction as the change.

Only catalog values are ever written here; the catalog holds no secret, so neither
does the log.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from imagedesk.domain.models import AuditEntry
from imagedesk.store.rows import audit_from_row


def record(conn: sqlite3.Connection, what: str, old: object = "", new: object = "") -> None:
    conn.execute(
        "INSERT INTO audit (at, what, old, new) VALUES (?, ?, ?, ?)",
        (datetime.now(UTC).isoformat(), what, _text(old), _text(new)),
    )


def record_changes(
    conn: sqlite3.Connection, subject: str, old: dict[str, object], new: dict[str, object]
) -> None:
    """One entry per field whose value differs, e.g. ``registry "prod": host``."""
    for field, new_value in new.items():
        old_value = old.get(field)
        if old_value != new_value:
            record(conn, f"{subject}: {field}", old_value, new_value)


def entries(conn: sqlite3.Connection, filter_text: str = "") -> list[AuditEntry]:
    """Newest first; ``filter_text`` matches what, old or new, ignoring case."""
    needle = filter_text.strip().casefold()
    rows = conn.execute("SELECT * FROM audit ORDER BY id DESC").fetchall()
    found = [audit_from_row(row) for row in rows]
    if not needle:
        return found
    return [
        entry for entry in found if needle in f"{entry.what}\n{entry.old}\n{entry.new}".casefold()
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
