"""The embedded AWS endpoint: moto's ThreadedMotoServer on 127.0.0.1.

How moto 5.2.5 behaves, as far as this module depends on it:

* ``ThreadedMotoServer`` runs werkzeug in a daemon thread of *this* process. Its
  backends (ECR, IAM, STS data) are moto's process-wide ``BackendDict`` objects,
  the same ones ``mock_aws`` uses. So only one demo server may run per process,
  and a ``mock_aws`` started while the demo runs wipes the demo's data (it resets
  every backend on entry and exit). Tests that need both must not nest them.
* Port 0 asks the OS for a free port; ``get_host_and_port()`` tells which.
* IAM access control is a process-wide setting too
  (``moto.settings.INITIAL_NO_AUTH_ACTION_COUNT``, changed through
  ``POST /moto-api/reset-auth``). :meth:`DemoServer.stop` puts back the value it
  found, so access control does not leak into later in-process moto tests.
* The account of a request is the account that owns its access key, and
  ``123456789012`` (moto's default, and the demo's account) for unknown keys.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import threading
import urllib.request
from typing import TYPE_CHECKING, Any, ClassVar

from imagedesk.domain.errors import ImageDeskError

if TYPE_CHECKING:
    from moto.server import ThreadedMotoServer

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
_ADMIN_CALL_TIMEOUT_S = 10.0
# Loopback calls must never go through a proxy named in the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DemoPurpose(enum.StrEnum):
    """The only two reasons an embedded AWS endpoint may run."""

    DEMO = "demo"
    TEST = "test"


class DemoServerRefused(ImageDeskError):
    """The embedded endpoint was asked to start without a demo or test purpose."""


class DemoServer:
    """moto's server on a free loopback port, for ``imagedesk --demo`` and tests.

    ``purpose`` must be given explicitly as ``"demo"`` or ``"test"``; anything else
    is refused, so the fake AWS can never be switched on by accident.
    """

    _running: ClassVar[DemoServer | None] = None
    _running_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, *, purpose: str = "") -> None:
        try:
            self.purpose = DemoPurpose(purpose)
        except ValueError:
            raise DemoServerRefused(
                "The embedded AWS endpoint only runs for the demo or for tests "
                f"(purpose 'demo' or 'test'), not for purpose {purpose!r}."
            ) from None

        self._server: ThreadedMotoServer | None = None
        self._endpoint_url = ""
        self._previous_auth_count = ""

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT`` while running, ``""`` otherwise."""
        return self._endpoint_url

    @classmethod
    def current(cls) -> DemoServer | None:
        """The demo server running in this process, if any."""
        return cls._running

    def start(self) -> str:
        """Start the server and return its endpoint URL."""
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

        with DemoServer._running_lock:
            if DemoServer._running is not None:
                raise DemoServerRefused(
                    "An embedded AWS endpoint already runs in this process at "
                    f"{DemoServer._running.endpoint_url}; stop it first."
                )
            DemoServer._running = self

        try:
            self._start_moto()
        except BaseException:
            DemoServer._running = None
            raise

        logger.info("Embedded AWS endpoint for %s at %s", self.purpose, self._endpoint_url)
        return self._endpoint_url

    def stop(self) -> None:
        """Stop the server, drop its data and restore moto's access-control setting."""
        if self._server is None:
            return

        try:
            if self._previous_auth_count:
                self._post("/moto-api/reset-auth", self._previous_auth_count)
            self._post("/moto-api/reset", "")
        finally:
            self._server.stop()
            self._server = None
            logger.info("Embedded AWS endpoint at %s stopped", self._endpoint_url)
            self._endpoint_url = ""
            DemoServer._running = None

    def enable_access_control(self) -> None:
        """Make moto check every request's signature and IAM permissions from now on."""
        answer = self._post("/moto-api/reset-auth", "0")
        if not self._previous_auth_count:
            self._previous_auth_count = str(answer["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"])
        logger.info("IAM access control is on at %s", self._endpoint_url)

    def _start_moto(self) -> None:
        # Imported here: moto takes about a second to import and only the demo needs it.
        from moto.server import ThreadedMotoServer

        route_server_logging()
        server = ThreadedMotoServer(ip_address=LOOPBACK, port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        self._server = server
        self._endpoint_url = f"http://{host}:{port}"

        # Start from an empty account even if an earlier in-process moto use left data.
        self._post("/moto-api/reset", "")

    def _post(self, path: str, body: str) -> dict[str, Any]:
        return post_moto_api(self._endpoint_url, path, body)


# The embedded server's own loggers: werkzeug prints each request and, when a moto
# handler fails, a traceback; moto logs its internals.
SERVER_LOGGERS = ("werkzeug", "moto")
SERVER_LOG_NAME = "imagedesk.demo.server.http"


class _DebugLevelRelay(logging.Handler):
    """Passes a server log record on at debug level under :data:`SERVER_LOG_NAME`.

    Whatever the server reports (a request line, a handler traceback), it is the
    demo's internals: the log file keeps it, the terminal and the warning-level
    console handler never see it.
    """

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = f"[{record.name}] {record.msg}"
        record.name = SERVER_LOG_NAME
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        target = logging.getLogger(SERVER_LOG_NAME)
        if target.isEnabledFor(logging.DEBUG):
            target.handle(record)


def route_server_logging() -> None:
    """Send werkzeug's and moto's records to the app log at debug level, never to stderr.

    werkzeug adds its own stderr handler unless one is already set on its logger, so
    the relay is installed on each logger, which also stops propagating.
    """
    for name in SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        if any(isinstance(handler, _DebugLevelRelay) for handler in server_logger.handlers):
            continue
        for handler in list(server_logger.handlers):
            server_logger.removeHandler(handler)
        server_logger.addHandler(_DebugLevelRelay(logging.DEBUG))
        server_logger.setLevel(logging.INFO)
        server_logger.propagate = False


def post_moto_api(endpoint_url: str, path: str, body: str) -> dict[str, Any]:
    """POST to one of moto's ``/moto-api/`` administration URLs on a loopback endpoint."""
    if not endpoint_url.startswith(f"http://{LOOPBACK}:"):
        raise DemoServerRefused(
            f"moto administration calls go only to {LOOPBACK}, not to {endpoint_url!r}."
        )

    request = urllib.request.Request(
        endpoint_url + path,
        data=body.encode("utf-8"),
        headers={"Content-Type": "text/plain"},  # a form type would hide the body from moto
        method="POST",
    )
    with _NO_PROXY_OPENER.open(request, timeout=_ADMIN_CALL_TIMEOUT_S) as response:
        answer: dict[str, Any] = json.loads(response.read() or b"{}")
    return answer
