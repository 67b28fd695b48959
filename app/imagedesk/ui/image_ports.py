"""The catalog calls the image pages and dialogs make beyond ``AppCatalog``.

``AppContext.catalog`` is typed with the calls the registry UI needs; the image
editor, the tags panel and the audit page need more. The real ``Catalog`` has them
all; :func:`image_catalog` checks that and gives them a typed name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from imagedesk.domain.models import AuditEntry, Image, ImageTag
from imagedesk.ui.context import AppCatalog, AppContext


@runtime_checkable
class ImageCatalog(AppCatalog, Protocol):
    def get_image(self, image_id: int) -> Image: ...

    def update_image(self, image: Image) -> Image: ...

    def add_tag(self, image_id: int, tag: ImageTag) -> ImageTag: ...

    def set_default_tag(self, image_id: int, tag: str) -> None: ...

    def deprecate_tag(self, image_id: int, tag: str, deprecated: bool = True) -> None: ...

    def remove_tag(self, image_id: int, tag: str) -> None: ...

    def set_image_deprecated(self, image_id: int, deprecated: bool) -> None: ...

    def update_tag_digest(
        self, image_id: int, tag: str, digest: str, pushed_at: datetime | None = None
    ) -> ImageTag: ...

    def acknowledge_tag_move(self, image_id: int, tag: str) -> None: ...

    def list_audit(self, filter_text: str = "") -> list[AuditEntry]: ...


def image_catalog(context: AppContext) -> ImageCatalog:
    """The context's catalog as an :class:`ImageCatalog`.

    TODO: once ``AppCatalog`` in ui/context.py lists these calls, use it directly.
    """
    catalog = context.catalog
    if not isinstance(catalog, ImageCatalog):
        raise TypeError(f"{type(catalog).__name__} lacks the image calls of the catalog")
    return catalog
