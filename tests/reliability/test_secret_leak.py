"""The secret-leak suite: run the demo flows with marker secrets, then search every file
the app wrote, everything it printed or logged, every error sentence and "Details" text
and the diagnostic bundle. Not one marker may appear, in plain or base64 form."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from figures import record_figure

from imagedesk.cli.main import main as cli_main
from imagedesk.demo.session import DemoSession
from imagedesk.demo.testing import running_demo
from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.errors import ImageDeskError
from imagedesk.domain.models import (
    AuthMethod,
    Image,
    Registry,
    RegistryKind,
    Resources,
    Settings,
)
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.ecr.client import EcrClient
from imagedesk.registry.factory import make_client
from imagedesk.store.catalog import Catalog
from imagedesk.store.export import export_catalog, import_catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.paths import catalog_path
from imagedesk.store.registry_secrets import save_registry_and_secrets
from imagedesk.store.secrets import SecretStore
from imagedesk.support.diagnostics import BundleOptions, gather_diagnostics
from imagedesk.ui.error_view import error_details, error_sentence
from imagedesk.ui.logging_setup import setup_logging

WRONG_SECRET = "MarkerWrongSecret0000aaaa1111bbbb2222ccc"
SESSION_TOKEN = "MarkerSessionToken" + "Zq9" * 40
GENERIC_PASSWORD = "marker-generic-password-9d1e"
GENERIC_HOST = "127.0.0.1:9"  # discard port: nothing listens, the call fails at once


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSession]:
    with running_demo() as session:
        yield session


@pytest.fixture
def app_logging(tmp_path: Path) -> Iterator[Path]:
    """The app's own logging set-up (rotating file, console, redaction), then removed."""
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    (tmp_path / "data").mkdir()
    log_path = setup_logging(tmp_path / "data")
    assert log_path is not None
    yield log_path
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def forms(secret: str) -> list[str]:
    """A secret and the encodings it could leak in."""
    raw = secret.encode()
    return [secret, base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()]


class Outputs:
    """Everything the flows produced that a person or a file could see."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def error(self, error: BaseException) -> None:
        self.texts += [str(error), repr(error), error_sentence(error), error_details(error)]
        if isinstance(error, ImageDeskError):
            self.texts += [error.message, error.details]

    def report(self, report: object) -> None:
        self.texts.append(repr(report))
        for step in getattr(report, "steps", []):
            self.texts += [step.message, step.details]


def ecr_registry(demo: DemoSession, name: str, key_id: str) -> Registry:
    return Registry(
        name=name,
        host=demo.seed.registry_hosts[0],
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username=key_id,
        endpoint_url=demo.endpoint_url,
    )


def run_flows(
    demo: DemoSession, data: Path, outputs: Outputs, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """The demo flows; returns the markers (including those only learnt on the way)."""
    reader = demo.seed.user("ecr-reader")
    markers = [reader.secret_access_key, WRONG_SECRET, SESSION_TOKEN, GENERIC_PASSWORD]
    settings = Settings(ecr_role_auth=True)
    store = SecretStore()
    catalog = Catalog.open(catalog_path(data))

    good = save_registry_and_secrets(
        catalog,
        store,
        ecr_registry(demo, "demo ecr", reader.access_key_id),
        RegistrySecrets(secret=Secret(reader.secret_access_key)),
    )
    assert good.id is not None
    client = make_client(good, store.load(good.id), settings)
    report = client.test_connection(lambda step: outputs.texts.append(repr(step)), CancelToken())
    outputs.report(report)
    assert report.ok, report.summary
    assert isinstance(client, EcrClient)
    token = client.get_token(CancelToken())
    markers.append(token.password.reveal())
    markers.append(base64.b64encode(f"AWS:{token.password.reveal()}".encode()).decode())
    repositories = [r.name for page in client.iter_repository_pages(CancelToken()) for r in page]
    tags = client.list_tags(repositories[0], CancelToken())
    catalog.add_image(
        Image(good.id, repositories[0], tags[0] if tags else "latest", Resources(1, 2, 10))
    )

    wrong = save_registry_and_secrets(
        catalog,
        store,
        ecr_registry(demo, "wrong keys", demo.seed.user("scoped-reader").access_key_id),
        RegistrySecrets(secret=Secret(WRONG_SECRET), session_token=Secret(SESSION_TOKEN)),
    )
    assert wrong.id is not None
    wrong_client = make_client(wrong, store.load(wrong.id), settings)
    outputs.report(wrong_client.test_connection(lambda step: None, CancelToken()))
    try:
        list(wrong_client.iter_repository_pages(CancelToken()))
    except ImageDeskError as error:
        outputs.error(error)

    generic = save_registry_and_secrets(
        catalog,
        store,
        Registry("lab", GENERIC_HOST, RegistryKind.GENERIC, AuthMethod.PASSWORD, username="u"),
        RegistrySecrets(secret=Secret(GENERIC_PASSWORD)),
    )
    assert generic.id is not None
    generic_client = make_client(generic, store.load(generic.id), settings)
    outputs.report(generic_client.test_connection(lambda step: None, CancelToken()))

    export_file = data / "export.json"
    export_catalog(catalog, export_file)
    other = Catalog.open(data / "imported.sqlite3")
    import_catalog(other, export_file)
    outputs.texts.append(
        gather_diagnostics(catalog, BundleOptions(log_files=[data / "imagedesk.log"]))
    )
    outputs.texts.append(capsys.readouterr().out)
    run_cli(demo, reader.access_key_id, outputs, capsys)
    other.close()
    catalog.close()
    return markers


def run_cli(
    demo: DemoSession, key_id: str, outputs: Outputs, capsys: pytest.CaptureFixture[str]
) -> None:
    host = demo.seed.registry_hosts[0]
    base = ["--host", host, "--access-key-id", key_id, "--endpoint-url", demo.endpoint_url]
    reader_secret = demo.seed.user("ecr-reader").secret_access_key
    with pytest.MonkeyPatch.context() as patch:
        for secret in (reader_secret, WRONG_SECRET):
            patch.setenv("IMAGEDESK_SECRET_ACCESS_KEY", secret)
            for command in (["check"], ["check", "--json"], ["repos"], ["repos", "--json"]):
                cli_main([*command, *base])
                captured = capsys.readouterr()
                outputs.texts += [captured.out, captured.err]
        patch.setenv("IMAGEDESK_PASSWORD", GENERIC_PASSWORD)
        cli_main(["check", "--kind", "generic", "--host", GENERIC_HOST, "--username", "u"])
        captured = capsys.readouterr()
        outputs.texts += [captured.out, captured.err]


def written_files(folder: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_no_marker_secret_escapes_the_demo_flows(
    demo: DemoSession,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    app_logging: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs = Outputs()
    data = tmp_path / "data"

    markers = run_flows(demo, data, outputs, capsys)
    files = written_files(data)

    outputs.texts += [record.getMessage() for record in caplog.records]
    outputs.texts += [record.exc_text or "" for record in caplog.records]
    outputs.texts += [capsys.readouterr().err]
    assert any(name.endswith("catalog.sqlite3") for name in files)
    assert any(name.endswith("export.json") for name in files)
    assert any(name.endswith("imagedesk.log") for name in files)

    found = [
        f"{marker[:6]}… in {where}"
        for marker in markers
        for form in forms(marker)
        for where, blob in [*files.items(), *(("output", t.encode()) for t in outputs.texts)]
        if form.encode() in blob
    ]
    record_figure("leak", "markers found in files, output, logs, errors, bundle", len(found))
    assert found == []
