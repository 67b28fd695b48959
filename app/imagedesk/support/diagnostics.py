"""The diagnostic bundle: one text a user can paste into a support request.

It gathers versions, the admin settings, each registry with its last connection test
and the recent log, then masks secrets, tokens and (when asked) AWS account ids. The
catalog never holds a secret, but the whole text still passes through the redactor
and through a mask of any secret values the caller knows, so nothing slips out.
"""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Protocol

from imagedesk import __version__
from imagedesk.domain.errors import StoreError
from imagedesk.domain.models import Registry, Settings
from imagedesk.support.redaction import mask_account_ids, mask_known, redact

logger = logging.getLogger(__name__)

DEFAULT_LOG_LINES = 200
_LOG_TAIL_BYTES = 256 * 1024
_PACKAGES = (
    "PySide6-Essentials",
    "PySide6",
    "shiboken6",
    "qasync",
    "boto3",
    "botocore",
    "moto",
    "keyring",
    "httpx",
    "platformdirs",
)


class DiagnosticsSource(Protocol):
    """The catalog calls the bundle needs."""

    def list_registries(self) -> list[Registry]: ...

    def load_settings(self) -> Settings: ...


@dataclass(frozen=True)
class BundleOptions:
    """What goes into the bundle besides the catalog."""

    log_files: Sequence[Path] = ()
    log_lines: int = DEFAULT_LOG_LINES
    mask_accounts: bool = False
    secrets_location: str = ""
    # Secret values the caller holds (typed in a form, say): masked wherever they appear.
    known_secrets: Iterable[str] = field(default=(), repr=False)


def gather_diagnostics(
    source: DiagnosticsSource, options: BundleOptions, *, now: datetime | None = None
) -> str:
    """The bundle text, already masked."""
    moment = now or datetime.now(UTC)
    sections = [
        f"Image Desk diagnostics, {moment.isoformat(timespec='seconds')}",
        _section("Versions", version_lines()),
        _section("Settings", _settings_lines(source, options)),
        _section("Registries", _registry_lines(source)),
        _section("Recent log", recent_log_lines(options.log_files, options.log_lines)),
    ]
    text = "\n\n".join(sections) + "\n"

    text = mask_known(redact(text), options.known_secrets)
    if options.mask_accounts:
        text = mask_account_ids(text)
    return text


def save_bundle(text: str, path: Path) -> None:
    """Write the bundle; a full disk or a folder that cannot be written is a StoreError."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StoreError(
            f"The diagnostics could not be saved to {path}. "
            "Choose another folder, or copy them instead.",
            details=f"{type(error).__name__}: {error.strerror or error}",
        ) from None
    logger.info("diagnostics saved to %s", path)


def current_log_files() -> list[Path]:
    """The files the root logger writes to (the rotating app log), newest first."""
    paths = []
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", None)
        if isinstance(name, str):
            paths.append(Path(name))
    return paths


def version_lines() -> list[str]:
    lines = [
        f"Image Desk {__version__}",
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})",
        f"Platform {platform.platform()}",
    ]
    for package in _PACKAGES:
        try:
            lines.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return lines


def recent_log_lines(log_files: Sequence[Path], count: int) -> list[str]:
    """The last ``count`` lines of the first readable log file."""
    for path in log_files:
        try:
            with path.open("rb") as stream:
                stream.seek(0, 2)
                size = stream.tell()
                stream.seek(max(0, size - _LOG_TAIL_BYTES))
                tail = stream.read().decode("utf-8", errors="replace")
        except OSError as error:
            logger.debug("log file %s not readable: %s", path, error)
            continue
        lines = tail.splitlines()
        if size > _LOG_TAIL_BYTES and lines:
            lines = lines[1:]  # the first line was cut in the middle
        return [f"({path.name})", *lines[-count:]] if lines else [f"({path.name} is empty)"]
    return ["(no log file)"]


def _settings_lines(source: DiagnosticsSource, options: BundleOptions) -> list[str]:
    settings = source.load_settings()
    lines = [
        f"ECR IAM Role Authentication: {'on' if settings.ecr_role_auth else 'off'}",
        f"Import Default Registry: {'on' if settings.import_default_registry else 'off'}",
    ]
    lines.extend(f"{key}: {value}" for key, value in sorted(settings.extra.items()))
    if options.secrets_location:
        lines.append(f"Secrets kept in: {options.secrets_location}")
    return lines


def _registry_lines(source: DiagnosticsSource) -> list[str]:
    registries = source.list_registries()
    if not registries:
        return ["(none)"]

    lines = []
    for registry in registries:
        lines.append(f"- {registry.name}: {registry.kind.label}, {registry.host}")
        details = {
            "auth": str(registry.auth),
            "user or key id": registry.username,
            "role": registry.role_arn,
            "web identity token file": registry.web_identity_token_file,
            "profile": registry.profile,
            "scope": ", ".join(registry.scope),
            "CA file": registry.ca_file,
            "TLS verification": "off" if registry.insecure else "",
            "endpoint": registry.endpoint_url,
        }
        lines.extend(f"    {label}: {value}" for label, value in details.items() if value)
        lines.append(f"    last test: {_last_test(registry)}")
    return lines


def _last_test(registry: Registry) -> str:
    result = registry.last_test
    if result is None:
        return "never"
    outcome = "passed" if result.ok else "failed"
    return f"{outcome} at {result.at.isoformat(timespec='seconds')}: {result.summary}"


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([f"== {title} ==", *lines])
