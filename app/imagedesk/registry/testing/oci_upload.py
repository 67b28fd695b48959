"""A tiny OCI uploader: blob uploads and manifest PUTs, enough to seed a test registry.

The caller passes an ``httpx.Client`` already set up with the registry's
credentials and trust (``auth=``, ``verify=``); nothing here decides security.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from imagedesk.registry.generic.manifests import (
    DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST,
    OCI_INDEX,
    OCI_MANIFEST,
)

_LAYER_TYPES = {
    OCI_MANIFEST: "application/vnd.oci.image.layer.v1.tar+gzip",
    DOCKER_MANIFEST: "application/vnd.docker.image.rootfs.diff.tar.gzip",
}
_CONFIG_TYPES = {
    OCI_MANIFEST: "application/vnd.oci.image.config.v1+json",
    DOCKER_MANIFEST: "application/vnd.docker.container.image.v1+json",
}


class UploadError(RuntimeError):
    """The registry did not accept an upload step."""


@dataclass(frozen=True)
class Descriptor:
    media_type: str
    digest: str
    size: int

    def as_json(self) -> dict[str, object]:
        return {"mediaType": self.media_type, "digest": self.digest, "size": self.size}


@dataclass(frozen=True)
class PushedImage:
    repository: str
    tags: tuple[str, ...]
    manifest: Descriptor
    blobs: tuple[Descriptor, ...]  # config first, then layers; empty for an index

    @property
    def digest(self) -> str:
        return self.manifest.digest

    @property
    def image_size(self) -> int:
        """Config plus layers, the size the client reports for an image manifest."""
        return sum(blob.size for blob in self.blobs)


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def push_test_image(
    http: httpx.Client,
    base_url: str,
    repository: str,
    tags: Sequence[str],
    *,
    layer: bytes = b"image desk test layer",
    media_type: str = OCI_MANIFEST,
) -> PushedImage:
    """Upload a config and one layer, then PUT the manifest under every tag."""
    config_body = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": [digest_of(layer)]},
        }
    ).encode()
    config = upload_blob(http, base_url, repository, config_body, _CONFIG_TYPES[media_type])
    layer_blob = upload_blob(http, base_url, repository, layer, _LAYER_TYPES[media_type])

    document = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": config.as_json(),
        "layers": [layer_blob.as_json()],
    }
    manifest = put_manifest(http, base_url, repository, tags, document, media_type)
    return PushedImage(repository, tuple(tags), manifest, (config, layer_blob))


def push_index(
    http: httpx.Client,
    base_url: str,
    repository: str,
    tags: Sequence[str],
    images: Sequence[PushedImage],
    *,
    media_type: str = OCI_INDEX,
) -> PushedImage:
    """PUT an index (multi-platform image) naming ``images`` of the same repository."""
    entries = []
    for number, image in enumerate(images):
        entry = image.manifest.as_json()
        entry["platform"] = {"architecture": f"arch{number}", "os": "linux"}
        entries.append(entry)
    document = {"schemaVersion": 2, "mediaType": media_type, "manifests": entries}
    manifest = put_manifest(http, base_url, repository, tags, document, media_type)
    return PushedImage(repository, tuple(tags), manifest, ())


def push_copies(
    http: httpx.Client, base_url: str, source: PushedImage, repositories: Sequence[str]
) -> None:
    """Put ``source`` into each repository with cross-repository blob mounts (no data
    is re-sent), for seeding many repositories quickly."""
    document = {
        "schemaVersion": 2,
        "mediaType": source.manifest.media_type,
        "config": source.blobs[0].as_json(),
        "layers": [blob.as_json() for blob in source.blobs[1:]],
    }
    for repository in repositories:
        for blob in source.blobs:
            mount_blob(http, base_url, repository, blob.digest, source.repository)
        put_manifest(http, base_url, repository, source.tags, document, source.manifest.media_type)


def upload_blob(
    http: httpx.Client, base_url: str, repository: str, data: bytes, media_type: str
) -> Descriptor:
    """Monolithic upload: POST to open the session, PUT the bytes with their digest."""
    digest = digest_of(data)
    started = http.post(f"{base_url}/v2/{repository}/blobs/uploads/")
    _expect(started, 202, f"starting a blob upload to {repository}")

    location = httpx.URL(base_url).join(started.headers["location"])
    finished = http.put(
        location.copy_merge_params({"digest": digest}),
        content=data,
        headers={"Content-Type": "application/octet-stream"},
    )
    _expect(finished, 201, f"finishing a blob upload to {repository}")
    return Descriptor(media_type, digest, len(data))


def mount_blob(
    http: httpx.Client, base_url: str, repository: str, digest: str, source: str
) -> None:
    response = http.post(
        f"{base_url}/v2/{repository}/blobs/uploads/",
        params={"mount": digest, "from": source},
    )
    _expect(response, 201, f"mounting {digest} into {repository}")


def put_manifest(
    http: httpx.Client,
    base_url: str,
    repository: str,
    tags: Sequence[str],
    document: dict[str, object],
    media_type: str,
) -> Descriptor:
    body = json.dumps(document).encode()
    for tag in tags:
        response = http.put(
            f"{base_url}/v2/{repository}/manifests/{tag}",
            content=body,
            headers={"Content-Type": media_type},
        )
        _expect(response, 201, f"putting the manifest {repository}:{tag}")
    return Descriptor(media_type, digest_of(body), len(body))


def _expect(response: httpx.Response, status: int, what: str) -> None:
    if response.status_code != status:
        raise UploadError(f"{what}: HTTP {response.status_code} {response.text[:300]}")


__all__ = [
    "DOCKER_MANIFEST",
    "DOCKER_MANIFEST_LIST",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "Descriptor",
    "PushedImage",
    "UploadError",
    "push_copies",
    "push_index",
    "push_test_image",
]
