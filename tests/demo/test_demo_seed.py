"""The seeded ECR: namespaced repositories in two regions, tags, shared digests, untagged."""

from __future__ import annotations

from typing import Any

from imagedesk.demo.clients import demo_client
from imagedesk.demo.ecr_seed import UNTAGGED_IMAGE_AT, version_tags
from imagedesk.demo.manifests import DOCKER_MANIFEST, OCI_MANIFEST, sha256_digest
from imagedesk.demo.session import DemoSession


def _reader_ecr(demo: DemoSession, region: str) -> Any:
    reader = demo.seed.user("ecr-reader")
    return demo_client(
        "ecr",
        demo.endpoint_url,
        region=region,
        access_key_id=reader.access_key_id,
        secret_access_key=reader.secret_access_key,
    )


def _listed_names(demo: DemoSession, region: str) -> set[str]:
    pages = _reader_ecr(demo, region).get_paginator("describe_repositories").paginate()
    return {repo["repositoryName"] for page in pages for repo in page["repositories"]}


def test_at_least_forty_namespaced_repositories_over_two_regions(demo: DemoSession) -> None:
    us_east = _listed_names(demo, "us-east-1")
    eu_west = _listed_names(demo, "eu-west-1")

    assert len(us_east) == 30
    assert len(eu_west) == 12
    assert {"platform/base", "platform/python", "team-a/api", "team-a/worker"} <= us_east
    assert {"team-b/web", "data/etl", "ml/notebook"} <= us_east
    assert all("/" in name for name in us_east | eu_west)
    assert demo.seed.repositories == {
        "us-east-1": tuple(sorted(us_east, key=demo.seed.repositories["us-east-1"].index)),
        "eu-west-1": tuple(sorted(eu_west, key=demo.seed.repositories["eu-west-1"].index)),
    }


def test_registry_hosts_and_account(demo: DemoSession) -> None:
    assert demo.seed.account_id == "123456789012"
    assert demo.seed.registry_hosts == (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    )


def test_latest_shares_the_digest_of_the_newest_version(demo: DemoSession) -> None:
    details = _reader_ecr(demo, "us-east-1").describe_images(repositoryName="platform/python")
    tags_by_digest = {
        image["imageDigest"]: sorted(image.get("imageTags", []))
        for image in details["imageDetails"]
    }

    assert sorted(tags_by_digest.values()) == [["3.10"], ["3.11"], ["3.12"], ["3.13", "latest"]]


def test_every_repository_has_several_tags(demo: DemoSession) -> None:
    client = _reader_ecr(demo, "eu-west-1")
    for name in demo.seed.repositories["eu-west-1"]:
        image_ids = client.list_images(repositoryName=name)["imageIds"]
        tags = {image_id["imageTag"] for image_id in image_ids if "imageTag" in image_id}

        assert tags == {*version_tags(name), "latest"}
        assert len(tags) >= 3


def test_one_untagged_image(demo: DemoSession) -> None:
    region, repository = UNTAGGED_IMAGE_AT
    client = _reader_ecr(demo, region)
    details = client.describe_images(repositoryName=repository)["imageDetails"]
    untagged_listed = [image for image in details if "imageTags" not in image]
    untagged_ids = client.list_images(repositoryName=repository, filter={"tagStatus": "UNTAGGED"})[
        "imageIds"
    ]
    untagged_seeded = [image.digest for image in demo.seed.images if not image.tags]

    assert len(details) == len(version_tags(repository)) + 1
    assert [image["imageDigest"] for image in untagged_listed] == untagged_seeded
    assert [image_id["imageDigest"] for image_id in untagged_ids] == untagged_seeded


def test_manifests_are_real_looking_and_digests_match(demo: DemoSession) -> None:
    client = _reader_ecr(demo, "us-east-1")
    docker = client.batch_get_image(repositoryName="team-a/api", imageIds=[{"imageTag": "latest"}])
    oci = client.batch_get_image(repositoryName="ml/notebook", imageIds=[{"imageTag": "latest"}])
    docker_image = docker["images"][0]
    oci_image = oci["images"][0]

    assert docker_image["imageManifestMediaType"] == DOCKER_MANIFEST
    assert oci_image["imageManifestMediaType"] == OCI_MANIFEST
    assert docker_image["imageId"]["imageDigest"] == sha256_digest(docker_image["imageManifest"])
    assert '"layers"' in docker_image["imageManifest"]


def test_image_records_match_the_registry(demo: DemoSession) -> None:
    seeded = demo.seed.images_of("us-east-1", "team-b/web")
    details = _reader_ecr(demo, "us-east-1").describe_images(repositoryName="team-b/web")

    listed = {
        (image["imageDigest"], tuple(sorted(image["imageTags"])), image["imageSizeInBytes"])
        for image in details["imageDetails"]
    }
    assert listed == {
        (image.digest, tuple(sorted(image.tags)), image.size_bytes) for image in seeded
    }
    assert all(image.size_bytes > 20_000_000 for image in seeded)


def test_push_times_are_backdated_oldest_version_first(demo: DemoSession) -> None:
    details = _reader_ecr(demo, "us-east-1").describe_images(repositoryName="platform/python")
    pushed = {image["imageTags"][0]: image["imagePushedAt"] for image in details["imageDetails"]}
    seeded = {
        image.tags[0]: image.pushed_at
        for image in demo.seed.images_of("us-east-1", "platform/python")
    }

    assert pushed == seeded
    assert pushed["3.10"] < pushed["3.11"] < pushed["3.12"] < pushed["3.13"]
    assert (pushed["3.13"] - pushed["3.10"]).days >= 30
