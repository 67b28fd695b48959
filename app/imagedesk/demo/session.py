"""One demo run: the embedded endpoint, seeded and locked down, plus a throw-away data folder.

``imagedesk --demo`` starts one and stops it at exit; end-to-end tests use
:func:`imagedesk.demo.testing.running_demo`. Measured on the 2-core development
machine, :meth:`DemoSession.start` takes 1.6 to 1.8 s (2.5 s the first time in a process,
while moto loads its ECR and IAM modules); :meth:`DemoSession.stop` 0.5 s (the
server's shutdown poll interval).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType

from imagedesk.demo.seed import seed_demo
from imagedesk.demo.seed_model import DemoSeed
from imagedesk.demo.server import DemoServer
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind
from imagedesk.store.memory_keyring import MemoryKeyring

logger = logging.getLogger(__name__)


class DemoSession:
    """A running, seeded embedded AWS with IAM access control on.

    Attributes: ``endpoint_url`` (``http://127.0.0.1:PORT``), ``data_dir`` (a
    temporary folder for the catalog, removed by :meth:`stop`), ``seed`` (what
    was created) and ``start_seconds`` (how long :meth:`start` took).
    """

    def __init__(
        self, server: DemoServer, seed: DemoSeed, data_dir: Path, start_seconds: float
    ) -> None:
        self._server = server
        self.seed = seed
        self.endpoint_url = server.endpoint_url
        self.data_dir = data_dir
        self.start_seconds = start_seconds

    @classmethod
    def start(cls, *, purpose: str = "demo") -> DemoSession:
        """Start the server, seed it, turn access control on and make a data folder."""
        started = time.perf_counter()
        server = DemoServer(purpose=purpose)
        endpoint_url = server.start()

        try:
            seed = seed_demo(endpoint_url)
            server.enable_access_control()
        except BaseException:
            server.stop()
            raise

        data_dir = Path(tempfile.mkdtemp(prefix="imagedesk-demo-"))
        elapsed = time.perf_counter() - started
        logger.info("Demo ready in %.2f s, data folder %s", elapsed, data_dir)
        return cls(server, seed, data_dir, elapsed)

    def stop(self) -> None:
        """Stop the endpoint (its data goes with it) and remove the data folder."""
        self._server.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        logger.info("Demo stopped; removed %s", self.data_dir)

    @property
    def running(self) -> bool:
        return bool(self._server.endpoint_url)

    @staticmethod
    def keyring_backend() -> MemoryKeyring:
        """A fresh in-memory keyring, so the demo never touches the user's keyring."""
        return MemoryKeyring()

    def __enter__(self) -> DemoSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def demo_registries(seed: DemoSeed) -> list[Registry]:
    """Registry entries the Add Registry dialog may offer to pre-fill in the demo.

    Suggestions only: nothing is written to the catalog. The access key id is the
    ``ecr-reader`` user's (``scoped-reader``'s for the scoped entry); the secret
    must still be typed or pasted from the demo credentials panel.
    """
    reader = seed.user("ecr-reader")
    suggestions = [
        Registry(
            name=f"Demo ECR {host.split('.')[3]}",
            host=host,
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username=reader.access_key_id,
            endpoint_url=seed.endpoint_url,
        )
        for host in seed.registry_hosts
    ]

    scoped = seed.user("scoped-reader")
    suggestions.append(
        Registry(
            name="Demo ECR team-a only",
            host=seed.registry_hosts[0],
            kind=RegistryKind.ECR,
            auth=AuthMethod.KEYS,
            username=scoped.access_key_id,
            scope=("team-a/*",),
            endpoint_url=seed.endpoint_url,
        )
    )
    return suggestions
