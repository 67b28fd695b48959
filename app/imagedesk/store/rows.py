"""Conversions between catalog rows and domain records."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from imagedesk.domain.models import (
    AuditEntry,
    AuthMethod,
    Image,
    ImageTag,
    Registry,
    RegistryKind,
    Resources,
    TestResult,
)


def to_text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def registry_from_row(row: sqlite3.Row) -> Registry:
    last_test = None
    if row["last_test_at"]:
        last_test = TestResult(
            at=datetime.fromisoformat(row["last_test_at"]),
            ok=bool(row["last_test_ok"]),
            summary=row["last_test_summary"] or "",
        )
    return Registry(
        id=row["id"],
        name=row["name"],
        host=row["host"],
        kind=RegistryKind(row["kind"]),
        auth=AuthMethod(row["auth"]),
        username=row["username"],
        role_arn=row["role_arn"],
        web_identity_token_file=row["web_identity_token_file"],
        profile=row["profile"],
        scope=tuple(json.loads(row["scope"])),
        ca_file=row["ca_file"],
        insecure=bool(row["insecure"]),
        endpoint_url=row["endpoint_url"],
        last_test=last_test,
    )


def registry_columns(registry: Registry) -> dict[str, object]:
    """The columns an add or an edit writes (the last test is written on its own)."""
    return {
        "name": registry.name,
        "host": registry.host,
        "kind": registry.kind.value,
        "auth": registry.auth.value,
        "username": registry.username,
        "role_arn": registry.role_arn,
        "web_identity_token_file": registry.web_identity_token_file,
        "profile": registry.profile,
        "scope": json.dumps(list(registry.scope)),
        "ca_file": registry.ca_file,
        "insecure": int(registry.insecure),
        "endpoint_url": registry.endpoint_url,
    }


def tag_from_row(row: sqlite3.Row) -> ImageTag:
    return ImageTag(
        name=row["name"],
        digest=row["digest"],
        pushed_at=from_text(row["pushed_at"]),
        deprecated=bool(row["deprecated"]),
        previous_digest=row["previous_digest"],
        previous_pushed_at=from_text(row["previous_pushed_at"]),
    )


def image_from_row(row: sqlite3.Row, tags: tuple[ImageTag, ...]) -> Image:
    return Image(
        id=row["id"],
        registry_id=row["registry_id"],
        repository=row["repository"],
        default_tag=row["default_tag"],
        resources=Resources(
            cpu_cores=row["cpu_cores"], memory_gb=row["memory_gb"], disk_gb=row["disk_gb"]
        ),
        description=row["description"],
        source_url=row["source_url"],
        tags=tags,
        imported_at=from_text(row["imported_at"]),
        deprecated=bool(row["deprecated"]),
    )


def audit_from_row(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=datetime.fromisoformat(row["at"]),
        what=row["what"],
        old=row["old"],
        new=row["new"],
    )
