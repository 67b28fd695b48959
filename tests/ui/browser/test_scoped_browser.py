"""The browser of a scoped registry (issue 10), with the real ECR client behind
botocore's Stubber: keys that may read ``team-a/api`` but not list the registry."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.stub import Stubber
from pytestqt.qtbot import QtBot

from imagedesk.domain.models import Registry, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.base import RegistryClient
from imagedesk.registry.ecr.client import EcrClient
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.browser import RegistryBrowser
from imagedesk.ui.context import AppContext

ACCOUNT = "123456789012"
ARN = f"arn:aws:iam::{ACCOUNT}:user/team-a"
PUSHED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
API_DIGEST = "sha256:" + "a" * 64
LIST_PAGE = {"registryId": ACCOUNT, "maxResults": 1000}


class StubbedEcr:
    """Builds the app's real ECR client with fake keys and a Stubber on its ECR calls;
    responses are queued by the test before the browser asks for them."""

    def __init__(self) -> None:
        self.stubbers: list[Stubber] = []
        self.queued: list[Callable[[Stubber], None]] = []

    def factory(
        self, registry: Registry, secrets: RegistrySecrets, settings: Settings
    ) -> RegistryClient:
        keys = RegistrySecrets(secret=Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        client = EcrClient(registry, keys, settings)
        stubber = Stubber(client.ecr())
        for queue in self.queued:
            queue(stubber)
        stubber.activate()
        self.stubbers.append(stubber)
        return client

    def then(self, queue: Callable[[Stubber], None]) -> None:
        self.queued.append(queue)

    def assert_all_used(self) -> None:
        for stubber in self.stubbers:
            stubber.assert_no_pending_responses()

    def deactivate(self) -> None:
        for stubber in self.stubbers:
            stubber.deactivate()


def deny_listing(ecr: Stubber) -> None:
    ecr.add_client_error(
        "describe_repositories",
        "AccessDeniedException",
        f"User: {ARN} is not authorized to perform: ecr:DescribeRepositories",
        400,
        expected_params=LIST_PAGE,
    )


def api_images(ecr: Stubber) -> None:
    ecr.add_response(
        "describe_images",
        {
            "imageDetails": [
                {
                    "imageDigest": API_DIGEST,
                    "imageTags": ["1.4.0", "latest"],
                    "imagePushedAt": PUSHED,
                    "imageSizeInBytes": 73_400_320,
                }
            ]
        },
        {"registryId": ACCOUNT, "repositoryName": "team-a/api", "maxResults": 1000},
    )


def missing_repository(ecr: Stubber) -> None:
    ecr.add_client_error(
        "describe_images",
        "RepositoryNotFoundException",
        f"The repository with name 'team-a/gone' does not exist in the registry "
        f"with id '{ACCOUNT}'",
        400,
        expected_params={
            "registryId": ACCOUNT,
            "repositoryName": "team-a/gone",
            "maxResults": 1000,
        },
    )


@pytest.fixture
def stubbed_ecr() -> Iterator[StubbedEcr]:
    stubbed = StubbedEcr()
    yield stubbed
    stubbed.deactivate()


@pytest.fixture
def ecr_context(
    qasync_loop: asyncio.AbstractEventLoop,
    run_async: Any,
    ui_catalog: Catalog,
    memory_keyring: MemoryKeyring,
    stubbed_ecr: StubbedEcr,
) -> Iterator[AppContext]:
    context = AppContext.build(
        ui_catalog, SecretStore(), loop=qasync_loop, client_factory=stubbed_ecr.factory
    )
    yield context
    qasync_loop.run_until_complete(context.jobs.shutdown(timeout=5))


@pytest.fixture
def team_a(ecr_context: AppContext, registry: Registry) -> Registry:
    return ecr_context.catalog.update_registry(replace(registry, scope=("team-a/*",)))


def _browser(qtbot: QtBot, context: AppContext, registry: Registry) -> RegistryBrowser:
    browser = RegistryBrowser(context, registry)
    qtbot.addWidget(browser)
    return browser


def _names(browser: RegistryBrowser) -> list[str]:
    proxy = browser.repositories.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def _image_tags(browser: RegistryBrowser) -> list[str]:
    proxy = browser.images.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


async def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    while not condition():
        await asyncio.wait_for(asyncio.sleep(0.01), timeout)


def test_a_prefix_the_keys_cannot_list_offers_open_repository_and_shows_its_images(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    stubbed_ecr.then(deny_listing)
    stubbed_ecr.then(api_images)
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)
    assert _names(browser) == []
    assert not browser.open_bar.isHidden()
    assert browser.repositories.error_view.isHidden()

    browser.open_bar.name_box.setText("team-a/api")
    browser.open_bar.open_button.click()
    run_async(_until(lambda: browser.images.model.rowCount() == 1))

    assert _names(browser) == ["team-a/api"]
    assert browser.current_repository == "team-a/api"
    assert browser.repositories.selected_source_row() == 0
    assert browser.images.heading.text() == "Images of team-a/api"
    assert _image_tags(browser) == ["1.4.0, latest"]
    assert browser.images.status.text() == "1 image, listed just now"
    assert browser.repositories.status.text() == "1 repository, listed just now"
    assert browser.open_bar.refusal == ""
    stubbed_ecr.assert_all_used()


def test_enter_in_the_filter_box_opens_a_name_the_list_does_not_show(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    stubbed_ecr.then(deny_listing)
    stubbed_ecr.then(api_images)
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)

    browser.repositories.filter_box.setText("team-a/api")
    browser.repositories.filter_box.returnPressed.emit()
    run_async(_until(lambda: browser.images.model.rowCount() == 1))

    assert _names(browser) == ["team-a/api"]
    assert _image_tags(browser) == ["1.4.0, latest"]
    stubbed_ecr.assert_all_used()


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        (
            "team-b/web",
            "team-b/web is outside the repositories these keys are meant for (team-a/*). "
            "Open one inside that scope, or use a registry entry whose keys are meant for it.",
        ),
        ("", "Type the name of a repository to open."),
    ],
)
def test_a_name_outside_the_scope_is_refused_at_the_field_without_a_call(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
    name: str,
    sentence: str,
) -> None:
    stubbed_ecr.then(deny_listing)  # no describe_images queued: a call would fail the test
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)

    browser.open_bar.name_box.setText(name)
    opened = run_async(browser.open_repository(name))

    assert opened is False
    assert browser.open_bar.refusal == sentence
    assert _names(browser) == []
    assert browser.current_repository == ""
    assert browser.images.error_view.isHidden()

    browser.open_bar.name_box.textEdited.emit("team-a/")
    assert browser.open_bar.refusal == ""


def test_a_name_breaking_the_naming_rule_is_refused_with_the_rule(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    stubbed_ecr.then(deny_listing)
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)

    assert run_async(browser.open_repository("team-a/API")) is False

    assert browser.open_bar.refusal == (
        "'team-a/API' is not a repository name: ECR names use lower-case letters, digits "
        "and the separators . _ - between them, with / between parts."
    )


def test_a_repository_that_does_not_exist_shows_the_error_and_the_list_stays_usable(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    stubbed_ecr.then(deny_listing)
    stubbed_ecr.then(missing_repository)
    stubbed_ecr.then(api_images)
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)

    assert run_async(browser.open_repository("team-a/gone")) is True

    error_view = browser.images.error_view
    assert not error_view.isHidden()
    assert "team-a/gone" in error_view.sentence
    assert browser.images.model.rowCount() == 0

    assert run_async(browser.open_repository("team-a/api")) is True

    assert browser.images.error_view.isHidden()
    assert _image_tags(browser) == ["1.4.0, latest"]
    assert sorted(_names(browser)) == ["team-a/api", "team-a/gone"]
    stubbed_ecr.assert_all_used()


def test_a_prefix_the_keys_may_list_is_expanded_to_its_repositories(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    def listing_allowed(ecr: Stubber) -> None:
        ecr.add_response(
            "describe_repositories",
            {
                "repositories": [
                    {"repositoryName": name}
                    for name in ("team-a/api", "team-b/web", "team-a/worker", "team-ab/x")
                ]
            },
            LIST_PAGE,
        )

    stubbed_ecr.then(listing_allowed)
    browser = _browser(qtbot, ecr_context, team_a)

    run_async(browser.initial_load)

    assert sorted(_names(browser)) == ["team-a/api", "team-a/worker"]
    assert browser.repositories.status.text() == "2 repositories, listed just now"
    stubbed_ecr.assert_all_used()


def test_an_opened_repository_stays_in_the_list_after_refresh(
    qtbot: QtBot,
    ecr_context: AppContext,
    team_a: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    stubbed_ecr.then(deny_listing)
    stubbed_ecr.then(api_images)
    stubbed_ecr.then(deny_listing)
    browser = _browser(qtbot, ecr_context, team_a)
    run_async(browser.initial_load)
    assert run_async(browser.open_repository("team-a/api")) is True

    run_async(browser.load_repositories(refresh=True))

    assert _names(browser) == ["team-a/api"]
    assert browser.repositories.selected_source_row() == 0
    assert browser.current_repository == "team-a/api"
    stubbed_ecr.assert_all_used()


def test_an_unscoped_registry_offers_no_open_repository(
    qtbot: QtBot,
    ecr_context: AppContext,
    registry: Registry,
    stubbed_ecr: StubbedEcr,
    run_async: Any,
) -> None:
    def one_repository(ecr: Stubber) -> None:
        ecr.add_response(
            "describe_repositories", {"repositories": [{"repositoryName": "apps/web"}]}, LIST_PAGE
        )

    stubbed_ecr.then(one_repository)
    browser = _browser(qtbot, ecr_context, registry)
    run_async(browser.initial_load)

    assert browser.open_bar.isHidden()
    assert _names(browser) == ["apps/web"]
