"""Hypothesis fuzzing of every parser of outside input and of each dialog's checks.

Each target only accepts or refuses with a typed error, never crashes, and never stores
half an entry. Example counts are modest by default; scripts/reliability-report raises
them through IMAGEDESK_FUZZ_EXAMPLES and records how many each target tried.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from figures import fuzz_examples, record_figure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagedesk.domain.errors import (
    FieldError,
    ImageDeskError,
    ImportFileInvalid,
    MalformedToken,
    ValidationErrors,
)
from imagedesk.domain.hosts import normalize_host, parse_ecr_host
from imagedesk.domain.iam_policy import parse_policy
from imagedesk.domain.models import RegistryKind, Settings
from imagedesk.domain.registry_hosts import validate_host_for_kind
from imagedesk.domain.validation import validate_import_form
from imagedesk.registry.ecr.token_cache import decode_authorization_token
from imagedesk.store import export_format
from imagedesk.store.catalog import Catalog
from imagedesk.store.memory_keyring import MemoryKeyring
from imagedesk.store.registry_secrets import save_registry_and_secrets
from imagedesk.store.secrets import SecretStore
from imagedesk.ui.registry_form_rules import RegistryFormValues, check_form

TRIED: Counter[str] = Counter()
EXAMPLES = fuzz_examples(60)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

REGIONS = st.sampled_from(["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1"])
ACCOUNTS = st.from_regex(r"\A[0-9]{12}\Z")
LABELS = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\Z")
HOSTISH = st.one_of(
    st.text(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-:/[]@ ", max_size=80),
    st.builds(
        lambda account, region, tail: f"{account}.dkr.ecr.{region}.amazonaws.com{tail}",
        ACCOUNTS,
        REGIONS,
        st.sampled_from(["", ":443", "/path", ".", ":x", "-"]),
    ),
)


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    for target, count in sorted(TRIED.items()):
        record_figure("fuzz", target, count)
    TRIED.clear()


def tried(target: str) -> None:
    TRIED[target] += 1


def only_typed(call: Callable[[], Any], *allowed: type[ImageDeskError]) -> Any:
    """The result of ``call``, or None when it refused with one of ``allowed``."""
    try:
        return call()
    except allowed:
        return None


@FUZZ
@given(HOSTISH)
def test_the_host_parser_refuses_only_with_field_errors_and_round_trips(text: str) -> None:
    tried("host parser")
    host = only_typed(lambda: normalize_host(text), FieldError)
    if host is None:
        return

    assert normalize_host(host) == host
    parsed = only_typed(lambda: parse_ecr_host(text), FieldError)
    if parsed is not None:
        assert parse_ecr_host(parsed.host) == parsed
        assert only_typed(lambda: validate_host_for_kind(RegistryKind.ECR, text), FieldError)


@FUZZ
@given(ACCOUNTS, REGIONS, st.lists(LABELS, min_size=1, max_size=3))
def test_no_ecr_host_with_labels_after_the_domain_is_accepted(
    account: str, region: str, extra: list[str]
) -> None:
    tried("ECR host with extra labels")
    host = f"{account}.dkr.ecr.{region}.amazonaws.com.{'.'.join(extra)}"

    values = RegistryFormValues(name="n", host=host, kind=RegistryKind.ECR)

    assert parse_ecr_host(host) is None
    with pytest.raises(ValidationErrors) as raised:
        check_form(values, Settings(ecr_role_auth=True))
    assert "host" in {error.field for error in raised.value.errors}


@FUZZ
@given(st.one_of(st.text(), st.binary().map(lambda raw: base64.b64encode(raw).decode())))
def test_the_token_decoder_returns_a_pair_or_malformed_token(text: str) -> None:
    tried("ECR token decoder")
    decoded = only_typed(lambda: decode_authorization_token(text), MalformedToken)
    if decoded is None:
        return

    username, password = decoded
    assert username and password.reveal()
    assert ":" not in username
    # The mask is fixed text: compared whole, so a password like "'" or "*" that
    # happens to occur inside it cannot fail the property.
    assert repr(password) == "Secret('***')"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
POLICY_KEYS = st.sampled_from(
    ["Version", "Statement", "Effect", "Action", "Principal", "Condition", "Resource", "Sid"]
)
POLICIES = st.recursive(
    st.none() | st.text(max_size=20) | st.sampled_from(["Allow", "Deny", "*", "ecr:*"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(POLICY_KEYS, inner, max_size=5),
    max_leaves=25,
)


@FUZZ
@given(st.one_of(POLICIES, POLICIES.map(json.dumps), st.text(), JSON_VALUES))
def test_the_policy_parser_never_raises(raw: object) -> None:
    tried("IRSA policy parser")
    document = parse_policy(raw)

    assert isinstance(document.problems, tuple)
    assert isinstance(document.statements, tuple)


EXPORT_DOCS = st.fixed_dictionaries(
    {"format": st.sampled_from(["imagedesk-export", "other", 1])},
    optional={
        "version": st.integers(-1, 3),
        "registries": st.lists(st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=6)),
        "images": st.lists(st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=6)),
    },
)


@FUZZ
@given(st.one_of(st.binary(), EXPORT_DOCS.map(lambda doc: json.dumps(doc).encode())))
def test_the_export_reader_refuses_with_import_file_invalid(data: bytes) -> None:
    tried("export-file reader")
    document = only_typed(lambda: export_format.parse(data), ImportFileInvalid)
    if document is not None:
        assert isinstance(document.registries, tuple)


FIELD_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
    st.sampled_from(["123456789012.dkr.ecr.us-east-1.amazonaws.com", "registry.test:5000"]),
)


@pytest.fixture(scope="module")
def dialog_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    catalog = Catalog.open(tmp_path_factory.mktemp("fuzz") / "catalog.sqlite3")
    yield catalog
    catalog.close()


@FUZZ
@given(
    st.builds(
        RegistryFormValues,
        name=FIELD_TEXT,
        host=FIELD_TEXT,
        kind=st.sampled_from(list(RegistryKind)),
        access_key_id=FIELD_TEXT,
        secret_access_key=FIELD_TEXT,
        session_token=FIELD_TEXT,
        role_arn=FIELD_TEXT,
        web_identity_token_file=FIELD_TEXT,
        web_identity_token=FIELD_TEXT,
        profile=FIELD_TEXT,
        username=FIELD_TEXT,
        password=FIELD_TEXT,
    ),
    st.booleans(),
)
def test_the_add_registry_checks_refuse_or_store_whole_entries(
    dialog_catalog: Catalog,
    memory_keyring: MemoryKeyring,
    values: RegistryFormValues,
    role_auth: bool,
) -> None:
    tried("Add Registry form")
    outcome = only_typed(
        lambda: check_form(values, Settings(ecr_role_auth=role_auth)), ValidationErrors
    )
    before = dialog_catalog.list_registries()
    if outcome is None:
        assert dialog_catalog.list_registries() == before
        return

    store = SecretStore()
    saved = only_typed(
        lambda: save_registry_and_secrets(
            dialog_catalog, store, outcome.registry, outcome.secrets
        ),
        FieldError,
    )
    if saved is None:  # refused by the catalog (a duplicate name or host): nothing kept
        assert dialog_catalog.list_registries() == before
        return

    assert saved.id is not None
    assert len(dialog_catalog.list_registries()) == len(before) + 1
    if outcome.secrets is not None and outcome.secrets.secret:
        assert store.load(saved.id).secret == outcome.secrets.secret
    dialog_catalog.delete_registry(saved.id)
    store.delete(saved.id)


@FUZZ
@given(FIELD_TEXT, FIELD_TEXT, FIELD_TEXT, FIELD_TEXT, FIELD_TEXT, FIELD_TEXT, FIELD_TEXT)
def test_the_import_checks_refuse_with_field_errors(
    repository: str, tag: str, text: str, source: str, cpu: str, memory: str, disk: str
) -> None:
    tried("Import Image form")
    form = only_typed(
        lambda: validate_import_form(
            repository=repository,
            tag=tag,
            description_text=text,
            source=source,
            cpu=cpu,
            memory=memory,
            disk=disk,
        ),
        ValidationErrors,
        FieldError,
    )
    if form is not None:
        assert form.resources.cpu_cores > 0
        assert form.repository == form.repository.strip()


def test_every_target_was_tried() -> None:
    assert set(TRIED) >= {"host parser", "export-file reader", "Add Registry form"}
    assert all(count >= 1 for count in TRIED.values())
