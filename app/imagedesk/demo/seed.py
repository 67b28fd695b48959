"""Seeding the embedded endpoint with the demo account, and turning access control on.

What moto 5.2.5 answers once access control is on (checked by
``tests/demo/test_access_control.py``), for the ECR backend developer. Every
refusal is **HTTP 403 with an IAM-style XML body**, whatever the service:

    <ErrorResponse><Errors><Error><Code>CODE</Code><Message>TEXT</Message>
    <Type>Sender</Type></Error></Errors></ErrorResponse>

For ECR (a JSON protocol) botocore cannot parse that body, so the
``ClientError`` has ``response["Error"] == {"Code": "403", "Message": <the whole
XML text>}`` and HTTP status 403: the real code must be read from the XML in
``Message``. For STS and IAM (XML protocols) botocore parses it and ``Code`` is
the AWS code. The codes:

* unknown access key id -> ``InvalidClientTokenId``, "The security token
  included in the request is invalid."
* known key, wrong secret -> ``SignatureDoesNotMatch``, "The request signature we
  calculated does not match the signature you provided. Check your AWS Secret
  Access Key and signing method. ..."
* valid keys without the permission -> ``AccessDenied`` (not ECR's
  ``AccessDeniedException``), "User: arn:aws:iam::123456789012:user/NAME is not
  authorized to perform: ecr:ACTION".
* ``sts:GetCallerIdentity`` is always allowed for valid keys.

Real ECR answers HTTP 400 with JSON codes instead (``AccessDeniedException``,
``UnrecognizedClientException``, ``InvalidSignatureException``), so a classifier
must accept both shapes.
"""

from __future__ import annotations

import logging
import time

from imagedesk.demo.ecr_seed import DEMO_REPOSITORIES, seed_ecr
from imagedesk.demo.iam_seed import seed_iam
from imagedesk.demo.seed_model import (
    DEMO_ACCOUNT_ID,
    DEMO_REGIONS,
    OIDC_ISSUER,
    DemoSeed,
    registry_host,
)
from imagedesk.demo.server import DemoServer, post_moto_api

logger = logging.getLogger(__name__)


def seed_demo(endpoint_url: str) -> DemoSeed:
    """Create the demo account's ECR repositories, images, IAM users and IRSA roles.

    Must run before :func:`enable_access_control`, while moto accepts any key.
    """
    started = time.perf_counter()

    users, roles, provider_arn = seed_iam(endpoint_url)
    images = seed_ecr(endpoint_url)

    seed = DemoSeed(
        account_id=DEMO_ACCOUNT_ID,
        registry_hosts=tuple(registry_host(region) for region in DEMO_REGIONS),
        repositories=dict(DEMO_REPOSITORIES),
        images=images,
        users=users,
        roles=roles,
        oidc_issuer=OIDC_ISSUER,
        oidc_provider_arn=provider_arn,
        endpoint_url=endpoint_url,
    )
    logger.info(
        "Demo account seeded in %.2f s: %d repositories, %d images, %d users",
        time.perf_counter() - started,
        sum(len(names) for names in seed.repositories.values()),
        len(images),
        len(users),
    )
    return seed


def enable_access_control(endpoint_url: str) -> None:
    """Make the endpoint check signatures and IAM permissions on every later request.

    Process-wide in moto; prefer :meth:`DemoServer.enable_access_control`, which
    also restores the previous setting when the server stops.
    """
    server = DemoServer.current()
    if server is not None and server.endpoint_url == endpoint_url:
        server.enable_access_control()
        return

    post_moto_api(endpoint_url, "/moto-api/reset-auth", "0")
    logger.info("IAM access control is on at %s", endpoint_url)
