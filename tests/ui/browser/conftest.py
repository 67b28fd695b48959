"""A context whose registry clients are the paging fake, and a saved ECR registry."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from browser_fakes import PagingRegistry

from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.context import AppContext


@pytest.fixture
def paging() -> PagingRegistry:
    return PagingRegistry()


@pytest.fixture
def browser_context(
    qasync_loop: asyncio.AbstractEventLoop,
    run_async: Any,
    ui_catalog: Catalog,
    memory_keyring: MemoryKeyring,
    paging: PagingRegistry,
) -> Iterator[AppContext]:
    context = AppContext.build(
        ui_catalog, SecretStore(), loop=qasync_loop, client_factory=paging.factory
    )
    yield context
    paging.release.set()
    qasync_loop.run_until_complete(context.jobs.shutdown(timeout=5))


@pytest.fixture
def registry(ui_catalog: Catalog) -> Registry:
    return ui_catalog.add_registry(
        Registry(
            name="Prod ECR",
            host="123456789012.dkr.ecr.us-east-1.amazonaws.com",
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username="AKIAIOSFODNN7EXAMPLE",
        )
    )
