"""A loopback proxy in front of the embedded moto server.

moto ignores ``maxResults`` on the ECR listing calls and answers with every
item at once. This proxy serves those answers in pages as AWS does, so the
benchmarks and the fault tests exercise real pagination; it can also inject
faults (delays, error statuses, dropped connections) that a test controls.
It listens on 127.0.0.1 only and forwards only to the upstream it was given.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

_ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921."
# ECR listing operation -> the key of the item list in its answer
PAGED_OPERATIONS = {
    "DescribeRepositories": "repositories",
    "DescribeImages": "imageDetails",
    "ListImages": "imageIds",
}
_DEFAULT_PAGE = 100
_CACHE_SECONDS = 30.0


@dataclass
class FaultPlan:
    """What the proxy does to the next requests; changed by a test at any time."""

    delay_seconds: float = 0.0
    error_status: int | None = None  # answer this HTTP status instead of forwarding
    error_code: str = "InternalFailure"
    error_count: int = 0  # how many requests get ``error_status`` (0 = every one)
    drop_connection_after_pages: int | None = None  # close mid-listing after N pages
    pages_served: int = 0
    requests_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def clear(self) -> None:
        with self.lock:
            self.delay_seconds = 0.0
            self.error_status = None
            self.error_count = 0
            self.drop_connection_after_pages = None


class PagingProxy:
    """Serves ``upstream_url`` on a free loopback port with ECR pagination and faults."""

    def __init__(self, upstream_url: str, *, page_size_cap: int = 1000) -> None:
        upstream = urlsplit(upstream_url)
        if upstream.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the paging proxy forwards to a loopback upstream only")

        self.upstream_host = upstream.hostname
        self.upstream_port = upstream.port or 80
        self.page_size_cap = page_size_cap
        self.faults = FaultPlan()
        self._cache: dict[str, tuple[float, dict[str, Any]]] = {}
        self._cache_lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> str:
        self._thread.start()
        logger.info("paging proxy on %s for upstream port %s", self.url, self.upstream_port)
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- request handling ----------------------------------------------------------

    def forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def paged_answer(
        self, operation: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        """Fetch the whole listing once (cached briefly) and answer one page of it."""
        request = json.loads(body or b"{}")
        page_size = min(int(request.pop("maxResults", _DEFAULT_PAGE)), self.page_size_cap)
        offset = _decode_token(request.pop("nextToken", None))
        cache_key = f"{operation}:{json.dumps(request, sort_keys=True)}"

        whole = self._cached(cache_key) if offset else None
        if whole is None:
            status, _, raw = self.forward("POST", path, headers, json.dumps(request).encode())
            if status != 200:
                return status, raw
            whole = json.loads(raw)
            with self._cache_lock:
                self._cache[cache_key] = (time.monotonic(), whole)

        items = whole.get(PAGED_OPERATIONS[operation], [])
        page = dict(whole)
        page[PAGED_OPERATIONS[operation]] = items[offset : offset + page_size]
        page.pop("nextToken", None)
        if offset + page_size < len(items):
            page["nextToken"] = _encode_token(offset + page_size)
        return 200, json.dumps(page).encode()

    def _cached(self, key: str) -> dict[str, Any] | None:
        with self._cache_lock:
            entry = self._cache.get(key)
        if entry is None or time.monotonic() - entry[0] > _CACHE_SECONDS:
            return None
        return entry[1]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("proxy: " + format, *args)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                # http.client sets Host and Content-Length for the forwarded body itself.
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length")
                }

                if proxy.inject_fault(self):
                    return

                target = self.headers.get("X-Amz-Target", "")
                operation = target.removeprefix(_ECR_TARGET)
                if target.startswith(_ECR_TARGET) and operation in PAGED_OPERATIONS:
                    status, answer = proxy.paged_answer(operation, self.path, headers, body)
                    with proxy.faults.lock:
                        proxy.faults.pages_served += 1
                    self._reply(status, [("Content-Type", "application/x-amz-json-1.1")], answer)
                    return

                status, reply_headers, answer = proxy.forward(
                    self.command, self.path, headers, body
                )
                self._reply(status, reply_headers, answer)

            def _reply(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def inject_fault(self, handler: BaseHTTPRequestHandler) -> bool:
        """Apply the fault plan to one request; True when the request was answered."""
        plan = self.faults
        with plan.lock:
            plan.requests_seen += 1
            delay = plan.delay_seconds
            drop = (
                plan.drop_connection_after_pages is not None
                and plan.pages_served >= plan.drop_connection_after_pages
            )
            status = plan.error_status
            if status is not None and plan.error_count:
                plan.error_count -= 1
                if plan.error_count == 0:
                    plan.error_status = None

        if delay:
            time.sleep(delay)
        if drop:
            handler.close_connection = True
            handler.connection.close()
            return True
        if status is not None:
            body = json.dumps({"__type": plan.error_code, "message": "injected fault"}).encode()
            handler.send_response(status)
            handler.send_header("Content-Type", "application/x-amz-json-1.1")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return True
        return False


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_token(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        return 0
