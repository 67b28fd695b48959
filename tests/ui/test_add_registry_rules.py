"""The Add Registry form's rules without Qt: scope, CA bundle, plain HTTP, duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from imagedesk.domain.errors import ValidationErrors
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.ui.registry_form_rules import (
    PLAIN_HTTP_REFUSED,
    FormOutcome,
    RegistryFormValues,
    check_form,
)

ECR_HOST = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
KEY_A = "AKIAIOSFODNN7EXAMPLE"
KEY_B = "AKIAI44QH8DHBEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


ECR_FORM = RegistryFormValues(
    name="team a",
    host=ECR_HOST,
    kind=RegistryKind.ECR,
    access_key_id=KEY_A,
    secret_access_key=SECRET,
)
GENERIC_FORM = RegistryFormValues(
    name="harbor", host="registry.example.test:5000", kind=RegistryKind.GENERIC
)


def ecr_values(**changes: object) -> RegistryFormValues:
    return replace(ECR_FORM, **changes)


def generic_values(**changes: object) -> RegistryFormValues:
    return replace(GENERIC_FORM, **changes)


def checked(
    values: RegistryFormValues,
    *,
    existing: Sequence[Registry] = (),
    editing: Registry | None = None,
) -> FormOutcome:
    return check_form(values, Settings(), existing=existing, editing=editing)


def errors_of(values: RegistryFormValues, *, existing: Sequence[Registry] = ()) -> dict[str, str]:
    with pytest.raises(ValidationErrors) as caught:
        checked(values, existing=existing)
    return {error.field: error.message for error in caught.value.errors}


# --- repository scope (ECR) -------------------------------------------------------------


def test_scope_lines_are_trimmed_deduplicated_and_kept_in_order() -> None:
    outcome = checked(ecr_values(scope=" team-a/api \n\nteam-a/*\nteam-a/api\n"))

    assert outcome.registry.scope == ("team-a/api", "team-a/*")


def test_a_scope_entry_with_a_space_is_refused_with_the_naming_rule() -> None:
    errors = errors_of(ecr_values(scope="team-a/my api"))

    assert "'team-a/my api' is not a repository name" in errors["scope"]
    assert "lower-case letters" in errors["scope"]


def test_a_scope_entry_with_an_uppercase_letter_is_refused_with_the_naming_rule() -> None:
    errors = errors_of(ecr_values(scope="Team-A/api"))

    assert "'Team-A/api' is not a repository name" in errors["scope"]


def test_a_blank_scope_means_the_whole_registry() -> None:
    assert checked(ecr_values(scope="  \n")).registry.scope == ()


def test_scope_is_ignored_for_a_generic_registry() -> None:
    assert checked(generic_values(scope="Not Valid")).registry.scope == ()


# --- duplicates: host + credentials + scope ------------------------------------------------


def saved(name: str, key: str, scope: tuple[str, ...], registry_id: int) -> Registry:
    return Registry(
        name=name,
        host=ECR_HOST,
        kind=RegistryKind.ECR,
        auth=AuthMethod.KEYS,
        username=key,
        scope=scope,
        id=registry_id,
    )


def test_same_host_keys_and_scope_is_a_duplicate() -> None:
    existing = [saved("team a", KEY_A, ("team-a/*",), 1)]

    errors = errors_of(ecr_values(name="again", scope="team-a/*"), existing=existing)

    assert 'already registered as "team a" with the same credentials and scope' in errors["host"]


def test_same_host_with_other_keys_or_another_scope_is_not_a_duplicate() -> None:
    existing = [saved("team a", KEY_A, ("team-a/*",), 1)]

    other_keys = checked(
        ecr_values(name="team b", access_key_id=KEY_B, scope="team-b/*"), existing=existing
    )
    other_scope = checked(ecr_values(name="team a api", scope="team-a/api"), existing=existing)

    assert other_keys.registry.scope == ("team-b/*",)
    assert other_scope.registry.scope == ("team-a/api",)


def test_editing_an_entry_does_not_count_it_as_its_own_duplicate() -> None:
    entry = saved("team a", KEY_A, ("team-a/*",), 1)

    outcome = checked(ecr_values(scope="team-a/*"), existing=[entry], editing=entry)

    assert outcome.registry.id == 1


# --- generic and ACR: hosts, CA bundle, plain HTTP ------------------------------------------


def test_a_host_typed_as_a_url_is_stored_bare() -> None:
    outcome = checked(generic_values(host="https://registry.example.test:5000/"))

    assert outcome.registry.host == "registry.example.test:5000"


def test_an_acr_host_must_be_an_acr_name() -> None:
    errors = errors_of(generic_values(kind=RegistryKind.ACR, host="my-team.azurecr.io"))

    assert "'my-team' is not an Azure registry name" in errors["host"]
    assert checked(generic_values(kind=RegistryKind.ACR, host="myteam.azurecr.io")).registry.host


def test_username_and_password_are_both_needed() -> None:
    assert "user name" in errors_of(generic_values(password="secret"))["username"]
    assert "password" in errors_of(generic_values(username="admin"))["password"]


def test_username_and_password_make_password_auth_with_the_secret_wrapped() -> None:
    outcome = checked(generic_values(username="admin", password=" s3cret "))

    assert outcome.registry.auth is AuthMethod.PASSWORD
    assert outcome.registry.username == "admin"
    assert outcome.secrets is not None and outcome.secrets.secret is not None
    assert outcome.secrets.secret.reveal() == "s3cret"
    assert "s3cret" not in repr(outcome)


def test_a_missing_ca_bundle_file_is_refused_at_its_field(tmp_path: Path) -> None:
    errors = errors_of(generic_values(ca_file=str(tmp_path / "missing.pem")))

    assert "There is no file at" in errors["ca_file"]


def test_an_existing_ca_bundle_file_is_kept(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")

    assert checked(generic_values(ca_file=f" {bundle} ")).registry.ca_file == str(bundle)


def test_plain_http_to_another_host_needs_the_insecure_tick() -> None:
    errors = errors_of(generic_values(host="http://registry.example.test:5000"))

    assert errors["host"] == PLAIN_HTTP_REFUSED
    ticked = checked(generic_values(host="http://registry.example.test:5000", insecure=True))
    assert ticked.registry.insecure is True


def test_plain_http_to_this_computer_needs_no_tick() -> None:
    outcome = checked(generic_values(host="http://127.0.0.1:5000"))

    assert outcome.registry.host == "127.0.0.1:5000"
    assert outcome.registry.insecure is False


def test_the_insecure_tick_is_ignored_for_ecr() -> None:
    assert checked(ecr_values(insecure=True)).registry.insecure is False


# --- ECR regions and quoting ------------------------------------------------------------


def test_an_ecr_host_in_a_region_ecr_does_not_serve_is_refused_at_the_host() -> None:
    errors = errors_of(ecr_values(host="123456789012.dkr.ecr.mars-north-9.amazonaws.com"))

    assert errors == {
        "host": "'mars-north-9' is not a region ECR serves; check the host "
        "(for example 123456789012.dkr.ecr.us-east-1.amazonaws.com)."
    }


def test_a_missing_ca_file_of_100000_characters_is_quoted_short() -> None:
    errors = errors_of(generic_values(ca_file="/no/such/" + "x" * 100_000))

    assert errors == {
        "ca_file": "There is no file at '/no/such/" + "x" * 51 + "…'. Choose the CA bundle (PEM)."
    }
