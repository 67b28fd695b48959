"""Image Desk: desktop administration of container images and their registries."""

__version__ = "0.1.0"
