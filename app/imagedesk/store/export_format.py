"""The export file: a JSON document of registries and images, never secrets.

``{"format": "imagedesk-catalog", "version": 1, "registries": [...], "images": [...]}``
Images name their registry by its name, so a file moves between catalogs whose ids
differ. Reading checks the whole document first; any fault refuses all of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, ImportFileInvalid
from imagedesk.domain.models import AuthMethod, Image, ImageTag, Registry, RegistryKind, Resources
from imagedesk.domain.registry_entry import check_registry_entry
from imagedesk.domain.text import shorten

FORMAT_MARKER = "imagedesk-catalog"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024

_REGISTRY_TEXT_FIELDS = (
    "username",
    "role_arn",
    "web_identity_token_file",
    "profile",
    "ca_file",
)
# An endpoint override points AWS calls (signed with the registry's key) at another
# server: a local setting of the demo and tests, never exported and never imported.
ENDPOINT_FIELD = "endpoint_url"


@dataclass(frozen=True)
class ExportedImage:
    """An image as the file holds it: its registry by name, not by id."""

    registry_name: str
    image: Image  # registry_id is 0 until the import assigns it


@dataclass(frozen=True)
class Document:
    registries: tuple[Registry, ...]
    images: tuple[ExportedImage, ...]
    # Names of the registries whose endpoint override the file carried and was dropped.
    dropped_endpoints: tuple[str, ...] = ()


def to_json(registries: list[Registry], images: list[Image], exported_at: datetime) -> str:
    names = {registry.id: registry.name for registry in registries}
    document = {
        "format": FORMAT_MARKER,
        "version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "registries": [_registry_json(registry) for registry in registries],
        "images": [_image_json(image, names[image.registry_id]) for image in images],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse(data: bytes) -> Document:
    """The document in ``data``; ImportFileInvalid names the first fault found."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileInvalid("The file is too large to be an Image Desk export.")
    try:
        root = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFileInvalid(
            "The file is not valid JSON, so it is not an Image Desk export; nothing was imported.",
            details=str(error),
        ) from None

    if not isinstance(root, dict) or root.get("format") != FORMAT_MARKER:
        raise ImportFileInvalid()
    if root.get("version") != FORMAT_VERSION:
        raise ImportFileInvalid(
            f"The file uses export format version {shorten(repr(root.get('version')))}; "
            "this version of "
            f"Image Desk reads version {FORMAT_VERSION}. Nothing was imported."
        )

    try:
        registries = tuple(
            _registry(item, f"registries[{index}]")
            for index, item in enumerate(_list(root, "registries", "file"))
        )
        images = tuple(
            _image(item, f"images[{index}]")
            for index, item in enumerate(_list(root, "images", "file"))
        )
    except _Fault as fault:
        raise ImportFileInvalid(
            f"The file is damaged at {fault.where}: {fault.reason} Nothing was imported."
        ) from None

    _check_references(registries, images)
    dropped = tuple(
        registry.name
        for registry, item in zip(registries, _list(root, "registries", "file"), strict=True)
        if isinstance(item, dict) and item.get(ENDPOINT_FIELD)
    )
    return Document(registries=registries, images=images, dropped_endpoints=dropped)


class _Fault(Exception):
    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


def _check_references(registries: tuple[Registry, ...], images: tuple[ExportedImage, ...]) -> None:
    keys = [validation.name_key(registry.name) for registry in registries]
    if len(set(keys)) != len(keys):
        raise ImportFileInvalid("The file lists a registry name twice; nothing was imported.")
    for index, exported in enumerate(images):
        if validation.name_key(exported.registry_name) not in keys:
            raise ImportFileInvalid(
                f"The file is damaged at images[{index}]: its registry "
                f'"{shorten(exported.registry_name)}" is not in the file. Nothing was imported.'
            )


def _registry_json(registry: Registry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": registry.name,
        "host": registry.host,
        "kind": registry.kind.value,
        "auth": registry.auth.value,
    }
    item.update({field: getattr(registry, field) for field in _REGISTRY_TEXT_FIELDS})
    item["scope"] = list(registry.scope)
    item["insecure"] = registry.insecure
    return item


def _image_json(image: Image, registry_name: str) -> dict[str, Any]:
    return {
        "registry": registry_name,
        "repository": image.repository,
        "default_tag": image.default_tag,
        "description": image.description,
        "source_url": image.source_url,
        "resources": {
            "cpu_cores": image.resources.cpu_cores,
            "memory_gb": image.resources.memory_gb,
            "disk_gb": image.resources.disk_gb,
        },
        "deprecated": image.deprecated,
        "imported_at": image.imported_at.isoformat() if image.imported_at else None,
        "tags": [
            {
                "name": tag.name,
                "digest": tag.digest,
                "pushed_at": tag.pushed_at.isoformat() if tag.pushed_at else None,
                "deprecated": tag.deprecated,
            }
            for tag in image.tags
        ],
    }


