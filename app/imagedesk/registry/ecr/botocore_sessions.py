"""botocore sessions for ECR registries: one data loader shared by all, UTC timestamps.

Each registry keeps a boto3 session of its own (its own credentials and settings), but
the read-only data every session would otherwise load and parse again, the service
models, endpoint data and rule sets, is loaded once per process through
:class:`SharedDataLoader`. Timestamps in responses are parsed straight into UTC
(:func:`parse_utc_timestamp`) instead of botocore's local-time zone, which the app
would convert back to UTC anyway, item by item.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, SupportsIndex

import boto3
import botocore.session
from botocore.loaders import Loader
from botocore.utils import parse_timestamp

logger = logging.getLogger(__name__)


class SharedDataLoader(Loader):
    """botocore's data loader, made safe to share between sessions and threads.

    On its own, each botocore session builds a loader of its own and parses the service
    models, endpoint data and endpoint rule sets anew: about 27,000 objects and 70 ms per
    registry, alive as long as the registry's pooled client and walked by every full
    garbage collection. Sharing one loader brings a client down to a few thousand.

    botocore fills a loader's cache check-then-set and merges a model's "extras" into
    the freshly loaded dict in place, so two threads loading the same model at once
    could meet a half-merged dict. Here every loading method holds one lock; once the
    data is cached, that is an uncontended lock per call. ``boto3.Session`` appends its
    own data folder to the search paths of the loader it is given, once per session;
    :class:`_DistinctPaths` keeps a single copy so the list does not grow.

    TODO: a used client still holds about 4,000 objects of its own (its copy of the
    session's event handlers, endpoint rules, operation models); with dozens of
    registries, registries with static keys could share one botocore session and pass
    their keys per client.
    """

    def __init__(self, extra_search_paths: Iterable[str] = ()) -> None:
        super().__init__(extra_search_paths=_DistinctPaths(extra_search_paths))
        self._lock = threading.RLock()

    def list_available_services(self, type_name: str) -> list[str]:
        with self._lock:
            return super().list_available_services(type_name)

    def determine_latest_version(self, service_name: str, type_name: str) -> str:
        with self._lock:
            return super().determine_latest_version(service_name, type_name)

    def list_api_versions(self, service_name: str, type_name: str) -> list[str]:
        with self._lock:
            return super().list_api_versions(service_name, type_name)

    def load_data_with_path(self, name: str) -> tuple[dict[str, Any], str]:
        with self._lock:
            return super().load_data_with_path(name)

    def load_service_model(
        self, service_name: str, type_name: str, api_version: Any | None = None
    ) -> Any:
        with self._lock:
            return super().load_service_model(service_name, type_name, api_version)


class _DistinctPaths(list[str]):
    """A search path list that ignores a path it already holds."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)

    def extend(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.append(path)

    def insert(self, index: SupportsIndex, path: str) -> None:
        if path not in self:
            super().insert(index, path)


_shared_loaders: dict[str | None, SharedDataLoader] = {}
_shared_loaders_lock = threading.Lock()


def shared_data_loader(data_path: str | None = None) -> SharedDataLoader:
    """The process's loader for botocore's ``data_path`` setting (``AWS_DATA_PATH``),
    which is normally unset: one loader in all."""
    with _shared_loaders_lock:
        loader = _shared_loaders.get(data_path)
        if loader is None:
            extra = [] if data_path is None else _expanded_paths(data_path)
            loader = _shared_loaders[data_path] = SharedDataLoader(extra)
        return loader


def _expanded_paths(data_path: str) -> list[str]:
    """The folders of a ``data_path`` string, read as botocore reads them."""
    return [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)]


def botocore_session(profile: str | None = None) -> botocore.session.Session:
    """A fresh botocore session (its own credentials and settings) on the shared loader,
    parsing timestamps into UTC."""
    core = botocore.session.Session(profile=profile)
    data_path = core.get_config_variable("data_path")
    core.register_component("data_loader", shared_data_loader(data_path or None))
    parsers = core.get_component("response_parser_factory")
    parsers.set_parser_defaults(timestamp_parser=parse_utc_timestamp)
    return core


def new_session(
    region: str,
    *,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    session_token: str | None = None,
) -> boto3.Session:
    """A boto3 session of its own for one registry, on the shared data loader."""
    return boto3.Session(
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        aws_session_token=session_token,
        region_name=region,
        botocore_session=botocore_session(),
    )


def parse_utc_timestamp(value: Any) -> datetime:
    """A response timestamp as an aware UTC datetime.

    JSON protocols (ECR) send seconds since the epoch: converted directly, which costs a
    fraction of botocore's default route through dateutil's local zone (a third of the
    parsing time of a 10,000-repository listing). Text forms (STS sends ISO 8601) and
    anything out of range go through botocore's own parser, then to UTC.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            logger.debug("timestamp %r out of the platform's range", value)
    return parse_timestamp(value).astimezone(UTC)


PRELOADED_SERVICES = ("ecr", "sts")


def preload_service_data(services: Iterable[str] = PRELOADED_SERVICES) -> None:
    """Load into the shared loader now what every client of ``services`` reads: the
    service model, its paginators, the endpoint rules and the endpoint data.

    The shared loader keeps these for the life of the process. Loaded at start-up, they
    join the objects the app sets aside from full garbage collections at start
    (``ui.ui_thread``) instead of being walked by every one of them. Building a
    client sends no request.
    """
    core = botocore_session()
    loader = core.get_component("data_loader")
    for service in services:
        model = core.create_client(service, region_name="us-east-1").meta.service_model
        loader.load_service_model(service, "paginators-1", model.api_version)
    logger.debug("botocore data of %s loaded", ", ".join(services))
