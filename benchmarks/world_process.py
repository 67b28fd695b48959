"""The benchmark's seeded AWS in a child process, so it never competes with the app.

moto's server, its seeding and the paging proxy are Python code too: run in the
benchmark's own process they take the GIL from the UI thread and from the listing
threads, and the figures would measure moto as much as the app. The child seeds
moto through its backend objects (no HTTP per record), starts the proxy, prints one
JSON line with both URLs and serves until its standard input closes.

Run as ``python -m benchmarks.world_process --repositories N --images M``; the
parent is :func:`benchmarks.setting.seeded_world`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading

from benchmarks.setting import IMAGES_REPOSITORY, make_safe_environment
from imagedesk.demo.paging_proxy import PagingProxy

logger = logging.getLogger(__name__)

Answer = tuple[int, list[tuple[str, str]], bytes]


class RememberingProxy(PagingProxy):
    """The paging proxy, remembering moto's whole answer to each listing request.

    moto takes about 0.7 s (on 2 cores) to serialise 10,000 repositories, and the
    demo's proxy asks it again for the first page of every listing. Real ECR
    answers a page in a few milliseconds; remembering the seeded, unchanging
    data makes the fixture closer to that, so that the timed runs (ours, bare
    boto3 and the AWS CLI alike) measure the clients rather than moto.
    """

    def __init__(self, upstream_url: str) -> None:
        super().__init__(upstream_url)
        self._answers: dict[tuple[str, str, bytes], Answer] = {}
        self._answers_lock = threading.Lock()

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        target = headers.get("X-Amz-Target", "")
        if not target.endswith(LISTING_OPERATIONS):
            return super().forward(method, path, headers, body)

        key = (target, path, body)
        with self._answers_lock:
            remembered = self._answers.get(key)
        if remembered is not None:
            return remembered

        answer = super().forward(method, path, headers, body)
        if answer[0] == 200:
            with self._answers_lock:
                self._answers[key] = answer
        return answer


LISTING_OPERATIONS = (".DescribeRepositories", ".DescribeImages", ".ListImages")


def serve(repositories: int, images: int) -> None:
    """Seed, announce the URLs on stdout, and serve until stdin reaches its end."""
    make_safe_environment()
    from imagedesk.demo.bulk_seed import seed_many_images, seed_many_repositories
    from imagedesk.demo.server import DemoServer

    server = DemoServer(purpose="test")
    moto_url = server.start()
    proxy = RememberingProxy(moto_url)
    try:
        seed_many_repositories(moto_url, repositories)
        seed_many_images(moto_url, IMAGES_REPOSITORY, images)
        proxy.start()
        print(json.dumps({"moto_url": moto_url, "proxy_url": proxy.url}), flush=True)
        sys.stdin.read()  # the parent closes our stdin when it is done (or dies)
    finally:
        proxy.stop()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.world_process")
    parser.add_argument("--repositories", type=int, required=True)
    parser.add_argument("--images", type=int, required=True)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING)
    serve(args.repositories, args.images)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