def _registry(item: object, where: str) -> Registry:
    """One registry of the file, checked with the Add Registry dialog's rules.

    Its endpoint override, if any, is left out (see :data:`ENDPOINT_FIELD`).
    """
    text = _TextReader(item, where)
    try:
        registry = Registry(
            name=text.required("name"),
            host=text.required("host"),
            kind=RegistryKind(text.required("kind")),
            auth=AuthMethod(text.required("auth")),
            scope=tuple(_str_list(text.item.get("scope", []), f"{where}.scope")),
            insecure=_bool(text.item.get("insecure", False), f"{where}.insecure"),
            username=text.optional("username"),
            role_arn=text.optional("role_arn"),
            web_identity_token_file=text.optional("web_identity_token_file"),
            profile=text.optional("profile"),
            ca_file=text.optional("ca_file"),
        )
    except ValueError as error:
        raise _Fault(where, f"{shorten(str(error))}.") from None
    text.optional(ENDPOINT_FIELD)  # must still be text when present
    return _field_value(where, lambda: check_registry_entry(registry))


def _image(item: object, where: str) -> ExportedImage:
    text = _TextReader(item, where)
    resources = _TextReader(text.item.get("resources"), f"{where}.resources").item
    tags = tuple(
        _tag(tag, f"{where}.tags[{index}]")
        for index, tag in enumerate(_list(text.item, "tags", where))
    )
    image = Image(
        registry_id=0,
        repository=_field(where, lambda: validation.repository_name(text.required("repository"))),
        default_tag=_field(where, lambda: validation.tag_name(text.required("default_tag"))),
        description=_field(where, lambda: validation.description(text.optional("description"))),
        source_url=_field(where, lambda: validation.source_url(text.optional("source_url"))),
        resources=Resources(
            cpu_cores=_number(where, validation.cpu_cores, resources.get("cpu_cores")),
            memory_gb=_number(where, validation.memory_gb, resources.get("memory_gb")),
            disk_gb=_number(where, validation.disk_gb, resources.get("disk_gb")),
        ),
        deprecated=_bool(text.item.get("deprecated", False), f"{where}.deprecated"),
        imported_at=_moment(text.item.get("imported_at"), f"{where}.imported_at"),
        tags=tags,
    )
    return ExportedImage(registry_name=text.required("registry"), image=image)


def _tag(item: object, where: str) -> ImageTag:
    text = _TextReader(item, where)
    return ImageTag(
        name=_field(where, lambda: validation.tag_name(text.required("name"))),
        digest=text.optional("digest"),
        pushed_at=_moment(text.item.get("pushed_at"), f"{where}.pushed_at"),
        deprecated=_bool(text.item.get("deprecated", False), f"{where}.deprecated"),
    )


class _TextReader:
    """Reads the text fields of one JSON object, naming where a fault is."""

    def __init__(self, item: object, where: str) -> None:
        if not isinstance(item, dict):
            raise _Fault(where, "an object was expected.")
        self.item: dict[str, Any] = item
        self.where = where

    def required(self, key: str) -> str:
        value = self.item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise _Fault(f"{self.where}.{key}", "text is required here.")
        return value

    def optional(self, key: str) -> str:
        value = self.item.get(key, "")
        if not isinstance(value, str):
            raise _Fault(f"{self.where}.{key}", "text was expected.")
        return value


def _field(where: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except FieldError as error:
        raise _Fault(f"{where}.{error.field}", error.message) from None


def _field_value(where: str, check: Callable[[], Registry]) -> Registry:
    try:
        return check()
    except FieldError as error:
        raise _Fault(f"{where}.{error.field}", error.message) from None


def _number(where: str, check: Callable[[float], float], value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _Fault(f"{where}.resources", "a number was expected.")
    try:
        return check(float(value))
    except FieldError as error:
        raise _Fault(f"{where}.resources.{error.field}", error.message) from None


def _list(item: dict[str, Any], key: str, where: str) -> list[object]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise _Fault(f"{where}.{key}", "a list was expected.")
    return value


def _str_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise _Fault(where, "a list of text was expected.")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Fault(where, "true or false was expected.")
    return value


def _moment(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise _Fault(where, "a date and time (ISO 8601) was expected.") from None
