"""Real-looking image manifests (Docker v2 schema 2 and OCI), built deterministically.

Digests are sha256 of stable strings, so the same seed always yields the same
manifests and digests. The image digest is the sha256 of the manifest text, as
in a real registry; the seed passes it to ``put_image`` explicitly because moto
would otherwise derive it from the layer digests alone.

moto quirk for the ECR backend developer: ``imageSizeInBytes`` in
``DescribeImages`` is the *config* blob's size from the manifest (moto 5.2.5,
``ecr/models.py`` ``get_image_size_in_bytes``), not the sum of the layers as in
real ECR. The seed therefore writes the image's total size as the config size, so
the demo shows believable sizes; a real config blob is a few kilobytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


@dataclass(frozen=True)
class BuiltManifest:
    """A manifest ready for ``put_image``."""

    text: str
    media_type: str
    digest: str
    size_bytes: int


def sha256_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_manifest(repository: str, build: str, *, oci: bool = False) -> BuiltManifest:
    """A manifest for one build of ``repository``; ``build`` makes it unique.

    Layer count and sizes vary with the repository name and build, between 3 and
    7 layers and a few megabytes to a few hundred megabytes in total.
    """
    seed = int(hashlib.sha256(f"{repository}@{build}".encode()).hexdigest()[:8], 16)
    layer_count = 3 + seed % 5
    layer_sizes = [_layer_size(seed, index) for index in range(layer_count)]

    media_type, config_type, layer_type = (
        (OCI_MANIFEST, OCI_CONFIG, OCI_LAYER)
        if oci
        else (DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER)
    )
    total_size = sum(layer_sizes)
    document = {
        "schemaVersion": 2,
        "mediaType": media_type,
        "config": {
            "mediaType": config_type,
            "size": total_size,
            "digest": sha256_digest(f"config:{repository}:{build}"),
        },
        "layers": [
            {
                "mediaType": layer_type,
                "size": size,
                "digest": sha256_digest(f"layer:{repository}:{build}:{index}"),
            }
            for index, size in enumerate(layer_sizes)
        ],
    }

    text = json.dumps(document, indent=3)
    return BuiltManifest(
        text=text, media_type=media_type, digest=sha256_digest(text), size_bytes=total_size
    )


def _layer_size(seed: int, index: int) -> int:
    """Base layers are large, later ones small, as in typical images."""
    spread = (seed >> (index * 3)) % 97 + 1
    if index == 0:
        return 20_000_000 + spread * 600_000
    return 40_000 + spread * 90_000
