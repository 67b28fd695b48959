"""What the PyInstaller build runs: the ``imagedesk`` command, and a bundle self-check.

``imagedesk --bundle-selfcheck`` exists only in the frozen build. It proves that the
bundle carries what an installed package would have: the stylesheets and icons, Qt's
SVG support, boto3 and botocore with their data, and moto's server for the demo.
It talks only to a moto server it starts itself on 127.0.0.1, with fake credentials.
"""

from __future__ import annotations

import logging
import os
import sys

SELFCHECK_FLAG = "--bundle-selfcheck"
LOOPBACK = "127.0.0.1"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _check_look() -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from imagedesk.ui.icons import ICON_NAMES, icon
    from imagedesk.ui.style import Theme, apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    for theme in Theme:
        apply_style(app, theme)
    blank = [name for name in ICON_NAMES if icon(name).pixmap(QSize(32, 32)).isNull()]
    if blank:
        raise RuntimeError(f"icons did not render: {', '.join(blank)}")
    _say(f"look: Fusion, {len(Theme)} themes, {len(ICON_NAMES)} icons")


def _check_aws_demo_endpoint() -> None:
    # Never a real account: fake keys, no instance metadata, an explicit loopback URL.
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request
    server = ThreadedMotoServer(ip_address=LOOPBACK, port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        session = boto3.session.Session(region_name="us-east-1")
        ecr = session.client("ecr", endpoint_url=endpoint)
        ecr.create_repository(repositoryName="bundle/selfcheck")
        names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
        identity = session.client("sts", endpoint_url=endpoint).get_caller_identity()
        session.client("iam", endpoint_url=endpoint).list_roles()
    finally:
        server.stop()

    if names != ["bundle/selfcheck"]:
        raise RuntimeError(f"the demo endpoint listed {names!r}")
    _say(f"aws: moto on {LOOPBACK} answered ECR, STS ({identity['Account']}) and IAM")


def _selfcheck() -> int:
    from imagedesk.resources import resource_path

    missing = [
        str(path)
        for path in (resource_path("style", "base.qss"), resource_path("icons", "add.svg"))
        if not path.is_file()
    ]
    if missing:
        sys.stderr.write(f"bundle self-check: missing {', '.join(missing)}\n")
        return 1

    _check_look()
    _check_aws_demo_endpoint()
    _say("bundle self-check passed")
    return 0


def run() -> int:
    if sys.argv[1:] == [SELFCHECK_FLAG]:
        return _selfcheck()

    from imagedesk.cli.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
