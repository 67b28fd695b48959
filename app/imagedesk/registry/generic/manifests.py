"""Manifest media types, and the digest and size read from a manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"

IMAGE_MANIFEST_TYPES = (OCI_MANIFEST, DOCKER_MANIFEST)
INDEX_TYPES = (OCI_INDEX, DOCKER_MANIFEST_LIST)
ACCEPT = ", ".join((*IMAGE_MANIFEST_TYPES, *INDEX_TYPES))


@dataclass(frozen=True)
class ManifestSummary:
    digest: str
    media_type: str
    # Config plus layers of an image manifest; None for an index (one per platform).
    size_bytes: int | None


def content_digest(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def summarize_manifest(body: bytes, media_type: str, digest: str = "") -> ManifestSummary:
    """Read a manifest body; ``media_type`` is the Content-Type, or the body's own field.

    Raises ValueError for a body that is not a JSON manifest.
    """
    document = json.loads(body)
    if not isinstance(document, dict):
        raise ValueError("a manifest is a JSON object")

    kind = _base_type(media_type) or str(document.get("mediaType", ""))
    if kind not in INDEX_TYPES and "manifests" in document:
        kind = kind or OCI_INDEX
    digest = digest or content_digest(body)

    if kind in INDEX_TYPES or "manifests" in document:
        return ManifestSummary(digest, kind, None)
    return ManifestSummary(digest, kind, image_size(document))


def image_size(document: dict[str, object]) -> int | None:
    """Bytes of the config and all layers, as a pull would download them (compressed)."""
    total = 0
    parts: list[object] = [document.get("config")]
    layers = document.get("layers")
    if isinstance(layers, list):
        parts.extend(layers)
    for part in parts:
        size = part.get("size") if isinstance(part, dict) else None
        if not isinstance(size, int):
            return None
        total += size
    return total


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()
