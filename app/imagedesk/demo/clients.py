"""boto3 clients that can only ever talk to the embedded endpoint.

Every client gets explicit credentials (never the default chain, so no profile,
environment or instance-metadata lookup) and an ``endpoint_url`` on 127.0.0.1.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from botocore.config import Config

from imagedesk.demo.server import LOOPBACK, DemoServerRefused

# Keys the seeding uses before access control is on; moto accepts any key then.
SEEDER_ACCESS_KEY_ID = "AKIAIMAGEDESKSEEDER0"
SEEDER_SECRET_ACCESS_KEY = "imagedesk-demo-seeder-not-a-real-secret"

_CONFIG = Config(
    connect_timeout=5,
    read_timeout=30,
    retries={"max_attempts": 2, "mode": "standard"},
    max_pool_connections=16,
)


def demo_client(
    service: str,
    endpoint_url: str,
    *,
    region: str = "us-east-1",
    access_key_id: str = SEEDER_ACCESS_KEY_ID,
    secret_access_key: str = SEEDER_SECRET_ACCESS_KEY,
) -> Any:
    """A boto3 client for ``service`` bound to the loopback endpoint with explicit keys."""
    if not endpoint_url.startswith(f"http://{LOOPBACK}:"):
        raise DemoServerRefused(
            f"Demo clients only reach the embedded endpoint on {LOOPBACK}, not {endpoint_url!r}."
        )

    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    session = boto3.session.Session(
        aws_access_key_id=access_key_id,
        aws_secret_access_key=secret_access_key,
        region_name=region,
    )
    make_client: Any = session.client  # typed per service name; ours is a plain str
    return make_client(service, endpoint_url=endpoint_url, config=_CONFIG)
