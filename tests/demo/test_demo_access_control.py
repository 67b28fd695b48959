"""Each seeded user meets moto's access control as documented in ``demo/seed.py``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from imagedesk.demo.clients import demo_client
from imagedesk.demo.session import DemoSession


def _ecr_as(demo: DemoSession, name: str, *, secret: str = "") -> Any:
    user = demo.seed.user(name)
    return demo_client(
        "ecr",
        demo.endpoint_url,
        access_key_id=user.access_key_id,
        secret_access_key=secret or user.secret_access_key,
    )


def _refusal(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    """Status, AWS code (read from moto's XML body) and message of a refused ECR call."""
    with pytest.raises(ClientError) as caught:
        call(**kwargs)

    error = caught.value.response["Error"]
    status = caught.value.response["ResponseMetadata"]["HTTPStatusCode"]
    assert error["Code"] == "403"  # botocore cannot parse the XML body of a JSON service
    code = re.search(r"<Code>(.*?)</Code>", error["Message"])
    message = re.search(r"<Message>(.*?)</Message>", error["Message"])
    assert code is not None
    assert message is not None
    return status, code.group(1), message.group(1)


def test_reader_gets_a_token_and_lists_everything(demo: DemoSession) -> None:
    ecr = _ecr_as(demo, "ecr-reader")

    token = ecr.get_authorization_token()["authorizationData"][0]
    listed = ecr.describe_repositories()["repositories"]

    assert token["authorizationToken"]
    assert len(listed) == 30


def test_user_without_ecr_permission_is_denied_with_the_action(demo: DemoSession) -> None:
    ecr = _ecr_as(demo, "no-ecr")

    assert _refusal(ecr.get_authorization_token) == (
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/no-ecr is not authorized to perform: "
        "ecr:GetAuthorizationToken",
    )


def test_wrong_secret_is_refused(demo: DemoSession) -> None:
    ecr = _ecr_as(demo, "ecr-reader", secret="not-the-right-secret-0000000000000000000")

    status, code, message = _refusal(ecr.get_authorization_token)

    assert (status, code) == (403, "SignatureDoesNotMatch")
    assert "Secret Access Key" in message


def test_unknown_key_is_refused(demo: DemoSession) -> None:
    ecr = demo_client(
        "ecr",
        demo.endpoint_url,
        access_key_id="AKIAUNKNOWNKEY000000",
        secret_access_key="whatever-secret",
    )

    assert _refusal(ecr.describe_repositories) == (
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )


def test_token_only_user_can_log_in_but_not_list(demo: DemoSession) -> None:
    ecr = _ecr_as(demo, "token-only")

    assert ecr.get_authorization_token()["authorizationData"]
    assert _refusal(ecr.describe_repositories)[1] == "AccessDenied"
    assert _refusal(ecr.describe_images, repositoryName="team-a/api")[1] == "AccessDenied"


def test_scoped_reader_reads_named_repositories_but_cannot_list_all(demo: DemoSession) -> None:
    ecr = _ecr_as(demo, "scoped-reader")

    status, code, message = _refusal(ecr.describe_repositories)
    images = ecr.describe_images(repositoryName="team-a/api")["imageDetails"]
    tags = ecr.list_images(repositoryName="team-a/api")["imageIds"]

    assert (status, code) == (403, "AccessDenied")
    assert message.endswith("ecr:DescribeRepositories")
    assert len(images) == 5
    assert {"imageDigest", "imageTag"} <= set(tags[-1])


def test_admin_may_do_anything(demo: DemoSession) -> None:
    admin = demo.seed.user("admin")
    iam = demo_client(
        "iam",
        demo.endpoint_url,
        access_key_id=admin.access_key_id,
        secret_access_key=admin.secret_access_key,
    )

    assert len(iam.list_users()["Users"]) == 5
    assert _ecr_as(demo, "admin").describe_repositories()["repositories"]


def test_sts_refusals_are_parsed_by_botocore(demo: DemoSession) -> None:
    sts = demo_client(
        "sts",
        demo.endpoint_url,
        access_key_id="AKIAUNKNOWNKEY000000",
        secret_access_key="whatever-secret",
    )

    with pytest.raises(ClientError) as caught:
        sts.get_caller_identity()

    assert caught.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_every_user_may_ask_who_it_is(demo: DemoSession) -> None:
    for user in demo.seed.users:
        sts = demo_client(
            "sts",
            demo.endpoint_url,
            access_key_id=user.access_key_id,
            secret_access_key=user.secret_access_key,
        )
        identity = sts.get_caller_identity()

        assert identity["Arn"] == f"arn:aws:iam::123456789012:user/{user.name}"
