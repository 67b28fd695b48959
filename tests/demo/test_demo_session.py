"""A demo session: quick to start, its own data folder and keyring, registry suggestions."""

from __future__ import annotations

from imagedesk.demo.session import DemoSession, demo_registries
from imagedesk.demo.testing import running_demo
from imagedesk.domain.models import AuthMethod, RegistryKind
from imagedesk.store.memory_keyring import MemoryKeyring


def test_starts_quickly_and_cleans_up() -> None:
    with running_demo() as session:
        data_dir = session.data_dir

        assert session.running
        assert data_dir.is_dir()
        assert session.start_seconds < 5.0
        assert session.seed.endpoint_url == session.endpoint_url

    assert not data_dir.exists()
    assert not session.running


def test_keyring_backend_is_fresh_and_in_memory() -> None:
    first = DemoSession.keyring_backend()
    first.set_password("imagedesk", "1/secret", "value")

    second = DemoSession.keyring_backend()

    assert isinstance(second, MemoryKeyring)
    assert second.get_password("imagedesk", "1/secret") is None


def test_registry_suggestions_point_at_the_demo(demo: DemoSession) -> None:
    suggestions = demo_registries(demo.seed)
    reader = demo.seed.user("ecr-reader")

    assert [(entry.name, entry.host, entry.scope) for entry in suggestions] == [
        ("Demo ECR us-east-1", "123456789012.dkr.ecr.us-east-1.amazonaws.com", ()),
        ("Demo ECR eu-west-1", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", ()),
        ("Demo ECR team-a only", "123456789012.dkr.ecr.us-east-1.amazonaws.com", ("team-a/*",)),
    ]
    assert all(entry.kind is RegistryKind.ECR for entry in suggestions)
    assert all(entry.auth is AuthMethod.KEYS for entry in suggestions)
    assert all(entry.endpoint_url == demo.endpoint_url for entry in suggestions)
    assert suggestions[0].username == reader.access_key_id


def test_user_reprs_hide_the_secret(demo: DemoSession) -> None:
    for user in demo.seed.users:
        assert user.secret_access_key not in repr(user)
        assert user.secret_access_key not in repr(demo.seed)
