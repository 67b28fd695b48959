"""Starts Debian's ``docker-registry`` (the real distribution registry) on 127.0.0.1.

Open, with htpasswd Basic auth, and/or with TLS; storage in a folder the caller
owns. Used by tests only: it listens on loopback and nowhere else.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

BINARY_NAMES = ("docker-registry", "registry")
START_TIMEOUT = 10.0  # seconds
_ATTEMPTS = 3  # a free port can be taken between choosing it and the registry binding it


class RegistryServerError(RuntimeError):
    """The registry binary is missing or did not start."""


@dataclass(frozen=True)
class ServerOptions:
    htpasswd_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    # An ``auth:`` section written by the caller (e.g. TokenServer.registry_auth_yaml()).
    auth_yaml: tuple[str, ...] = ()


@dataclass
class RegistryServer:
    """A running registry; :meth:`stop` ends it (the process is ours alone)."""

    host: str  # "127.0.0.1:PORT", as an admin would type it
    tls: bool
    storage: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    log_file: Path = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_text(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""


def find_registry_binary() -> str | None:
    """The distribution registry's path, or None when it is not installed."""
    for name in BINARY_NAMES:
        path = shutil.which(name) or shutil.which(name, path="/usr/bin:/usr/sbin")
        if path:
            return path
    return None


def start_registry(folder: Path, options: ServerOptions | None = None) -> RegistryServer:
    """Start a registry storing into ``folder / "storage"`` and wait until it listens."""
    binary = find_registry_binary()
    if binary is None:
        raise RegistryServerError("docker-registry is not installed (Debian: docker-registry)")

    options = options or ServerOptions()
    for attempt in range(1, _ATTEMPTS + 1):
        port = _free_loopback_port()
        config = _write_config(folder, port, options)
        log_file = folder / f"registry-{port}.log"
        with log_file.open("wb") as log:
            process = subprocess.Popen(
                [binary, "serve", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        server = RegistryServer(
            host=f"127.0.0.1:{port}",
            tls=options.cert_file is not None,
            storage=folder / "storage",
            process=process,
            log_file=log_file,
        )
        if _wait_listening(server):
            logger.debug("docker-registry listens on %s (attempt %d)", server.host, attempt)
            return server
        server.stop()

    raise RegistryServerError(f"docker-registry did not start:\n{server.log_text()[-2000:]}")


def _write_config(folder: Path, port: int, options: ServerOptions) -> Path:
    storage = folder / "storage"
    storage.mkdir(parents=True, exist_ok=True)
    lines = [
        "version: 0.1",
        "log:",
        "  level: error",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {_yaml_string(storage)}",
        "  delete:",
        "    enabled: true",
        "http:",
        f"  addr: 127.0.0.1:{port}",
        "  secret: image-desk-test-only",
    ]
    if options.cert_file is not None and options.key_file is not None:
        lines += [
            "  tls:",
            f"    certificate: {_yaml_string(options.cert_file)}",
            f"    key: {_yaml_string(options.key_file)}",
        ]
    if options.htpasswd_file is not None:
        lines += [
            "auth:",
            "  htpasswd:",
            "    realm: image-desk-test",
            f"    path: {_yaml_string(options.htpasswd_file)}",
        ]
    lines += options.auth_yaml

    config = folder / f"config-{port}.yml"
    config.write_text("\n".join(lines) + "\n")
    return config


def _yaml_string(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_listening(server: RegistryServer) -> bool:
    port = int(server.host.rsplit(":", 1)[1])
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
